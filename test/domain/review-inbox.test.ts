/**
 * A management review's work in the inbox ("what waits for me"): the input task of each owner, due on
 * the meeting day, and their action items once the minutes are approved, each shown once (not also as
 * the bare workflow step), and gone when done. Driven through the runtime over a real SQLite file.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitingFor } from '../../src/domain/inbox.ts';
import { recordHandOver } from '../../src/domain/leavers.ts';
import { INPUTS } from '../../src/domain/review-agenda.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';
import { domainOnDisk, owner, type TestClock } from '../helpers/domain.ts';

const logger = pino({ level: 'silent' });
const mia = { userId: 'UMIA', name: 'mia' };
const dana = { userId: 'UDANA', name: 'dana' };
let db: Db;
let clock: TestClock;

beforeEach(() => {
  ({ db, clock } = domainOnDisk());
  const ctx = { db, teamId: 'T1', clock };
  claimOwnership(ctx, owner);
  changeRole(ctx, owner, { userId: mia.userId, name: mia.name, role: 'management', grant: true });
});
afterEach(() => closeDatabase(db));

describe('review work in the inbox', () => {
  it('lists the input task, then the action item, each once, until done', async () => {
    const runtime = createRuntime({
      db,
      clock,
      logger,
      flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
    });
    const scheduler = createScheduler({ db, clock, runtime, logger });
    const ctx = { db, teamId: 'T1', clock };
    const send = (instanceId: string, event: Record<string, unknown> & { type: string }, actor = mia) =>
      runtime.send({ teamId: 'T1', instanceId, event, actor });
    const r = await runtime.start({ teamId: 'T1', flow: 'review', actor: owner, channel: 'C1' });
    await send(
      r.id,
      {
        type: 'review.plan.submit',
        values: {
          chair: mia.userId,
          date: '2026-11-30',
          dataOwner: dana.userId,
          performanceOwner: dana.userId,
          feedbackOwner: dana.userId,
        },
      },
      owner,
    );
    const mine = () => waitingFor(ctx, dana.userId).filter((i) => i.kind !== 'acceptance');
    expect(mine()).toEqual([
      expect.objectContaining({
        kind: 'review.input',
        title: 'Management review MR-2026-01: confirm or write your inputs (10 left)',
        due: '2026-11-30',
        overdue: false,
        open: expect.objectContaining({ kind: 'step', step: 'a' }),
      }),
    ]);
    const [task] = runtime.children('T1', r.id);
    // Handed to erik by the ISMS owner (dana is away): it waits for him now, not for her.
    recordHandOver(ctx, {
      instanceId: task?.id ?? '',
      step: 'a',
      from: [dana.userId],
      to: 'UERIK',
      reason: 'away',
      actor: owner,
    });
    expect(mine()).toEqual([]);
    expect(waitingFor(ctx, 'UERIK').map((i) => i.kind)).toEqual(['review.input']);
    await send(task?.id ?? '', { type: 'review.input.confirm' }, { userId: 'UERIK', name: 'erik' });
    expect(waitingFor(ctx, 'UERIK')).toEqual([]);
    for (const input of INPUTS.slice(1))
      await send(
        task?.id ?? '',
        { type: 'review.input.submit', values: { [input.key]: `Input ${input.key}.` } },
        dana,
      );
    expect(mine()).toEqual([]);
    await scheduler.tick();
    await send(r.id, { type: 'review.meeting.start' });
    for (const _ of INPUTS) await send(r.id, { type: 'review.discuss.submit', values: { discussion: '' } });
    await send(r.id, { type: 'review.decisions.submit', values: { improvements: [], changes: [] } });
    await send(r.id, {
      type: 'review.action.add',
      values: { text: 'Write the access policy', owner: dana.userId, due: '2026-12-20' },
    });
    await send(r.id, { type: 'review.actions.done' });
    await send(r.id, { type: 'review.minutes.approve' });
    expect(runtime.get('T1', r.id).status).toBe('done');
    // The action is a step addressed to dana: listed with its due date, once (not also as the bare step).
    expect(mine()).toEqual([
      expect.objectContaining({
        kind: 'review.action',
        due: '2026-12-20',
        overdue: false,
        title: expect.stringMatching(/MR-2026-01-A1/),
      }),
    ]);
    clock.advanceDays(20);
    clock.advanceDays(7);
    expect(mine()[0]).toMatchObject({ overdue: true, detail: 'overdue since 2026-12-20' });
    const [action] = runtime.children('T1', r.id).filter((c) => c.flow === 'review-action');
    await send(action?.id ?? '', { type: 'review.action.complete', values: { note: null } }, dana);
    expect(mine()).toEqual([]);
  });
});
