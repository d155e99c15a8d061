import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Slack event ids already handled. Slack redelivers an event when it thinks the ack was late
 * (X-Slack-Retry-Num); a row here makes the second delivery a no-op, across restarts too.
 */
export const slackEvents = sqliteTable(
  'slack_events',
  {
    teamId: teamId(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.eventId] })],
);
