/**
 * The scheduler with persistence: due events fired per second (each one claimed, dispatched to its
 * instance, snapshot + evidence + done mark committed), and the time from a due moment to the DM it
 * causes being posted to a fake Slack over HTTP (claim, transition, outbox, chat.postMessage).
 */
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { setup } from 'xstate';
import { createFlowMessages } from '../src/bot/flow-messages.ts';
import { createScheduler } from '../src/scheduler/index.ts';
import { deliver } from '../src/slack/deliver.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { schedule } from '../src/workflows/effects.ts';
import { createRuntime, type RuntimeFlow } from '../src/workflows/runtime.ts';
import { tempDbPath } from '../test/helpers/app-process.ts';
import { FakeSlack } from '../test/helpers/fake-slack.ts';
import { scopingWorld, testClock } from '../test/helpers/scoping-run.ts';
import { line, ms, summarize } from './stats.ts';

const logger = pino({ level: 'silent' });

/** A flow that counts the timer events it gets: the cheapest honest transition. */
const ticking = setup({
  types: { context: {} as { n: number }, events: {} as { type: 'timer.fire' } },
}).createMachine({
  id: 'ticking',
  context: { n: 0 },
  initial: 'waiting',
  states: { waiting: { on: { 'timer.fire': { actions: ({ context }) => void context.n++ } } } },
});
const flow: RuntimeFlow = {
  key: 'ticking',
  title: 'Ticking',
  command: 'ticking',
  summary: 'bench',
  machine: ticking,
  version: 1,
  machines: new Map([[1, ticking]]),
  singleton: false,
  input: () => ({}),
};

async function eventsPerSecond(n: number): Promise<number> {
  const db = openDatabase(tempDbPath());
  const clock = testClock('2026-11-24T10:00:00.000Z');
  const runtime = createRuntime({ db, clock, logger, flows: [flow] });
  const now = clock.now().toISOString();
  for (let i = 0; i < n; i++) {
    const inst = await runtime.start({
      teamId: 'T1',
      flow: 'ticking',
      actor: { userId: 'U1' },
      channel: 'C1',
    });
    db.transaction((tx) =>
      schedule(tx, {
        teamId: 'T1',
        instanceId: inst.id,
        key: 'bench',
        event: { type: 'timer.fire' },
        dueAt: now,
        now,
      }),
    );
  }
  const scheduler = createScheduler({ db, clock, runtime, logger });
  const t0 = performance.now();
  const r = await scheduler.tick();
  const s = (performance.now() - t0) / 1000;
  closeDatabase(db);
  if (r.fired !== n) throw new Error(`fired ${r.fired} of ${n}`);
  return n / s;
}

async function dueToDm(rounds: number): Promise<number[]> {
  const slack = await new FakeSlack().start();
  const client = new webApi.WebClient('xoxb-bench', {
    slackApiUrl: slack.apiUrl(),
    retryConfig: { retries: 0 },
  });
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const db = openDatabase(tempDbPath());
    const clock = testClock('2026-11-24T10:00:00.000Z');
    const w = scopingWorld(db, clock, { management: true });
    await w.toApproval();
    const messages = createFlowMessages({ db, clock, runtime: w.runtime });
    const scheduler = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger,
      messages,
      deliver: (replies) => deliver(client, { channel: '', userId: '', teamId: 'T1' }, replies, logger),
    });
    await scheduler.tick(); // the approval DM and the thread status
    clock.set('2026-11-26T10:00:00.000Z'); // the reminder's due moment
    const before = slack.postsTo('UMIA').length;
    const t0 = performance.now();
    await scheduler.tick();
    if (slack.postsTo('UMIA').length !== before + 1) throw new Error('no reminder DM');
    samples.push(performance.now() - t0);
    closeDatabase(db);
  }
  await slack.stop();
  return samples;
}

export async function runSchedulerBench(): Promise<void> {
  console.log('\nScheduler (due events with persistence, SQLite file)');
  await eventsPerSecond(50); // warm-up
  for (const n of [500, 2000])
    line(`due events fired per second (${n})`, `${Math.round(await eventsPerSecond(n))}/s`);
  const s = summarize(await dueToDm(20));
  line('due moment → reminder DM posted', `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.n})`);
}
