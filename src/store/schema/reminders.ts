import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

export const REMINDER_KINDS = [
  'management_review',
  'risk_review',
  'soa_review',
  'digest',
  'weekly_summary',
  'custom',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * A reminder schedule of a workspace: a 5-field cron expression in an IANA time zone (croner computes
 * `next_due_at`). The daily digest is one workspace row (no zone: each person's own) with one child row
 * per person in that person's Slack time zone. Deleting keeps the row (`deleted_at`), so a default the
 * owner removed is not created again.
 */
export const reminderSchedules = sqliteTable(
  'reminder_schedules',
  {
    id: text('id').primaryKey(),
    teamId: teamId(),
    /** What people type: `management-review`, `digest`, `R-001`; a digest child is `digest:<user>`. */
    name: text('name').notNull(),
    kind: text('kind', { enum: REMINDER_KINDS }).notNull(),
    cron: text('cron').notNull(),
    /** Null on the digest's workspace row: each person's Slack time zone. */
    timeZone: text('time_zone'),
    /** `channel` (the ISMS channel), `channel:<C…>`, `user:<U…>`. */
    target: text('target').notNull(),
    text: text('text'),
    parentId: text('parent_id'),
    userId: text('user_id'),
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    /** The next moment it is due; null while paused or on a row that only holds settings. */
    nextDueAt: text('next_due_at'),
    createdBy: text('created_by').notNull(),
    deletedAt: text('deleted_at'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (t) => [
    uniqueIndex('reminder_schedules_team_name').on(t.teamId, t.name),
    index('reminder_schedules_due').on(t.nextDueAt),
  ],
);

/**
 * One reminder to be sent: claimed by its idempotency key (schedule id + due time) in the transaction
 * that moves the schedule on, so two ticks racing create it once. It is also its own outbox row:
 * posted until Slack answers, each failure retried with backoff.
 */
export const reminderOccurrences = sqliteTable(
  'reminder_occurrences',
  {
    id: text('id').primaryKey(),
    teamId: teamId(),
    scheduleId: text('schedule_id').notNull(),
    /** `<schedule id>@<due ISO>`; a snooze is `<key>~snooze`. */
    key: text('key').notNull(),
    dueAt: text('due_at').notNull(),
    /** Sent after its due moment had long passed (downtime): said in the message. */
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    /** `pending` (to post), `sent`, `done`, `snoozed`, `skipped` (nothing to say, nobody to tell). */
    status: text('status', { enum: ['pending', 'sent', 'done', 'snoozed', 'skipped'] }).notNull(),
    /** A DM's recipient. */
    userId: text('user_id'),
    /** A channel id, or the user id of a DM until Slack answers with the IM channel. */
    channel: text('channel').notNull(),
    /** What the message says, fixed when the occurrence is created (JSON: title, lines, items). */
    body: text('body', { mode: 'json' }).$type<unknown>().notNull(),
    ts: text('ts'),
    snoozedFrom: text('snoozed_from'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    notBefore: text('not_before'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    uniqueIndex('reminder_occurrences_key').on(t.key),
    index('reminder_occurrences_outbox').on(t.status, t.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

/**
 * Which items a person's digest listed, until the end of that day in their time zone: a runtime
 * reminder about one of them is not also sent by its own DM that day.
 */
export const digestItems = sqliteTable(
  'digest_items',
  {
    teamId: teamId(),
    userId: text('user_id').notNull(),
    itemKey: text('item_key').notNull(),
    /** The local day's end (ISO instant). */
    until: text('until').notNull(),
    occurrenceId: text('occurrence_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.itemKey, t.until] })],
);
