/**
 * Checkpoints: `isms evidence head` is the witness outside the database that the chain's end was not
 * cut off; `verify --expect` checks it. The CLI reads only: a wrong path or team exits 2, creating nothing.
 * (At most two processes per test: each is a whole `isms` start on a busy machine.)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointMessage } from '../../src/bot/views/checkpoint.ts';
import { appendEvidence, evidenceHead } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, type RunResult, runIsms, tempDbPath } from '../helpers/app-process.ts';

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const path = tempDbPath();
const cut = tempDbPath();
const env = (p = path) => cleanEnv({ DATABASE_PATH: p });
let checkpoints: Record<string, string> = {};

beforeAll(async () => {
  const db = openDatabase(path);
  for (const [teamId, n] of [
    ['T1', 3],
    ['T2', 1],
  ] as const)
    for (let i = 0; i < n; i++)
      appendEvidence({ db, teamId, clock }, { actor: { userId: 'U1' }, kind: 'k', data: { i } });
  checkpoints = Object.fromEntries(
    ['T1', 'T2'].map((teamId) => {
      const h = evidenceHead({ db, teamId, clock });
      return [teamId, `${h?.seq}:${h?.hash}`];
    }),
  );
  closeDatabase(db);
  // A copy whose newest entry was removed behind the triggers' back.
  const raw = new Database(path, { readonly: true });
  await raw.backup(cut);
  raw.close();
  const c = new Database(cut);
  c.exec('drop trigger evidence_no_delete');
  c.prepare("delete from evidence where team_id = 'T1' and seq = 3").run();
  c.close();
});

function expectNotFound(r: RunResult, line: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`);
  else expect(r.stderr).toMatch(line);
}

describe('isms evidence head and verify --expect', () => {
  it('head prints <seq>:<hash> per workspace (bare with --team)', async () => {
    expect(checkpoints.T1).toMatch(/^3:[0-9a-f]{64}$/);
    const [all, one] = await Promise.all([
      runIsms(['evidence', 'head'], env()),
      runIsms(['evidence', 'head', '--team', 'T1'], env()),
    ]);
    expect(all).toMatchObject({ code: 0, stdout: `T1 ${checkpoints.T1}\nT2 ${checkpoints.T2}\n` });
    expect(one).toMatchObject({ code: 0, stdout: `${checkpoints.T1}\n` });
  });

  it('verify --expect accepts the checkpoint; a chain cut short still verifies without it', async () => {
    const [ok, plain] = await Promise.all([
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', String(checkpoints.T1)], env()),
      runIsms(['evidence', 'verify'], env(cut)),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/evidence intact: 3 entries .*checkpoint #3 of team T1 matches/);
    // What the chain alone cannot prove: its shortened end is still a valid chain.
    expect(plain.code).toBe(0);
  });

  it('verify --expect exits 1 when the checkpointed entry was removed or differs', async () => {
    const [missing, differs] = await Promise.all([
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', String(checkpoints.T1)], env(cut)),
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', `2:${'a'.repeat(64)}`], env(cut)),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^isms: evidence BROKEN at team T1: entry #3 .*missing: the chain ends at #2/,
    );
    expect(differs.code).toBe(1);
    expect(differs.stderr).toMatch(/entry #2 differs from the checkpoint/);
  });

  it('a malformed or ambiguous checkpoint exits 2', async () => {
    const [malformed, noTeam] = await Promise.all([
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', 'latest'], env()),
      runIsms(['evidence', 'verify', '--expect', String(checkpoints.T1)], env()),
    ]);
    expectNotFound(malformed, /^isms: --expect must be <seq>:<hash>/);
    expectNotFound(noTeam, /^isms: --expect needs --team: the database holds 2 workspaces \(T1, T2\)\n$/);
  });
});

describe('the evidence commands only read', () => {
  const typo = join(dirname(path), 'isms-typo.db');
  const nested = join(dirname(path), 'no-such-dir', 'isms.db');

  it('a mistyped DATABASE_PATH exits 2 naming it, and creates nothing', async () => {
    const [verify, head] = await Promise.all([
      runIsms(['evidence', 'verify'], env(typo)),
      runIsms(['evidence', 'head'], env(nested)),
    ]);
    expectNotFound(verify, `isms: no database at ${typo} (check DATABASE_PATH)`);
    expectNotFound(head, `isms: no database at ${nested} (check DATABASE_PATH)`);
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(dirname(nested))).toBe(false);
  });

  it('export of a missing database, or verify of a file that is not one, exits 2', async () => {
    const notDb = join(dirname(path), 'notes.txt');
    writeFileSync(notDb, 'not a database\n');
    const [exported, notADatabase] = await Promise.all([
      runIsms(['evidence', 'export'], env(typo)),
      runIsms(['evidence', 'verify'], env(notDb)),
    ]);
    expectNotFound(exported, `isms: no database at ${typo} (check DATABASE_PATH)`);
    expectNotFound(notADatabase, /is not an isms-bot database/);
    expect(existsSync(typo)).toBe(false);
  });

  it('an unknown --team exits 2 naming it', async () => {
    const [verify, exported] = await Promise.all([
      runIsms(['evidence', 'verify', '--team', 'T9'], env()),
      runIsms(['evidence', 'export', '--team', 'T9'], env()),
    ]);
    expectNotFound(verify, `isms: no evidence for team T9 in ${path} (check --team)`);
    expectNotFound(exported, `isms: no evidence for team T9 in ${path} (check --team)`);
  });
});

describe('the checkpoint message', () => {
  it('carries the full <seq>:<hash> and the command that checks it', () => {
    const db = openDatabase(path, { readonly: true });
    const head = evidenceHead({ db, teamId: 'T1', clock });
    closeDatabase(db);
    if (!head) throw new Error('no head');
    const m = checkpointMessage({ head, reason: 'Scoping completed' });
    const blocks = JSON.stringify(m.blocks);
    expect(m.text).toContain(String(checkpoints.T1));
    expect(m.text).toMatch(/^Scoping completed: evidence checkpoint at entry #3/);
    expect(blocks).toContain(`isms evidence verify --team T1 --expect ${checkpoints.T1}`);
    expect(m.blocks?.length).toBe(3);
  });
});
