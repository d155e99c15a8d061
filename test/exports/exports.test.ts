/** Exports read back: parse the XLSX and CSV and compare with what the database holds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset, listAssets } from '../../src/domain/assets.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { decideAcceptance } from '../../src/domain/risk/acceptances.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { listRiskViews } from '../../src/domain/risk/views.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { getSoa, setSoaEntry } from '../../src/domain/soa.ts';
import { neutralise } from '../../src/exports/csv.ts';
import { exportRegister } from '../../src/exports/index.ts';
import { riskRow } from '../../src/exports/tables.ts';
import { importFile } from '../../src/imports/import.ts';
import { offlineDirectory } from '../../src/imports/people.ts';
import { readSheet } from '../../src/imports/sheet.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { domainOnDisk, owner } from '../helpers/domain.ts';

const dir = mkdtempSync(join(tmpdir(), 'isms-export-'));
let db: Db;
let ctx: Ctx;
const dana = { userId: 'UDANA' };

beforeEach(() => {
  ({ db, ctx } = domainOnDisk());
  claimOwnership(ctx, owner);
  createAsset(ctx, owner, {
    name: '=HYPERLINK("http://evil")',
    type: 'software',
    ownerId: 'UDANA',
    location: '@cloud',
    confidentiality: 3,
    integrity: 2,
    availability: 1,
  });
  createAsset(ctx, owner, {
    name: 'CRM',
    type: 'service',
    ownerId: 'UIT',
    confidentiality: 2,
    integrity: 2,
    availability: 2,
  });
  createRisk(ctx, owner, {
    scenario: '-1+1 looks like a formula',
    assets: ['CRM'],
    ownerId: dana.userId,
    likelihood: 4,
    impact: 5,
    treatment: 'modify',
    controls: ['A.8.24', 'A.5.15'],
    residualLikelihood: 2,
    residualImpact: 2,
  });
  createRisk(ctx, owner, { scenario: 'Backups fail silently', ownerId: 'UIT', likelihood: 3, impact: 3 });
  decideAcceptance(ctx, dana, 'R-001', {
    decision: 'accepted',
    justification: 'Encryption and access reviews in place.',
    expiresOn: '2027-05-01',
  });
  setSoaEntry(ctx, owner, { controlId: 'A.7.4', applicable: false, justification: 'Fully remote company.' });
});
afterEach(() => closeDatabase(db));

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
/** A row's cell values from column 1, blanks as null (exceljs leaves holes in the array). */
const values = (ws: ExcelJS.Worksheet, row: number) =>
  Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(row).getCell(i + 1).value ?? null);

