import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Where the team keeps documented information isms-bot does not produce itself (the policy 5.2, the
 * objectives 6.2, competence records 7.2 …): one row per registration, append-only (UPDATE and
 * DELETE refused by trigger); the latest row for a clause is the one in force.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    /** The clause of the mandatory documented information, e.g. `5.2`, `6.1.3 d`. */
    clause: text('clause').notNull(),
    /** An https link to the document. */
    link: text('link').notNull(),
    registeredBy: text('registered_by').notNull(),
    registeredAt: timestamp('registered_at'),
  },
  (t) => [index('documents_team_clause').on(t.teamId, t.clause)],
);
