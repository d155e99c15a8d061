import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { SoaRow } from '../../domain/soa.ts';
import { teamId, timestamp } from './columns.ts';

/** Approved Statements of Applicability, one frozen snapshot of all 93 rows per version. */
export const soaVersions = sqliteTable(
  'soa_versions',
  {
    teamId: teamId(),
    version: integer('version').notNull(),
    rows: text('rows', { mode: 'json' }).$type<SoaRow[]>().notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: timestamp('approved_at'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.version] })],
);
