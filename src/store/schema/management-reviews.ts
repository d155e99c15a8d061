import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Approved management reviews (9.3): one row per review, written when the chair approves the minutes
 * and never changed after (UPDATE and DELETE refused by trigger): approval locks them. `doc` is the
 * whole record the minutes are rendered from (inputs, discussion, decisions, actions).
 */
export const managementReviews = sqliteTable(
  'management_reviews',
  {
    teamId: teamId(),
    /** `MR-2026-01`. */
    ref: text('ref').notNull(),
    instanceId: text('instance_id').notNull(),
    /** The meeting's day, YYYY-MM-DD. */
    heldOn: text('held_on').notNull(),
    chairId: text('chair_id').notNull(),
    doc: text('doc', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The approved minutes text. */
    minutes: text('minutes').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: timestamp('approved_at'),
  },
  (t) => [
    uniqueIndex('management_reviews_team_ref').on(t.teamId, t.ref),
    index('management_reviews_team_approved').on(t.teamId, t.approvedAt),
  ],
);
