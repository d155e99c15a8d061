/**
 * The workflow runtime: events applied per second with persistence (snapshot + evidence in one
 * SQLite transaction each), and over the wire the time from a click or a form submission to the
 * updated Slack message.
 */
import pino from 'pino';
import { claimOwnership } from '../src/domain/roles.ts';
import { templateStatement } from '../src/domain/scope-statement.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { runtimeFlows } from '../src/workflows/flows.ts';
import { createRuntime } from '../src/workflows/runtime.ts';
import { cleanEnv, startIsms, tempDbPath, waitFor } from '../test/helpers/app-process.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { SIGNING_SECRET, slashCommand } from '../test/helpers/slack-request.ts';
import { click, submit } from '../test/helpers/slack-ui.ts';
import { line, ms, summarize } from './stats.ts';

const ISSUES = { external: ['Customers require ISO 27001'], internal: ['Small team'] };
const PARTIES = { parties: ['Customers: DPA'], addressed: ['DPA'] };
const BOUNDARIES = {
  organisation: 'Acme',
  units: ['Engineering'],
  locations: ['Remote'],
  systems: ['AWS'],
  information: ['customer data'],
  interfaces: [],
  exclusions: [],
};

async function runtimeThroughput(): Promise<void> {
  const db = openDatabase(tempDbPath());
  const clock = { now: () => new Date() };
  const rt = createRuntime({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
  });
  const owner = { userId: 'UOWNER', name: 'olivia' };
  const teams = 200;
  let events = 0;
  const t0 = performance.now();
  for (let t = 0; t < teams; t++) {
    const teamId = `TB${t}`;
    claimOwnership({ db, teamId, clock }, owner);
    const i = await rt.start({ teamId, flow: 'scoping', actor: owner, channel: 'C1' });
    for (const [type, values] of [
      ['scope.issues.submit', ISSUES],
      ['scope.parties.submit', PARTIES],
      ['scope.boundaries.submit', BOUNDARIES],
      [
        'scope.statement.submit',
        { statement: 'The ISMS of Acme covers engineering, working remotely on AWS.' },
      ],
    ] as const) {
      await rt.send({ teamId, instanceId: i.id, event: { type, values }, actor: owner });
      events += 1;
    }
    await rt.send({ teamId, instanceId: i.id, event: { type: 'scope.approve' }, actor: owner });
    events += 1;
  }
  const secs = (performance.now() - t0) / 1000;
  line(
    'runtime events applied (persisted)',
    `${events} events in ${secs.toFixed(2)} s = ${(events / secs).toFixed(0)} events/s (${teams} scoping runs, each start + 5 events)`,
  );
  closeDatabase(db);
}

async function clickToUpdate(): Promise<void> {
  const slack = await new FakeSlack().start();
  const app = await startIsms(
    cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl(),
      DATABASE_PATH: tempDbPath(),
      PORT: '0',
      LOG_LEVEL: 'info',
    }),
  );
  const toModal: number[] = [];
  const toUpdate: number[] = [];
  for (let n = 0; n < 30; n++) {
    const team = `TC${n}`;
    const user = { id: 'U1', name: 'alice', team };
    await slashCommand(app.url, { team_id: team, text: 'setup', response_url: slack.responseUrl(`s${n}`) });
    await waitFor(() => slack.responses.some((r) => r.id === `s${n}`), 5000);
    const posts = slack.callsTo('chat.postMessage').length;
    await slashCommand(app.url, { team_id: team, text: 'scope', response_url: slack.responseUrl(`c${n}`) });
    const post = await waitFor(() => slack.callsTo('chat.postMessage')[posts], 5000);
    const blocks = post.args.blocks as { type: string; elements?: { action_id: string }[] }[];
    const actionId = blocks.find((b) => b.type === 'actions')?.elements?.[0]?.action_id ?? '';
    const opens = slack.callsTo('views.open').length;
    const c0 = performance.now();
    await click(
      app.url,
      slack,
      user,
      { channel: String(post.args.channel), ts: String(post.args.__ts), blocks },
      actionId,
    ).sent;
    const open = await waitFor(() => slack.callsTo('views.open')[opens], 5000);
    toModal.push(performance.now() - c0);
    const updates = slack.callsTo('chat.update').length;
    const u0 = performance.now();
    await submit(app.url, user, open.args.view as Record<string, unknown>, {
      external: 'Customers require ISO 27001',
      internal: 'Small team',
    });
    await waitFor(() => slack.callsTo('chat.update').length > updates, 5000);
    toUpdate.push(performance.now() - u0);
  }
  const a = summarize(toModal);
  const b = summarize(toUpdate);
  line('click → modal opened (views.open)', `n=${a.n} p50 ${ms(a.p50)} p95 ${ms(a.p95)} max ${ms(a.max)}`);
  line('form submit → step message updated', `n=${b.n} p50 ${ms(b.p50)} p95 ${ms(b.p95)} max ${ms(b.max)}`);
  await app.stop();
  await slack.stop();
}

export async function runWorkflowBench(): Promise<void> {
  console.log('\n== workflows ==');
  await runtimeThroughput();
  await clickToUpdate();
}

if (import.meta.url === `file://${process.argv[1]}`) await runWorkflowBench();
