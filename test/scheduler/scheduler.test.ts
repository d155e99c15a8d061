/**
 * The scheduler under a controllable clock, over a real SQLite file: due events fire on time and
 * exactly once (two ticks racing, two processes on one file), missed ones fire once after downtime
 * marked late, a failing Slack call is retried with backoff without holding up the others, and timed
 * DMs wait for the recipient's working hours.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { changeRole } from '../../src/domain/roles.ts';
import { createScheduler } from '../../src/scheduler/index.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { VersionConflictError } from '../../src/workflows/instances.ts';
import { messagesOf } from '../../src/workflows/messages.ts';
import { ROOT, tempDbPath } from '../helpers/app-process.ts';
import { MIA, OWNER, scopingWorld, testClock } from '../helpers/scoping-run.ts';

const T0 = '2026-11-24T10:00:00.000Z'; // a Tuesday, 10:00 UTC
let path: string;
let db: Db;

/** Slack as a sink: each reply is delivered (or fails for `failing` recipients) and reported back. */
function sink(failing = new Set<string>()) {
  const delivered: Reply[] = [];
  let ts = 1;
  const deliver = async (replies: readonly Reply[]) => {
    for (const r of replies) {
      if (r.type === 'ephemeral' || r.type === 'modal' || r.type === 'later') continue;
      const to = r.type === 'dm' ? r.userId : r.type === 'update' ? r.channel : (r.channel ?? '');
      if (failing.has(to)) {
        r.onFailed?.('internal_error');
        continue;
      }
      delivered.push(r);
      r.onDelivered?.({
        channel: r.type === 'dm' ? `D${to}` : to,
        ts: r.type === 'update' ? r.ts : `${ts++}.0`,
      });
    }
  };
  return { delivered, deliver };
}
const texts = (rs: Reply[]) => rs.map((r) => ('message' in r ? r.message.text : ''));
const timed = () =>
  listEvidence({ db, teamId: 'T1', clock: { now: () => new Date() } }).filter((e) => e.kind === 'step.timed');

beforeEach(() => {
  path = tempDbPath();
  db = openDatabase(path);
});
afterEach(() => closeDatabase(db));

