import { text } from 'drizzle-orm/sqlite-core';

/** Every table that holds a team's data carries the Slack team id, and every query filters on it. */
export const teamId = () => text('team_id').notNull();

/** ISO-8601 UTC timestamps as text: sortable, readable in exports, no time zone surprises. */
export const timestamp = (name: string) => text(name).notNull();
