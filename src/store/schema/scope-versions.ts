import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/** Approved ISMS scope statements (4.3), one row per version; the highest is current. */
export const scopeVersions = sqliteTable(
  'scope_versions',
  {
    teamId: teamId(),
    version: integer('version').notNull(),
    statement: text('statement').notNull(),
    /** The answers behind it: issues (4.1), parties (4.2), boundaries and interfaces (4.3). */
    answers: text('answers', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    instanceId: text('instance_id').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: timestamp('approved_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.version] })],
);
