/** The CLI contract of `isms import` and `isms export` (one process each). */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAsset, listAssets } from '../../src/domain/assets.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';

const path = tempDbPath();
const dir = mkdtempSync(join(tmpdir(), 'isms-cli-'));
const env = cleanEnv({ DATABASE_PATH: path });
const clock = { now: () => new Date('2026-11-24T10:00:00Z') };

beforeAll(() => {
  const db = openDatabase(path);
  const ctx = { db, teamId: 'T1', clock };
  claimOwnership(ctx, { userId: 'UOWNER' });
  createAsset(
    ctx,
    { userId: 'UOWNER' },
    { name: 'CRM', type: 'service', ownerId: 'UIT', confidentiality: 2, integrity: 2, availability: 2 },
  );
  closeDatabase(db);
});

describe('isms import and export', () => {
  it('import prints each bad row, exits 1 and stores nothing', async () => {
    const csv = join(dir, 'assets.csv');
    writeFileSync(
      csv,
      'Name,Type,Owner,Confidentiality,Integrity,Availability\nWiki,software,UIT,1,1,1\nCRM,service,UIT,2,2,2\nMail,service,UIT,2,2,7\n',
    );
    const r = await runIsms(['import', 'assets', csv], env);
    expect(r.stderr).toBe(
      [
        `${csv}: row 3: There is already an asset called "CRM" (A-001).`,
        `${csv}: row 4: Availability must be a whole number from 1 to 3.`,
        `isms: nothing imported from ${csv}: 2 problem(s)`,
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
    const db = openDatabase(path);
    expect(listAssets({ db, teamId: 'T1', clock }).map((a) => a.name)).toEqual(['CRM']);
    closeDatabase(db);
  });

  it('export writes an XLSX the auditor can open, and refuses a format that does not fit', async () => {
    const out = join(dir, 'assets.xlsx');
    const r = await runIsms(['export', 'assets', '--format', 'xlsx', '--out', out], env);
    expect([r.code, r.stderr]).toEqual([0, `wrote assets (1 rows) of T1 to ${out}\n`]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('Asset inventory')?.getRow(2).getCell(2).value).toBe('CRM');
    const md = await runIsms(['export', 'risks', '--format', 'md', '--out', join(dir, 'x.md')], env);
    expect([md.code, md.stderr]).toEqual([
      1,
      'isms: --format md is for isms export method or minutes only\n',
    ]);
    expect(existsSync(join(dir, 'x.md'))).toBe(false);
  });
});
