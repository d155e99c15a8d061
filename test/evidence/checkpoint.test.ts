/**
 * Checkpoints: `isms evidence head` is the witness outside the database that the chain's end was not
 * cut off; `verify --expect` checks it. The CLI reads only: a wrong path or team exits 2, creating nothing.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointMessage } from '../../src/bot/views/checkpoint.ts';
import { appendEvidence, evidenceHead } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';

const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const path = tempDbPath();
const env = (p = path) => cleanEnv({ DATABASE_PATH: p });
let checkpoints: Record<string, string> = {};

beforeAll(() => {
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
});

describe('isms evidence head and verify --expect', () => {
  it('head prints <seq>:<hash> per workspace, and verify accepts it', async () => {
    expect(checkpoints.T1).toMatch(/^3:[0-9a-f]{64}$/);
    const [all, one] = await Promise.all([
      runIsms(['evidence', 'head'], env()),
      runIsms(['evidence', 'head', '--team', 'T1'], env()),
    ]);
    expect(all).toMatchObject({ code: 0, stdout: `T1 ${checkpoints.T1}\nT2 ${checkpoints.T2}\n` });
    expect(one).toMatchObject({ code: 0, stdout: `${checkpoints.T1}\n` });
    const ok = await runIsms(['evidence', 'verify', '--team', 'T1', '--expect', one.stdout.trim()], env());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/evidence intact: 3 entries .*checkpoint #3 of team T1 matches/);
  });

  it('verify --expect exits 1 when the newest entries were removed or the entry differs', async () => {
    const cut = tempDbPath();
    const raw = new Database(path, { readonly: true });
    await raw.backup(cut);
    raw.close();
    const db = new Database(cut);
    db.exec('drop trigger evidence_no_delete');
    db.prepare("delete from evidence where team_id = 'T1' and seq = 3").run();
    db.close();
    const [plain, missing, differs, wrongTeam] = await Promise.all([
      runIsms(['evidence', 'verify'], env(cut)),
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', String(checkpoints.T1)], env(cut)),
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', `2:${'a'.repeat(64)}`], env(cut)),
      runIsms(['evidence', 'verify', '--expect', String(checkpoints.T1)], env(cut)),
    ]);
    // What the chain alone cannot prove: its shortened end still verifies.
    expect(plain.code).toBe(0);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^isms: evidence BROKEN at team T1: entry #3 .*missing: the chain ends at #2/,
    );
    expect(differs.code).toBe(1);
    expect(differs.stderr).toMatch(/entry #2 differs from the checkpoint/);
    expect(wrongTeam.code).toBe(2);
    expect(wrongTeam.stderr).toMatch(/--expect needs --team: the database holds 2 workspaces/);
  });

  it('a mistyped DATABASE_PATH, an unknown team or a malformed checkpoint exit 2, creating nothing', async () => {
    const typo = join(dirname(path), 'isms-typo.db');
    const nested = join(dirname(path), 'no-such-dir', 'isms.db');
    const notDb = join(dirname(path), 'notes.txt');
    writeFileSync(notDb, 'not a database\n');
    const runs = await Promise.all([
      runIsms(['evidence', 'verify'], env(typo)),
      runIsms(['evidence', 'head'], env(nested)),
      runIsms(['evidence', 'export'], env(typo)),
      runIsms(['evidence', 'verify'], env(notDb)),
      runIsms(['evidence', 'verify', '--team', 'T9'], env()),
      runIsms(['evidence', 'export', '--team', 'T9'], env()),
      runIsms(['evidence', 'verify', '--team', 'T1', '--expect', 'latest'], env()),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runs[0]?.stderr).toBe(`isms: no database at ${typo} (check DATABASE_PATH)\n`);
    expect(runs[1]?.stderr).toBe(`isms: no database at ${nested} (check DATABASE_PATH)\n`);
    expect(runs[3]?.stderr).toMatch(/is not an isms-bot database/);
    expect(runs[4]?.stderr).toBe(`isms: no evidence for team T9 in ${path} (check --team)\n`);
    expect(runs[6]?.stderr).toMatch(/--expect must be <seq>:<hash>/);
    expect(existsSync(typo)).toBe(false);
    expect(existsSync(dirname(nested))).toBe(false);
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
