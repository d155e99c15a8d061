import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Action items decided in a management review (9.3.3), with owner and due date; each is followed by a
 * `review-action` instance that reminds its owner until it is done. The next review reports them (9.3.2 a).
 */
export const reviewActions = sqliteTable(
  'review_actions',
  {
    teamId: teamId(),
    /** `MR-2026-01-A1`. */
    ref: text('ref').notNull(),
    reviewRef: text('review_ref').notNull(),
    text: text('text').notNull(),
    ownerId: text('owner_id').notNull(),
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: ['open', 'done'] }).notNull(),
    note: text('note'),
    doneBy: text('done_by'),
    doneAt: text('done_at'),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    uniqueIndex('review_actions_team_ref').on(t.teamId, t.ref),
    index('review_actions_team_review').on(t.teamId, t.reviewRef),
  ],
);
