/** `isms status` and `isms status --strict` as a pipeline runs them (one process each). */
import { beforeAll, describe, expect, it } from 'vitest';
import { MANDATORY_DOCUMENTS, registerDocument } from '../../src/domain/documents.ts';
import { readiness } from '../../src/domain/readiness.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';
import { populate } from './populate.ts';

const owner = { userId: 'UOWNER', name: 'olga' };
const empty = tempDbPath();
const full = tempDbPath();

function open(path: string) {
  const db = openDatabase(path);
  return { db, ctx: { db, teamId: 'T1', clock: { now: () => new Date() } } };
}

beforeAll(() => {
  for (const path of [empty, full]) {
    const { db, ctx } = open(path);
    claimOwnership(ctx, owner);
    closeDatabase(db);
  }
  const { db, ctx } = open(full);
  populate(ctx, owner, 'UDANA');
  // Every item without data of its own gets its document registered.
  for (const item of readiness(ctx))
    if (item.status === 'missing')
      registerDocument(ctx, owner, {
        clause: item.clause,
        link: `https://wiki.example.com/isms/${item.clause.replace(' ', '')}`,
      });
  closeDatabase(db);
});

describe('isms status', () => {
  // One process per test: a spawned isms costs seconds of CPU on busy cores.
  it('prints the report and exits 0, also with items missing', async () => {
    const r = await runIsms(['status'], cleanEnv({ DATABASE_PATH: empty }));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Readiness for certification: 0 done, 0 partial, 14 missing');
    expect(r.stdout).toContain('❌ 4.3      Scope of the ISMS: missing');
    expect(r.stdout).toContain('next: scope the ISMS: /isms scope');
  });

  it('--strict exits 1 while anything is missing', async () => {
    const r = await runIsms(['status', '--strict'], cleanEnv({ DATABASE_PATH: empty }));
    expect(r.stdout).toContain('14 missing');
    expect(r.code).toBe(1);
  });

  it('--strict exits 0 on a workspace where nothing is missing, even with an item still partial', async () => {
    const r = await runIsms(['status', '--strict', '--team', 'T1'], cleanEnv({ DATABASE_PATH: full }));
    expect(r.stdout).toContain(`13 done, 1 partial, 0 missing of ${MANDATORY_DOCUMENTS.length}`);
    expect(r.stdout).toContain('🟡 8.3      Results of risk treatment: partial');
    expect(r.stdout).toContain('evidence: registered document https://wiki.example.com/isms/9.2');
    expect(r.stdout).not.toContain('<@');
    expect(r.code).toBe(0);
  });
});
