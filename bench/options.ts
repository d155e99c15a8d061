/**
 * External-select options as Slack asks for them: a signed `block_suggestion` POSTed to the app's
 * /slack/events, timed until the options come back (Slack gives up after 3 s). The control index is
 * built just after the app is ready; the figures are the cost of a keystroke.
 */
import { cleanEnv, startIsms, tempDbPath } from '../test/helpers/app-process.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { blockSuggestion, SIGNING_SECRET } from '../test/helpers/slack-request.ts';
import { line, ms, summarize } from './stats.ts';

const QUERIES = ['A.8.2', 'crypto', 'backup', '8.1', 'supplier', 'encryption', 'access'];

async function suggest(
  url: string,
  value: string,
  actionId = 'source:controls',
): Promise<{ t: number; n: number }> {
  const t0 = performance.now();
  const res = await blockSuggestion(url, { actionId, value });
  const body = (await res.json()) as { options?: unknown[] };
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return { t: performance.now() - t0, n: body.options?.length ?? 0 };
}

export async function runOptionsBench(): Promise<void> {
  const slack = await new FakeSlack().start();
  const app = await startIsms(
    cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl(),
      DATABASE_PATH: tempDbPath(),
      PORT: '0',
      LOG_LEVEL: 'info', // the harness waits for the "ready" line
    }),
  );
  console.log('\n== options: control picker (block_suggestion over HTTP, Slack limit 3 s) ==');
  // The index is built just after ready; a person's first search comes later than this one.
  await new Promise((r) => setTimeout(r, 1000));
  const first = await suggest(app.url, 'cryptography');
  line('first word search', `${ms(first.t)} (${first.n} options)`);
  for (const q of ['A.8.2', 'crypto', 'backup']) {
    const r = await suggest(app.url, q);
    line(`"${q}"`, `${ms(r.t)} (${r.n} options)`);
  }
  // The threat catalogue picker (src/domain/risk/threats.ts), also indexed just after ready.
  for (const q of ['stolen laptop', 'T-05', 'someone pasted customer data into ChatGPT']) {
    const r = await suggest(app.url, q, 'source:threats');
    line(`threats "${q.slice(0, 24)}"`, `${ms(r.t)} (${r.n} options)`);
  }
  for (const concurrency of [1, 10]) {
    const samples: number[] = [];
    let next = 0;
    const total = 400;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          samples.push((await suggest(app.url, QUERIES[i % QUERIES.length] ?? '')).t);
        }
      }),
    );
    const s = summarize(samples);
    const rate = s.n / ((performance.now() - t0) / 1000);
    line(
      `options, ${concurrency} at a time`,
      `n=${s.n} p50 ${ms(s.p50)} p95 ${ms(s.p95)} p99 ${ms(s.p99)} max ${ms(s.max)} (${rate.toFixed(0)} req/s)`,
    );
  }
  await app.stop();
  await slack.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) await runOptionsBench();
