import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';
import { risks } from './risks.ts';

/** What has to be done to carry out a risk treatment (6.1.3 e), by whom and by when. */
export const treatmentActions = sqliteTable(
  'treatment_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
    title: text('title').notNull(),
    ownerId: text('owner_id').notNull(),
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: ['open', 'done'] }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at'),
    doneBy: text('done_by'),
    doneAt: text('done_at'),
  },
  (t) => [index('treatment_actions_team_risk').on(t.teamId, t.riskId)],
);
