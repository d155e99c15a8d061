/** One entry point for every register export: what, in which format, for one workspace. */

import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../domain/context.ts';
import { currentMethod } from '../domain/risk/methods.ts';
import { listRiskViews } from '../domain/risk/views.ts';
import { riskMethods } from '../store/schema/index.ts';
import { tableToCsv } from './csv.ts';
import { addHeatMapPicture } from './heatmap-image.ts';
import { methodMarkdown } from './method-markdown.ts';
import { assetTable, methodTable, riskTable, soaTable, type Table } from './tables.ts';
import { addHeatMapSheet, addTableSheet, newWorkbook, workbookBuffer } from './xlsx.ts';

export const EXPORT_KINDS = ['risks', 'soa', 'assets', 'method'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface Exported {
  readonly body: Buffer;
  readonly rows: number;
}

export async function exportRegister(ctx: Ctx, kind: ExportKind, format: ExportFormat): Promise<Exported> {
  if (format === 'json') {
    // The method as `isms import method FILE` reads it back: a team edits its own grid from here.
    if (kind !== 'method') throw new Error('only the method exports as JSON');
    const { method } = currentMethod(ctx);
    return { body: Buffer.from(`${JSON.stringify(method, null, 2)}\n`), rows: method.levels.length };
  }
  if (format === 'md') {
    if (kind !== 'method') throw new Error('only the method exports as Markdown');
    const { version, method } = currentMethod(ctx);
    const row = ctx.db
      .select({ createdAt: riskMethods.createdAt, createdBy: riskMethods.createdBy })
      .from(riskMethods)
      .where(and(eq(riskMethods.teamId, ctx.teamId), eq(riskMethods.version, version)))
      .get();
    return { body: Buffer.from(methodMarkdown(method, { version, ...row })), rows: method.levels.length };
  }
  const views = kind === 'risks' ? listRiskViews(ctx) : [];
  const table: Table =
    kind === 'risks'
      ? riskTable(ctx, views)
      : kind === 'soa'
        ? soaTable(ctx)
        : kind === 'assets'
          ? assetTable(ctx)
          : methodTable(ctx);
  if (format === 'csv') return { body: Buffer.from(tableToCsv(table)), rows: table.rows.length };
  const wb = newWorkbook();
  addTableSheet(wb, table);
  if (kind === 'risks' || kind === 'method') {
    const { version, method } = currentMethod(ctx);
    const sheet = addHeatMapSheet(wb, method, version, kind === 'method' ? 'levels' : views);
    // The same heat maps as a picture, for reports the auditor pastes the sheet into.
    if (kind === 'risks') await addHeatMapPicture(wb, sheet, method, version, views);
  }
  return { body: await workbookBuffer(wb), rows: table.rows.length };
}
