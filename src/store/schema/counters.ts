import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId } from './columns.ts';

/** Per-workspace sequences for human ids (`R-001`, `MR-2026-01`): one row per team and name. */
export const counters = sqliteTable(
  'counters',
  {
    teamId: teamId(),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.name] })],
);
