import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Role } from '../../domain/flow-meta.ts';
import { teamId, timestamp } from './columns.ts';

export type { Role };

/** A Slack user known to the ISMS, with the roles the ISMS owner gave them (5.3). */
export const people = sqliteTable(
  'people',
  {
    teamId: teamId(),
    userId: text('user_id').notNull(),
    name: text('name'),
    roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull().default([]),
    /** The person's Slack time zone (users.info), for working hours; null until looked up. */
    tz: text('tz'),
    /** Set when Slack says the account is deactivated: their open steps go to the ISMS owner. */
    deactivatedAt: text('deactivated_at'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);
