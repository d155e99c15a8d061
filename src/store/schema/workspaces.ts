import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns.ts';

/** A Slack workspace (team) the bot has seen; `team_id` is its own key here. */
export const workspaces = sqliteTable('workspaces', {
  teamId: text('team_id').primaryKey(),
  name: text('name'),
  /** Workspace settings (`/isms settings`): delays, the ISMS channel, the time zone; see domain/settings.ts. */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at'),
});
