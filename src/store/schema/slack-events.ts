import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Slack events, claimed once by `event_id`. Slack redelivers an event when it thinks the ack was late
 * (X-Slack-Retry-Num); a row here makes the second delivery a no-op, across restarts too. Claiming an
 * event is not answering it: the body is kept until its answer was delivered, so that an event whose
 * answer a crash lost is answered after the restart (src/slack/redeliver.ts), then cleared.
 */
export const slackEvents = sqliteTable(
  'slack_events',
  {
    teamId: teamId(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at'),
    /** The event as Slack sent it, until its answer was delivered (then null). */
    body: text('body', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The process (one id per start) answering it; another start may take an undelivered one over. */
    claimedBy: text('claimed_by'),
    /** Times its handling was started: the first delivery and each re-run after a restart. */
    attempts: integer('attempts').notNull().default(1),
    deliveredAt: text('delivered_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.eventId] })],
);
