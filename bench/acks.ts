/**
 * Acknowledgement latency for `/isms ask` at a steady 50 and 200 requests a second (issue 7 item 8),
 * against a bare Bolt app answering the same requests in the same run: ack p50/p99 for both, and the
 * share of askers told "busy" (the work queue was full) or never answered.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, ROOT, startIsms, tempDbPath } from '../test/helpers/app-process.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { SIGNING_SECRET, slashCommand } from '../test/helpers/slack-request.ts';
import { line, ms, summarize } from './stats.ts';

const QUESTIONS = [
  'what is clause 9.3 about?',
  'do we need to vet contractors?',
  'what is a risk owner?',
  'how often should access rights be reviewed?',
  'what goes into the statement of applicability?',
];
const SECONDS = 5;
const BUSY = /busy/i;

interface Target {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<unknown>;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function startBareBolt(apiUrl: string): Promise<Target> {
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=1', '--import', 'tsx', join(ROOT, 'bench/bare-bolt.ts'), apiUrl, SIGNING_SECRET],
    { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const ready = err.split('\n').find((l) => l.includes('"msg":"ready"'));
      if (ready) {
        const { port } = JSON.parse(ready) as { port: number };
        const exited = new Promise((r) => child.once('exit', r));
        resolve({
          url: `http://127.0.0.1:${port}`,
          pid: child.pid ?? 0,
          stop: () => {
            child.kill();
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`bare Bolt exited with ${code}: ${err}`)));
  });
}

/** Send `rate` asks a second for SECONDS, on schedule (late ticks catch up), timing each ack. */
async function paced(target: Target, slack: FakeSlack, rate: number, tag: string) {
  const total = rate * SECONDS;
  const acks: number[] = [];
  const pending: Promise<void>[] = [];
  let failed = 0;
  const errors = new Set<string>();
  const cpu0 = cpuMs(target.pid);
  const t0 = performance.now();
  for (let i = 0; i < total; ) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate) + 1;
    for (; i < Math.min(due, total); i++) {
      const id = `${tag}-${i}`;
      const sent = performance.now();
      pending.push(
        slashCommand(target.url, {
          text: `ask ${QUESTIONS[i % QUESTIONS.length]} (${i})`,
          user_id: `U${i % 50}`,
          response_url: slack.responseUrl(id),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            acks.push(performance.now() - sent);
            if (res.status !== 200) failed++;
          })
          .catch((err: Error & { cause?: { code?: string } }) => {
            failed++;
            errors.add(err.cause?.code ?? err.message);
          }),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(pending);
  // Answers follow the acks; give the last ones a moment to arrive.
  const replies = () => slack.responses.filter((r) => r.id.startsWith(`${tag}-`));
  const deadline = Date.now() + 10_000;
  while (new Set(replies().map((r) => r.id)).size < total && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const cpu = (cpuMs(target.pid) - cpu0) / total;
  const got = replies();
  const busy = got.filter((r) => BUSY.test(String(r.body.text))).length;
  const answered = new Set(got.map((r) => r.id)).size;
  return {
    s: summarize(acks),
    total,
    busy,
    unanswered: total - answered,
    doubled: got.length - answered,
    failed: errors.size ? `${failed} (${[...errors].join(', ')})` : String(failed),
    cpu,
  };
}

export async function runAckBench(): Promise<void> {
  const slack = await new FakeSlack().start();
  console.log(
    '\n== acks: /isms ask at a steady rate, isms-bot against a bare Bolt app (fake Slack on 127.0.0.1) ==',
  );
  const app = await startIsms(
    cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl(),
      DATABASE_PATH: tempDbPath(),
      PORT: '0',
      LOG_LEVEL: 'info', // `ready` is logged at info
    }),
  );
  const isms: Target = { url: app.url, pid: app.child.pid ?? 0, stop: () => app.stop() };
  const bare = await startBareBolt(slack.apiUrl());
  await new Promise((r) => setTimeout(r, 1500)); // let the app build its indexes after ready
  for (const rate of [50, 200]) {
    for (const [name, target] of [
      ['isms-bot', isms],
      ['bare Bolt', bare],
    ] as const) {
      const r = await paced(target, slack, rate, `${name.replace(' ', '')}${rate}`);
      const share = (n: number) => `${((100 * n) / r.total).toFixed(1)} %`;
      line(
        `ack ask at ${rate}/s, ${name}`,
        `n=${r.s.n} p50 ${ms(r.s.p50)} p99 ${ms(r.s.p99)} max ${ms(r.s.max)}; busy ${share(r.busy)}, unanswered ${share(r.unanswered)}, doubled ${r.doubled}, non-200 ${r.failed}; CPU ${r.cpu.toFixed(2)} ms/request`,
      );
    }
  }
  await isms.stop();
  await bare.stop();
  await slack.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) await runAckBench();