describe('exports', () => {
  it('writes the risk register as XLSX: frozen, filtered header, level colours, a heat map', async () => {
    const wb = await readXlsx((await exportRegister(ctx, 'risks', 'xlsx')).body);
    const ws = wb.getWorksheet('Risk register') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).font?.bold).toBe(true);
    const views = listRiskViews(ctx);
    expect(ws.rowCount).toBe(views.length + 1);
    views.forEach((v, i) => {
      expect(values(ws, i + 2)).toEqual(riskRow(v));
    });
    expect(values(ws, 2).slice(0, 1)).toEqual(['R-001']);
    // Inherent Critical (4×5) and residual Low (2×2) in their colours; acceptance shown.
    const r1 = ws.getRow(2);
    expect([r1.getCell(10).value, (r1.getCell(10).fill as ExcelJS.FillPattern).fgColor?.argb]).toEqual([
      'Critical',
      'FFC62828',
    ]);
    expect([r1.getCell(16).value, (r1.getCell(16).fill as ExcelJS.FillPattern).fgColor?.argb]).toEqual([
      'Low',
      'FF2E7D32',
    ]);
    expect([r1.getCell(17).value, r1.getCell(18).value]).toEqual(['accepted', '2027-05-01']);
    const heat = wb.getWorksheet('Heat map') as ExcelJS.Worksheet;
    // Inherent grid: row 3 is likelihood 5, so likelihood 4 is row 4; impact 5 is column 6.
    expect(heat.getCell(4, 1).value).toBe('4 Likely');
    expect(heat.getCell(4, 6).value).toBe(1);
    expect((heat.getCell(4, 6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC62828');
    expect(heat.getCell(5, 4).value).toBe(1); // 3×3: R-002
    const cells = [];
    for (let r = 3; r <= 7; r++) for (let c = 2; c <= 6; c++) cells.push(Number(heat.getCell(r, c).value));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(2);
    expect(heat.getCell(9, 1).value).toBe('Residual risk (after treatment)');
  });

  it('writes CSV with formula-like cells neutralised, and reads back equal to the database', async () => {
    const csv = (await exportRegister(ctx, 'assets', 'csv')).body.toString();
    expect(csv).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(csv).toContain("'@cloud");
    const path = join(dir, 'assets.csv');
    writeFileSync(path, csv);
    const sheet = await readSheet(path);
    expect(
      sheet.rows.map((r) => [r.cells.get('id'), r.cells.get('name'), r.cells.get('systemorlocation')]),
    ).toEqual(listAssets(ctx).map((a) => [a.ref, a.name, a.location ?? undefined]));
    const risks = (await exportRegister(ctx, 'risks', 'csv')).body.toString();
    expect(risks.split('\n')[1]).toMatch(/^R-001,'-1\+1 looks like a formula,'-1\+1 looks like a formula,/);
    expect(neutralise('+49 30 1234')).toBe("'+49 30 1234");
    expect(neutralise(3)).toBe('3');
  });

  it('round-trips: an exported inventory and register import into another workspace unchanged', async () => {
    const other = { ...ctx, teamId: 'T2' };
    claimOwnership(other, owner);
    for (const kind of ['assets', 'risks'] as const) {
      const path = join(dir, `${kind}.xlsx`);
      writeFileSync(path, (await exportRegister(ctx, kind, 'xlsx')).body);
      await importFile(other, owner, kind, path, offlineDirectory);
    }
    const strip = ({
      id: _i,
      teamId: _t,
      createdAt: _c,
      createdBy: _b,
      ...a
    }: ReturnType<typeof listAssets>[number]) => a;
    expect(listAssets(other).map(strip)).toEqual(listAssets(ctx).map(strip));
    const pick = (c: Ctx) =>
      listRiskViews(c).map((v) => [
        v.ref,
        v.scenario,
        v.ownerId,
        v.likelihood,
        v.impact,
        v.controls,
        v.residual,
        v.assets,
      ]);
    expect(pick(other)).toEqual(pick(ctx));
  });

  it('exports the SoA with all 93 controls and the method as a table, a heat map and the 6.1.2 document', async () => {
    const wb = await readXlsx((await exportRegister(ctx, 'soa', 'xlsx')).body);
    const ws = wb.getWorksheet('Statement of Applicability') as ExcelJS.Worksheet;
    expect(ws.rowCount).toBe(94);
    const soa = getSoa(ctx);
    const byId = new Map<string, unknown[]>();
    for (let r = 2; r <= 94; r++) byId.set(String(ws.getRow(r).getCell(1).value), values(ws, r));
    expect(byId.get('A.8.24')?.slice(3, 5)).toEqual(['yes', 'R-001']);
    expect(byId.get('A.7.4')?.slice(3, 7)).toEqual(['no', null, null, 'Fully remote company.']);
    expect([...byId.keys()]).toEqual(soa.map((r) => r.controlId));
    const method = (await exportRegister(ctx, 'method', 'csv')).body.toString().trim().split('\n');
    expect(method).toHaveLength(26);
    expect(method[25]).toBe('5,Almost certain,5,Severe,Critical,#C62828,none,');
    const matrix = (await readXlsx((await exportRegister(ctx, 'method', 'xlsx')).body)).getWorksheet(
      'Matrix',
    );
    if (!matrix) throw new Error('the method workbook has no Matrix sheet');
    expect([matrix.getCell(3, 1).value, matrix.getCell(3, 2).value, matrix.getCell(3, 6).value]).toEqual([
      '5 Almost certain',
      'Medium',
      'Critical',
    ]);
    expect((matrix.getCell(3, 6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC62828');
    const md = (await exportRegister(ctx, 'method', 'md')).body.toString();
    expect(md).toContain(
      'Method: **5×5 likelihood × impact** (version 1, in force since 2026-11-24, set by UOWNER).',
    );
  });
});