describe('scheduler', () => {
  it('reminds the approver after 2 days and tells the owner in the thread after 5, each once, on time', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    const i = await w.toApproval();
    const out = sink();
    const s = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      messages: w.messages,
      deliver: out.deliver,
    });
    await s.tick();
    // The approval DM goes to top management (mia) only; the thread says whom it waits for.
    expect(
      out.delivered.filter((r) => r.type === 'dm').map((r) => (r.type === 'dm' ? r.userId : '')),
    ).toEqual([MIA.userId]);
    expect(texts(out.delivered).join('\n')).toMatch(/Waiting for <@UMIA> — asked by DM on 24 Nov/);

    clock.set('2026-11-26T09:59:59.000Z');
    expect(await s.tick()).toMatchObject({ fired: 0 });
    clock.set('2026-11-26T10:00:00.000Z');
    expect(await s.tick()).toMatchObject({ fired: 1, late: 0 });
    const reminder = out.delivered.at(-1);
    expect(reminder).toMatchObject({
      type: 'dm',
      userId: MIA.userId,
      message: { text: /Reminder: .*since 24 Nov/ },
    });
    expect(await s.tick()).toMatchObject({ fired: 0, delivered: 0 });

    clock.set('2026-11-29T10:00:00.000Z');
    expect(await s.tick()).toMatchObject({ fired: 1 });
    expect(out.delivered.at(-1)).toMatchObject({
      type: 'message',
      channel: 'C1',
      message: { text: /Escalation: .*<@UMIA>.*<@UOWNER>/ },
    });
    expect(timed().map((e) => (e.data as { event: string }).event)).toEqual([
      'scope.remind',
      'scope.escalate',
    ]);

    // Decided: nothing more is due, and nobody is reminded about something already done.
    await w.runtime.send({ teamId: 'T1', instanceId: i.id, event: { type: 'scope.approve' }, actor: MIA });
    clock.set('2026-12-24T10:00:00.000Z');
    expect(await s.tick()).toMatchObject({ fired: 0 });
  });

  it('fires once with two schedulers racing on one database', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    await w.toApproval();
    const other = openDatabase(path);
    const a = createScheduler({ db, clock, runtime: w.runtime, logger: w.logger });
    const w2 = scopingWorld(other, clock); // a second runtime on its own connection
    const b = createScheduler({ db: other, clock, runtime: w2.runtime, logger: w2.logger });
    clock.set('2026-11-29T10:00:00.000Z'); // reminder and escalation both due
    const [ra, rb] = await Promise.all([a.tick(), b.tick(), a.tick()]);
    expect((ra?.fired ?? 0) + (rb?.fired ?? 0)).toBe(2);
    expect(timed()).toHaveLength(2);
    closeDatabase(other);
  });

  it('tries a due event again, not drops it, when another process wrote the instance first', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    await w.toApproval();
    // The other process's write lands between our read and our write: the runtime's optimistic
    // version check refuses ours once. The reminder still applies to the newer state.
    let conflicts = 0;
    const runtime: typeof w.runtime = {
      ...w.runtime,
      dispatch: (input, opts) => {
        if (conflicts++ === 0) throw new VersionConflictError();
        return w.runtime.dispatch(input, opts);
      },
    };
    const s = createScheduler({ db, clock, runtime, logger: w.logger });
    clock.set('2026-11-26T10:00:00.000Z');
    expect(await s.tick()).toMatchObject({ fired: 1, dropped: 0 });
    expect(timed().map((e) => (e.data as { event: string }).event)).toEqual(['scope.remind']);
  });

  it('fires once with two processes ticking the same database file', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    await w.toApproval();
    const tick = () =>
      new Promise<{ fired: number }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'test/helpers/tick-once.ts'), path, '2026-11-29T10:00:00Z'],
          {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.on('error', reject);
        child.on('close', () => resolve(JSON.parse(out || '{"fired":-1}') as { fired: number }));
      });
    const results = await Promise.all([tick(), tick()]);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(2);
    expect(timed()).toHaveLength(2);
  });

  it('catches up once after downtime, marked late', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    await w.toApproval();
    clock.set('2026-12-10T10:00:00.000Z'); // the app was down for two weeks
    const s = createScheduler({ db, clock, runtime: w.runtime, logger: w.logger });
    expect(await s.tick({ catchUp: true })).toMatchObject({ fired: 2, late: 2 });
    expect(await s.tick()).toMatchObject({ fired: 0 });
    expect(timed().map((e) => e.data)).toEqual([
      expect.objectContaining({ event: 'scope.remind', late: true, dueAt: '2026-11-26T10:00:00.000Z' }),
      expect.objectContaining({ event: 'scope.escalate', late: true, dueAt: '2026-11-29T10:00:00.000Z' }),
    ]);
  });

  it('retries a failing Slack call with backoff, without holding up other messages', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    const i = await w.toApproval();
    const out = sink(new Set([MIA.userId]));
    const s = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      messages: w.messages,
      deliver: out.deliver,
    });
    await s.tick();
    // The DM fails; the thread status is posted all the same.
    expect(out.delivered.map((r) => r.type)).toEqual(['message']);
    const dm = () => messagesOf(db, i.id).find((m) => m.kind === 'dm');
    expect(dm()).toMatchObject({ ts: null, attempts: 1, lastError: 'internal_error' });
    clock.advance(500);
    await s.tick();
    expect(dm()?.attempts).toBe(1); // backing off
    clock.advance(600);
    await s.tick();
    expect(dm()?.attempts).toBe(2);
    out.delivered.length = 0;
    const healed = sink();
    const s2 = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      messages: w.messages,
      deliver: healed.deliver,
    });
    clock.advance(2000);
    await s2.tick();
    expect(healed.delivered).toMatchObject([{ type: 'dm', userId: MIA.userId }]);
    expect(dm()).toMatchObject({ ts: expect.any(String), lastError: null });
  });

  it('holds a timed DM until 09:00 in the recipient’s time zone, and records the due moment as it was', async () => {
    const clock = testClock('2026-11-24T12:00:00.000Z');
    const w = scopingWorld(db, clock, { management: true });
    const i = await w.toApproval();
    const out = sink();
    const directory = {
      user: async (_t: string, id: string) => ({ id, deleted: false, isBot: false, timeZone: 'Asia/Tokyo' }),
    };
    const s = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      messages: w.messages,
      deliver: out.deliver,
      directory,
    });
    await s.tick();
    clock.set('2026-11-26T12:00:00.000Z'); // 21:00 in Tokyo: after working hours
    out.delivered.length = 0;
    expect(await s.tick()).toMatchObject({ fired: 1 });
    expect(out.delivered.filter((r) => r.type === 'dm')).toEqual([]);
    const notice = () => messagesOf(db, i.id).find((m) => m.kind === 'notice');
    expect(notice()).toMatchObject({ ts: null, notBefore: '2026-11-27T00:00:00.000Z' }); // 09:00 in Tokyo
    clock.set('2026-11-26T23:59:00.000Z');
    await s.tick();
    expect(out.delivered.filter((r) => r.type === 'dm')).toEqual([]);
    clock.set('2026-11-27T00:00:00.000Z');
    await s.tick();
    expect(out.delivered.filter((r) => r.type === 'dm')).toMatchObject([
      { type: 'dm', userId: MIA.userId, message: { text: /Reminder/ } },
    ]);
    expect(timed()[0]?.data).toMatchObject({ dueAt: '2026-11-26T12:00:00.000Z' });
  });
});

describe('several holders of the role', () => {
  it('asks each by DM; the first decision counts and the others’ DMs say who decided', async () => {
    const clock = testClock(T0);
    const w = scopingWorld(db, clock, { management: true });
    changeRole({ db, teamId: 'T1', clock }, OWNER, {
      userId: 'UMAX',
      name: 'max',
      role: 'management',
      grant: true,
    });
    const i = await w.toApproval();
    const out = sink();
    const s = createScheduler({
      db,
      clock,
      runtime: w.runtime,
      logger: w.logger,
      messages: w.messages,
      deliver: out.deliver,
    });
    await s.tick();
    const dms = out.delivered.filter((r) => r.type === 'dm').map((r) => (r.type === 'dm' ? r.userId : ''));
    expect(dms.sort()).toEqual(['UMAX', MIA.userId]);
    await w.runtime.send({
      teamId: 'T1',
      instanceId: i.id,
      event: { type: 'scope.approve' },
      actor: { userId: 'UMAX', name: 'max' },
    });
    await expect(
      w.runtime.send({ teamId: 'T1', instanceId: i.id, event: { type: 'scope.approve' }, actor: MIA }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    out.delivered.length = 0;
    await s.tick();
    const updates = out.delivered.filter((r) => r.type === 'update');
    // The thread and both DMs are updated; neither DM keeps its buttons.
    expect(updates).toHaveLength(3);
    for (const u of updates.filter((r) => r.type === 'update' && r.channel.startsWith('D'))) {
      expect(JSON.stringify(u.type === 'update' ? u.message.blocks : '')).toContain('Decided by <@UMAX>');
      expect(JSON.stringify(u.type === 'update' ? u.message.blocks : '')).not.toContain('scope.approve');
    }
  });
});
