/**
 * Registers as CSV. A cell that starts with =, +, - or @ would run as a formula when a spreadsheet
 * opens the file (CSV injection), so it gets a leading apostrophe; `isms import` strips it again.
 * The evidence export does NOT do this: its fields stay byte-exact so hashes can be recomputed.
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell, Table } from './tables.ts';

export function neutralise(cell: Cell): string {
  if (cell === null) return '';
  const s = String(cell);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function tableToCsv(t: Table): string {
  return stringify([t.columns.map((c) => c.header), ...t.rows.map((r) => r.map(neutralise))]);
}
