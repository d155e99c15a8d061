/** Evidence: a per-team hash chain in a real SQLite file, append-only by trigger. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendEvidence,
  GENESIS_HASH,
  hashEntry,
  listEvidence,
  verifyEvidence,
} from '../../src/domain/evidence.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';

let path: string;
let db: Db;
const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const ctx = (teamId: string) => ({ db, teamId, clock });
const alice = { userId: 'U1', name: 'alice' };

beforeEach(() => {
  path = tempDbPath();
  db = openDatabase(path);
});
afterEach(() => closeDatabase(db));

function seed() {
  appendEvidence(ctx('T1'), { actor: alice, kind: 'scope.approved', subject: 'wf-1', data: { version: 1 } });
  appendEvidence(ctx('T2'), { actor: { userId: 'U9' }, kind: 'roles.changed', data: { owner: 'U9' } });
  appendEvidence(ctx('T1'), {
    actor: alice,
    kind: 'step.submitted',
    subject: 'wf-1',
    step: 'issues',
    data: { issues: ['a', 'b'] },
    place: { channel: 'C1', threadTs: '1.2' },
  });
  appendEvidence(ctx('T1'), { actor: alice, kind: 'step.submitted', subject: 'wf-1', data: { n: 3 } });
}

describe('evidence chain', () => {
  it('chains each team separately, from the genesis hash', () => {
    seed();
    const t1 = listEvidence(ctx('T1'));
    expect(t1.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(t1[0]?.prevHash).toBe(GENESIS_HASH);
    expect(t1[1]?.prevHash).toBe(t1[0]?.hash);
    expect(t1[2]?.prevHash).toBe(t1[1]?.hash);
    expect(t1.every((e) => e.hash === hashEntry(e))).toBe(true);
    expect(listEvidence(ctx('T2')).map((e) => e.prevHash)).toEqual([GENESIS_HASH]);
    expect(verifyEvidence(db)).toEqual({ ok: true, entries: 4, teams: 2 });
  });

  it('refuses UPDATE and DELETE in the database itself', () => {
    seed();
    expect(() => db.$client.prepare("update evidence set kind = 'x' where seq = 1").run()).toThrow(
      /append-only/,
    );
    expect(() => db.$client.prepare('delete from evidence').run()).toThrow(/append-only/);
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('isms evidence verify passes an intact chain and names the first altered entry', async () => {
    seed();
    closeDatabase(db);
    const env = cleanEnv({ DATABASE_PATH: path });
    const ok = await runIsms(['evidence', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('evidence intact: 4 entries in 2 team(s)');

    // Behind the app's back: drop the guard and rewrite history.
    const raw = new Database(path);
    raw.exec('drop trigger evidence_no_update');
    raw.prepare(`update evidence set data = '{"issues":["a"]}' where team_id = 'T1' and seq = 2`).run();
    raw.close();
    const bad = await runIsms(['evidence', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/team T1 entry #2 .*altered/);
    db = openDatabase(path);
  });

  it('makes every text valid Unicode before hashing, so any input verifies', () => {
    const lone = (s: string) => `${s}\ud800`;
    appendEvidence(ctx('T1'), {
      actor: { userId: lone('U'), name: lone('bob') },
      kind: lone('k'),
      subject: lone('wf'),
      step: lone('s'),
      data: { [lone('key')]: [lone('a'), { b: '\udc00x' }], ok: '\ud83d\ude00' },
      place: { channel: lone('C'), threadTs: lone('1.2'), permalink: lone('https://x') },
    });
    const [row] = listEvidence(ctx('T1'));
    expect(row).toMatchObject({ actorName: 'bob\ufffd', channel: 'C\ufffd', permalink: 'https://x\ufffd' });
    expect(row?.data).toEqual({ 'key\ufffd': ['a\ufffd', { b: '\ufffdx' }], ok: '😀' });
    expect(verifyEvidence(db)).toEqual({ ok: true, entries: 1, teams: 1 });
  });

  it('detects a deleted entry', () => {
    seed();
    db.$client.exec('drop trigger evidence_no_delete');
    db.$client.prepare("delete from evidence where team_id = 'T1' and seq = 2").run();
    const r = verifyEvidence(db);
    expect(r.ok).toBe(false);
    expect(r.broken).toMatchObject({ teamId: 'T1', seq: 3, reason: expect.stringMatching(/missing/) });
  });

  it('exports every entry with its hash as JSONL and CSV', async () => {
    seed();
    closeDatabase(db);
    const env = cleanEnv({ DATABASE_PATH: path });
    const [jsonl, csv] = await Promise.all([
      runIsms(['evidence', 'export', '--team', 'T1'], env),
      runIsms(['evidence', 'export', '--format', 'csv'], env),
    ]);
    expect(jsonl.code).toBe(0);
    const rows = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; hash: string; data: unknown });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[1]?.data).toEqual({ issues: ['a', 'b'] });
    expect(csv.stdout.split('\n')[0]).toBe(
      'id,teamId,seq,at,actorId,actorName,kind,subject,step,data,channel,threadTs,permalink,prevHash,hash',
    );
    expect(csv.stdout.trim().split('\n')).toHaveLength(5);
    db = openDatabase(path);
  });
});
