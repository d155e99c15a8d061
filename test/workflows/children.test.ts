/**
 * Children in the runtime over a real SQLite file: a parent's `runtime.spawn` creates child instances
 * in the parent's own transaction, a child's completion reaches the parent as `child.done` through the
 * due-event table exactly once (also across a crash between the two), a busy parent gets it later
 * instead of losing it, and cancelling a parent cancels its children.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AnyStateMachine, assign, emit, fromPromise, setup } from 'xstate';
import { listEvidence, verifyEvidence } from '../../src/domain/evidence.ts';
import type { EventActor, StepMeta } from '../../src/domain/flow-meta.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { pendingEvents } from '../../src/store/schema/index.ts';
import { messagesOf } from '../../src/workflows/messages.ts';
import { createRuntime, type RuntimeFlow } from '../../src/workflows/runtime.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { testClock } from '../helpers/scoping-run.ts';

const logger = pino({ level: process.env.DBG ? 'error' : 'silent' });
const alice = { userId: 'UALICE', name: 'alice' };
const PEOPLE = ['UDANA', 'UERIK'];

type Done = { type: 'child.done'; childId: string; subject: string | null; output: { by: string } };

// The parent starts one task per person when told to go, and finishes once every task is done.
let release: () => void = () => {};
const parent = setup({
  types: {
    context: {} as { got: string[] },
    events: {} as { type: 'go' } | { type: 'think' } | { type: 'finish' } | Done,
  },
  actors: {
    think: fromPromise(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    ),
  },
}).createMachine({
  id: 'parent',
  initial: 'idle',
  context: { got: [] },
  on: {
    'child.done': {
      actions: assign({
        got: ({ context, event }) => [...context.got, `${event.subject}:${event.output.by}`],
      }),
    },
  },
  states: {
    idle: {
      on: {
        go: {
          target: 'waiting',
          actions: PEOPLE.map((person) =>
            emit({ type: 'runtime.spawn', flow: 'task', subject: person, input: { person } } as never),
          ),
        },
      },
    },
    waiting: {
      always: { guard: ({ context }) => context.got.length === PEOPLE.length, target: 'done' },
      on: {
        think: 'thinking',
        // Ends early, starting one more task that is meant to outlive it.
        finish: {
          target: 'done',
          actions: emit({
            type: 'runtime.spawn',
            flow: 'task',
            subject: 'UZOE',
            input: { person: 'UZOE' },
          } as never),
        },
      },
    },
    thinking: {
      tags: ['busy'],
      meta: { title: 'Thinking', index: 1, of: 1, busy: true } satisfies StepMeta,
      invoke: { src: 'think', onDone: 'waiting' },
    },
    done: { type: 'final' },
  },
});

const task = setup({
  types: {
    context: {} as { person: string },
    input: {} as { person: string },
    events: {} as { type: 'task.confirm'; actor: EventActor },
    output: {} as { by: string },
  },
}).createMachine({
  id: 'task',
  initial: 'ask',
  context: ({ input }) => ({ person: input.person }),
  states: {
    ask: {
      meta: { title: 'Confirm', index: 1, of: 1, to: { person: 'person' }, where: 'dm' } satisfies StepMeta,
      on: { 'task.confirm': 'confirmed' },
    },
    confirmed: { type: 'final' },
  },
  output: ({ context }) => ({ by: context.person }),
});

const flow = (key: string, machine: AnyStateMachine): RuntimeFlow => ({
  key,
  title: key,
  command: key,
  summary: key,
  machine,
  version: 1,
  machines: new Map([[1, machine]]),
  singleton: false,
  input: (_ctx, start) => start.input ?? {},
});
const FLOWS = [flow('parent', parent), flow('task', task)];

let path: string;
let db: Db;
const clock = testClock('2026-11-24T10:00:00.000Z');
const world = (database = db) => {
  const runtime = createRuntime({ db: database, clock, logger, flows: FLOWS, busyTimeoutMs: 5000 });
  return { runtime, scheduler: createScheduler({ db: database, clock, runtime, logger }) };
};
const got = (w: ReturnType<typeof world>, id: string) =>
  (w.runtime.get('T1', id).snapshot as { context: { got: string[] } }).context.got;

async function started(w: ReturnType<typeof world>) {
  const p = await w.runtime.start({
    teamId: 'T1',
    flow: 'parent',
    actor: alice,
    channel: 'C1',
    threadTs: '1.0',
  });
  await w.runtime.send({ teamId: 'T1', instanceId: p.id, event: { type: 'go' }, actor: alice });
  return p;
}
const confirm = (w: ReturnType<typeof world>, childId: string, userId: string) =>
  w.runtime.send({ teamId: 'T1', instanceId: childId, event: { type: 'task.confirm' }, actor: { userId } });

beforeEach(() => {
  clock.set('2026-11-24T10:00:00.000Z');
  path = tempDbPath();
  db = openDatabase(path);
});
afterEach(() => closeDatabase(db));

describe('runtime.spawn', () => {
  it('starts one child per request in the parent transition, in its thread, each DMed to its person', async () => {
    const w = world();
    const p = await started(w);
    const kids = w.runtime.children('T1', p.id);
    expect(kids.map((k) => [k.subject, k.flow, k.parentId, k.channel, k.threadTs, k.step]).sort()).toEqual([
      ['UDANA', 'task', p.id, 'C1', '1.0', 'ask'],
      ['UERIK', 'task', p.id, 'C1', '1.0', 'ask'],
    ]);
    const dms = kids.flatMap((k) =>
      messagesOf(db, k.id)
        .filter((m) => m.kind === 'dm')
        .map((m) => m.userId),
    );
    expect(dms.sort()).toEqual(PEOPLE);
    const started_ = listEvidence({ db, teamId: 'T1', clock }).filter((e) => e.kind === 'workflow.started');
    expect(started_.map((e) => (e.data as { parent?: string }).parent ?? 'none').sort()).toEqual([
      'none',
      p.id,
      p.id,
    ]);
    // Only the person a task names may do it.
    await expect(confirm(w, kids[0]?.id ?? '', 'UOTHER')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('creates no child when the parent transition does not commit', async () => {
    const w = world();
    const p = await w.runtime.start({ teamId: 'T1', flow: 'parent', actor: alice, channel: 'C1' });
    const sent = w.runtime.dispatch(
      { teamId: 'T1', instanceId: p.id, event: { type: 'go' }, actor: alice },
      {
        also: () => {
          throw new Error('disk full');
        },
      },
    );
    await expect(sent.settled).rejects.toThrow('disk full');
    expect(w.runtime.children('T1', p.id)).toEqual([]);
    expect(w.runtime.get('T1', p.id).step).toBe('idle');
  });

  it('tells the parent once per child when each finishes, and the parent completes', async () => {
    const w = world();
    const p = await started(w);
    const [dana, erik] = ['UDANA', 'UERIK'].map((s) =>
      w.runtime.children('T1', p.id).find((k) => k.subject === s),
    );
    await confirm(w, dana?.id ?? '', 'UDANA');
    expect(got(w, p.id)).toEqual([]); // queued, not yet delivered
    expect(await w.scheduler.tick()).toMatchObject({ fired: 1 });
    expect(await w.scheduler.tick()).toMatchObject({ fired: 0 });
    expect(got(w, p.id)).toEqual(['UDANA:UDANA']);
    await confirm(w, erik?.id ?? '', 'UERIK');
    expect(await w.scheduler.tick()).toMatchObject({ fired: 1 });
    await w.scheduler.tick();
    expect(got(w, p.id)).toEqual(['UDANA:UDANA', 'UERIK:UERIK']);
    expect(w.runtime.get('T1', p.id).status).toBe('done');
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('loses nothing to a crash between a child finishing and its parent being told', async () => {
    const w = world();
    const p = await started(w);
    const dana = w.runtime.children('T1', p.id).find((k) => k.subject === 'UDANA');
    await confirm(w, dana?.id ?? '', 'UDANA');
    // The process dies right after the child's final commit: nothing in memory survives.
    closeDatabase(db);
    db = openDatabase(path);
    const again = world();
    // A second process claims the notice and dies before applying it: its claim outlives it.
    db.update(pendingEvents).set({ claimedAt: clock.now().toISOString(), claimedBy: 'dead' }).run();
    expect(await again.scheduler.tick()).toMatchObject({ fired: 0 });
    clock.advance(11_000); // past the claim lease
    expect(await again.scheduler.tick()).toMatchObject({ fired: 1 });
    expect(await again.scheduler.tick()).toMatchObject({ fired: 0 });
    expect(got(again, p.id)).toEqual(['UDANA:UDANA']);
    const notices = db.select().from(pendingEvents).all();
    expect(notices.map((n) => [n.key, n.outcome])).toEqual([[`child.done:${dana?.id}`, 'fired']]);
  });

  it('keeps a child.done for a parent that another process has in a busy step, until it settles', async () => {
    const w = world();
    const p = await started(w);
    const dana = w.runtime.children('T1', p.id).find((k) => k.subject === 'UDANA');
    const thinking = w.runtime.dispatch({
      teamId: 'T1',
      instanceId: p.id,
      event: { type: 'think' },
      actor: alice,
    });
    await thinking.persisted;
    await confirm(w, dana?.id ?? '', 'UDANA');
    // A second process on the same file sees the parent busy: the notice waits, it is not dropped.
    const other = openDatabase(path);
    try {
      expect(await world(other).scheduler.tick()).toMatchObject({ fired: 0, dropped: 0 });
    } finally {
      closeDatabase(other);
    }
    release();
    await thinking.settled;
    expect(await w.scheduler.tick()).toMatchObject({ fired: 1 });
    expect(got(w, p.id)).toEqual(['UDANA:UDANA']);
  });

  it('cancels the running children with their parent, in the same transaction', async () => {
    const w = world();
    const p = await started(w);
    const dana = w.runtime.children('T1', p.id).find((k) => k.subject === 'UDANA');
    await confirm(w, dana?.id ?? '', 'UDANA');
    await w.runtime.cancel({ teamId: 'T1', instanceId: p.id, actor: alice, reason: 'postponed' });
    expect(
      w.runtime
        .children('T1', p.id)
        .map((k) => [k.subject, k.status])
        .sort(),
    ).toEqual([
      ['UDANA', 'done'],
      ['UERIK', 'cancelled'],
    ]);
    // The pending notice for the cancelled parent is dropped, not delivered.
    expect(await w.scheduler.tick()).toMatchObject({ fired: 0 });
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('cancels the children still running when the parent finishes, but not those its last step starts', async () => {
    const w = world();
    const p = await started(w);
    const dana = w.runtime.children('T1', p.id).find((k) => k.subject === 'UDANA');
    await confirm(w, dana?.id ?? '', 'UDANA');
    await w.runtime.send({ teamId: 'T1', instanceId: p.id, event: { type: 'finish' }, actor: alice });
    expect(w.runtime.get('T1', p.id).status).toBe('done');
    expect(
      w.runtime
        .children('T1', p.id)
        .map((k) => [k.subject, k.status])
        .sort(),
    ).toEqual([
      ['UDANA', 'done'],
      ['UERIK', 'cancelled'],
      ['UZOE', 'active'],
    ]);
    const reasons = listEvidence({ db, teamId: 'T1', clock })
      .filter((e) => e.kind === 'workflow.cancelled')
      .map((e) => (e.data as { reason: string }).reason);
    expect(reasons).toEqual([`its parent ${p.id} finished without waiting for it`]);
  });
});
