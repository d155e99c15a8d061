/**
 * Instances in the store: 128-bit ids, many per flow unless it is a singleton (enforced by the
 * database), subjects and parents, per-workspace counters, and machine versions (an instance finishes
 * on the definition it started with).
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AnyStateMachine, setup } from 'xstate';
import { humanId, nextNumber } from '../../src/domain/counters.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { workflowInstances } from '../../src/store/schema/index.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime, type RuntimeFlow } from '../../src/workflows/runtime.ts';
import { tempDbPath } from '../helpers/app-process.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
const alice = { userId: 'UALICE', name: 'alice' };
let db: Db;

// Version 1 of a tiny flow goes a → b → done; version 2 renamed its steps and needs a second event.
const v1 = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
  id: 'tiny',
  initial: 'a',
  states: { a: { on: { go: 'b' } }, b: { on: { go: 'done' } }, done: { type: 'final' } },
});
const v2 = setup({ types: { events: {} as { type: 'go' } } }).createMachine({
  id: 'tiny',
  initial: 'first',
  states: {
    first: { on: { go: 'second' } },
    second: { on: { go: 'third' } },
    third: { on: { go: 'done' } },
    done: { type: 'final' },
  },
});
const tiny = (versions: Record<number, AnyStateMachine>, singleton = false): RuntimeFlow => {
  const current = Math.max(...Object.keys(versions).map(Number));
  return {
    key: 'tiny',
    title: 'Tiny',
    command: 'tiny',
    summary: 'a test flow',
    machine: versions[current] as AnyStateMachine,
    version: current,
    machines: new Map(Object.entries(versions).map(([k, m]) => [Number(k), m])),
    singleton,
    input: () => ({}),
  };
};
const rtWith = (flows: RuntimeFlow[]) => createRuntime({ db, clock, logger, flows });
const go = (rt: ReturnType<typeof rtWith>, id: string) =>
  rt.send({ teamId: 'T1', instanceId: id, event: { type: 'go' }, actor: alice });

beforeEach(() => {
  db = openDatabase(tempDbPath());
});
afterEach(() => closeDatabase(db));

describe('workflow instances', () => {
  it('have 128-bit ids, and a flow that is no singleton runs many times, each with its subject', async () => {
    const rt = rtWith([tiny({ 1: v1 })]);
    const started = await Promise.all(
      ['R-001', 'R-002', 'R-003'].map((subject) =>
        rt.start({ teamId: 'T1', flow: 'tiny', actor: alice, channel: 'C1', subject }),
      ),
    );
    for (const i of started) expect(i.id).toMatch(/^ti-[0-9a-f]{32}$/);
    expect(new Set(started.map((i) => i.id)).size).toBe(3);
    expect(
      rt
        .list('T1', 'active')
        .map((i) => i.subject)
        .sort(),
    ).toEqual(['R-001', 'R-002', 'R-003']);
    const child = await rt.start({
      teamId: 'T1',
      flow: 'tiny',
      actor: alice,
      channel: 'C1',
      parentId: started[0]?.id,
    });
    expect(child.parentId).toBe(started[0]?.id);
  });

  it('allow one active instance of a singleton flow per team, enforced by the database', async () => {
    const rt = rtWith([tiny({ 1: v1 }, true)]);
    const first = await rt.start({ teamId: 'T1', flow: 'tiny', actor: alice, channel: 'C1' });
    await expect(rt.start({ teamId: 'T1', flow: 'tiny', actor: alice, channel: 'C2' })).rejects.toMatchObject(
      {
        code: 'CONFLICT',
        message: expect.stringContaining(first.id),
      },
    );
    // Another team, and the same team once the first has finished, may start one.
    await rt.start({ teamId: 'T2', flow: 'tiny', actor: alice, channel: 'C1' });
    await go(rt, first.id);
    await go(rt, first.id);
    await rt.start({ teamId: 'T1', flow: 'tiny', actor: alice, channel: 'C1' });
    // The index itself refuses a second active row, whatever code inserts it.
    const row = rt.list('T1', 'active')[0];
    expect(() =>
      db
        .insert(workflowInstances)
        .values({ ...(row as NonNullable<typeof row>), id: 'ti-manual' })
        .run(),
    ).toThrow(/UNIQUE constraint failed/);
  });

  it('finish on the machine version they started with, while new ones start on the current one', async () => {
    const old = await rtWith([tiny({ 1: v1 })]).start({
      teamId: 'T1',
      flow: 'tiny',
      actor: alice,
      channel: 'C1',
    });
    expect(old.machineVersion).toBe(1);
    // A new release ships version 2 and keeps version 1 for instances still running on it.
    const rt = rtWith([tiny({ 1: v1, 2: v2 })]);
    const fresh = await rt.start({ teamId: 'T1', flow: 'tiny', actor: alice, channel: 'C1' });
    expect(fresh).toMatchObject({ machineVersion: 2, step: 'first' });
    expect((await go(rt, old.id)).step).toBe('b');
    expect(await go(rt, old.id)).toMatchObject({ status: 'done', step: 'done' });
    expect((await go(rt, fresh.id)).step).toBe('second');
    // A release that dropped version 1 too early says so instead of guessing.
    const dropped = rtWith([tiny({ 2: v2 })]);
    const stuck = await rtWith([tiny({ 1: v1 })]).start({
      teamId: 'T1',
      flow: 'tiny',
      actor: alice,
      channel: 'C1',
    });
    await expect(go(dropped, stuck.id)).rejects.toMatchObject({ code: 'CONFLICT', message: /version 1/ });
  });

  it('scoping is a singleton', async () => {
    const rt = createRuntime({
      db,
      clock,
      logger,
      flows: runtimeFlows({ draftScope: async () => 'The ISMS covers everything.' }),
    });
    await rt.start({ teamId: 'T1', flow: 'scoping', actor: alice, channel: 'C1' });
    await expect(
      rt.start({ teamId: 'T1', flow: 'scoping', actor: alice, channel: 'C1' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('per-workspace counters', () => {
  it('count per team and name, and per year for yearly ids', () => {
    const t1 = { db, teamId: 'T1', clock };
    expect([nextNumber(t1, 'R'), nextNumber(t1, 'R'), nextNumber({ ...t1, teamId: 'T2' }, 'R')]).toEqual([
      1, 2, 1,
    ]);
    expect(humanId(t1, 'R')).toBe('R-003');
    expect(humanId(t1, 'MR', { perYear: true })).toBe('MR-2026-01');
    expect(humanId(t1, 'MR', { perYear: true })).toBe('MR-2026-02');
  });

  it('roll back with the transaction that used the number', () => {
    const t1 = { db, teamId: 'T1', clock };
    expect(() =>
      db.transaction((tx) => {
        nextNumber({ ...t1, db: tx }, 'R');
        throw new Error('the write that needed it failed');
      }),
    ).toThrow();
    expect(nextNumber(t1, 'R')).toBe(1);
  });
});
