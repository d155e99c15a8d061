/** `isms export method --format json` and `isms import method FILE`: a team's own grid round-trips. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentMethod } from '../../src/domain/risk/methods.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';
import { custom4x4 } from '../helpers/domain.ts';

const path = tempDbPath();
const dir = mkdtempSync(join(tmpdir(), 'isms-method-'));
const env = cleanEnv({ DATABASE_PATH: path });
const clock = { now: () => new Date('2026-11-24T10:00:00Z') };
const version = () => {
  const db = openDatabase(path);
  const v = currentMethod({ db, teamId: 'T1', clock });
  closeDatabase(db);
  return v;
};

beforeAll(() => {
  const db = openDatabase(path);
  claimOwnership({ db, teamId: 'T1', clock }, { userId: 'UOWNER' });
  closeDatabase(db);
});

// One process per test: each spawn costs seconds on two busy cores.
describe('the risk method as JSON', () => {
  it('refuses an incomplete grid, naming the missing cells, and stores nothing', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...custom4x4, grid: custom4x4.grid.slice(0, 3) }));
    const refused = await runIsms(['import', 'method', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /nothing imported from .*bad\.json: .*incomplete: no level for likelihood 4 × impact 1/,
    );
    expect(version().version).toBe(0);
  });

  it('imports the team’s own 4×4 as a new version', async () => {
    const good = join(dir, 'acme.json');
    writeFileSync(good, JSON.stringify(custom4x4));
    const imported = await runIsms(['import', 'method', good], env);
    expect([imported.code, imported.stdout]).toEqual([0, 'risk method "Acme 4×4" is version 1 of T1\n']);
    expect(version().method.grid).toEqual(custom4x4.grid);
  });

  it('exports it back as the same JSON', async () => {
    const out = join(dir, 'out.json');
    const exported = await runIsms(['export', 'method', '--format', 'json', '--out', out], env);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(custom4x4);
  });
});
