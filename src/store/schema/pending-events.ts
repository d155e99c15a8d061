import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Events due at a time for an instance: reminders, escalations, expiries, a child's completion.
 * The scheduler claims a row (`claimed_at`), sends its event as the system actor and marks it done in
 * the same transaction as the instance's new snapshot, so each fires once. One row per key and
 * instance: scheduling a key again moves it.
 */
export const pendingEvents = sqliteTable(
  'pending_events',
  {
    id: text('id').primaryKey(),
    teamId: teamId(),
    instanceId: text('instance_id').notNull(),
    key: text('key').notNull(),
    event: text('event', { mode: 'json' }).$type<{ type: string } & Record<string, unknown>>().notNull(),
    dueAt: timestamp('due_at'),
    claimedAt: text('claimed_at'),
    claimedBy: text('claimed_by'),
    doneAt: text('done_at'),
    /** What became of it: `fired`, `late` (fired after downtime), `dropped` (the step had moved on). */
    outcome: text('outcome'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    uniqueIndex('pending_events_instance_key').on(t.instanceId, t.key),
    index('pending_events_due').on(t.doneAt, t.dueAt),
  ],
);
