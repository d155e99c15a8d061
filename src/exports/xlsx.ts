/**
 * Registers as XLSX (exceljs): a bold, filled header row that stays frozen, filters on every
 * column, level cells in their level's colour, and for risks a heat map sheet: the method's matrix
 * as coloured cells counting inherent and residual risks.
 */
import ExcelJS from 'exceljs';
import { riskLevel } from '../domain/risk/level.ts';
import type { RiskMethod } from '../domain/risk/method.ts';
import type { RiskView } from '../domain/risk/views.ts';
import type { Table } from './tables.ts';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const fill = (hex: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: argb(hex) },
});

/** Black or white text, whichever reads better on `hex`. */
function ink(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lum = 0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
  return lum > 150 ? 'FF000000' : 'FFFFFFFF';
}

export function addTableSheet(wb: ExcelJS.Workbook, t: Table): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(t.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = fill('#37474F');
  header.alignment = { vertical: 'middle', wrapText: true };
  ws.addRows(t.rows.map((r) => [...r]));
  ws.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, t.rows.length + 1), column: t.columns.length },
  };
  t.colours?.forEach((cols, i) => {
    for (const [col, colour] of cols) {
      const cell = ws.getRow(i + 2).getCell(col + 1);
      cell.fill = fill(colour);
      cell.font = { bold: true, color: { argb: ink(colour) } };
    }
  });
  return ws;
}

/**
 * The heat map: for each cell of the current method's matrix, how many open risks sit there before
 * and after treatment. Risks assessed with another method version are counted below the grid.
 */
export function addHeatMapSheet(
  wb: ExcelJS.Workbook,
  method: RiskMethod,
  version: number,
  shown: readonly RiskView[] | 'levels',
) {
  // `levels`: the method's own matrix (its export), each cell named by its level instead of counted.
  const named = shown === 'levels';
  const views = named ? [] : shown;
  const ws = wb.addWorksheet(named ? 'Matrix' : 'Heat map');
  const onMethod = views.filter((v) => v.status === 'open' && v.methodVersion === version);
  const count = (l: number, i: number, residual: boolean) =>
    onMethod.filter((v) =>
      residual
        ? v.residual?.likelihood === l && v.residual?.impact === i
        : v.likelihood === l && v.impact === i,
    ).length;
  let row = 1;
  for (const residual of [false, true]) {
    ws.getCell(row, 1).value = residual
      ? 'Residual risk (after treatment)'
      : 'Inherent risk (before treatment)';
    ws.getCell(row, 1).font = { bold: true, size: 13 };
    row += 1;
    ws.getCell(row, 1).value = 'Likelihood \\ Impact';
    method.impact.forEach((imp, j) => {
      const c = ws.getCell(row, j + 2);
      c.value = `${imp.value} ${imp.label}`;
      c.font = { bold: true };
    });
    row += 1;
    for (const l of [...method.likelihood].reverse()) {
      ws.getCell(row, 1).value = `${l.value} ${l.label}`;
      ws.getCell(row, 1).font = { bold: true };
      method.impact.forEach((imp, j) => {
        const level = riskLevel(method, { likelihood: l.value, impact: imp.value });
        const c = ws.getCell(row, j + 2);
        c.value = named ? level.name : count(l.value, imp.value, residual);
        c.fill = fill(level.colour);
        c.font = { bold: true, color: { argb: ink(level.colour) } };
        c.alignment = { horizontal: 'center' };
        c.note = level.name;
      });
      row += 1;
    }
    row += 1;
  }
  const others = views.filter((v) => v.status === 'open' && v.methodVersion !== version).length;
  if (others > 0)
    ws.getCell(row, 1).value =
      `${others} open risk(s) were assessed with an earlier method version and are not in these grids; re-assess them to place them.`;
  ws.getColumn(1).width = 26;
  method.impact.forEach((_, j) => {
    ws.getColumn(j + 2).width = 16;
  });
  return ws;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'isms-bot';
  return wb;
}
