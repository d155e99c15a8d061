import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/** The risk register (6.1.2): one row per risk; what was assessed lives in `risk_versions`. */
export const risks = sqliteTable(
  'risks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    /** Human id, `R-001` …, or the team's own id when imported. */
    ref: text('ref').notNull(),
    /** The number of an `R-NNN` ref, for the next id; null for an imported id of another form. */
    seq: integer('seq'),
    title: text('title').notNull(),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    currentVersion: integer('current_version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (t) => [uniqueIndex('risks_team_ref').on(t.teamId, t.ref), index('risks_team_seq').on(t.teamId, t.seq)],
);
