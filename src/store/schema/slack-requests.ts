import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns.ts';

/**
 * Signed HTTP requests already accepted, by a hash of their signature. Slack signs `v0:ts:body`, so
 * the same bytes sent again inside the 5-minute window carry the same signature: a row here makes the
 * replay a no-op, across restarts too. Rows older than the window are pruned (a replay that old is
 * refused by its timestamp). No team column: the key is the request itself, whatever it says.
 */
export const slackRequests = sqliteTable(
  'slack_requests',
  {
    key: text('key').primaryKey(),
    receivedAt: timestamp('received_at'),
  },
  (t) => [index('slack_requests_received_at').on(t.receivedAt)],
);
