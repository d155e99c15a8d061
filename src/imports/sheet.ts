/**
 * Reading a CSV or XLSX file into rows of text cells keyed by normalised header, with the sheet's
 * row number so a bad row can be named. Both formats go through exceljs; values are read as text.
 */
import { extname } from 'node:path';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** Row number as a spreadsheet shows it (the header is row 1). */
  readonly line: number;
  readonly cells: ReadonlyMap<string, string>;
}

export interface Sheet {
  readonly headers: readonly string[];
  readonly rows: readonly SheetRow[];
}

export class ImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`nothing imported: ${problems.length} problem(s)`);
    this.name = 'ImportError';
  }
}

/** `Residual likelihood` → `residuallikelihood`. */
export const normalise = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Our CSV exports neutralise formula-like cells with a leading apostrophe; importing one back
 * removes it again.
 */
const unneutralise = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

export async function readSheet(path: string): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  const ext = extname(path).toLowerCase();
  let ws: ExcelJS.Worksheet | undefined;
  if (ext === '.csv') {
    // `map` keeps every value as typed: no guessing of numbers or dates.
    ws = await wb.csv.readFile(path, { parserOptions: { trim: true }, map: (v: unknown) => v });
  } else if (ext === '.xlsx') {
    await wb.xlsx.readFile(path);
    ws = wb.worksheets[0];
  } else {
    throw new ImportError([`${path}: give a .csv or .xlsx file`]);
  }
  if (!ws || ws.rowCount === 0) throw new ImportError([`${path}: the file is empty`]);
  const headerRow = ws.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = normalise(cell.text);
  });
  const rows: SheetRow[] = [];
  ws.eachRow((row, line) => {
    if (line === 1) return;
    const cells = new Map<string, string>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const h = headers[col - 1];
      const text = unneutralise(cell.text.trim());
      if (h && text) cells.set(h, text);
    });
    if (cells.size > 0) rows.push({ line, cells });
  });
  return { headers: headers.filter(Boolean), rows };
}

/** The first header present among `aliases` (all normalised), if any. */
export function column(sheet: Sheet, aliases: readonly string[]): string | undefined {
  return aliases.find((a) => sheet.headers.includes(a));
}

/** Split a list cell: `A.5.1; A.8.24`, `A.5.1, A.8.24` or one per line. */
export const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(/[;,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
