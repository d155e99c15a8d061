import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * One running (or finished) workflow. The xstate snapshot is persisted after every transition in
 * the same transaction as the evidence it produced; `version` makes concurrent writers fail cleanly.
 */
export const workflowInstances = sqliteTable(
  'workflow_instances',
  {
    id: text('id').primaryKey(),
    teamId: teamId(),
    flow: text('flow').notNull(),
    status: text('status', { enum: ['active', 'done', 'cancelled'] }).notNull(),
    /** The current state's key (e.g. `issues`), for stale-button checks and listings. */
    step: text('step').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<unknown>().notNull(),
    version: integer('version').notNull(),
    channel: text('channel').notNull(),
    threadTs: text('thread_ts'),
    /** The message that shows the current step (updated in place). */
    messageTs: text('message_ts'),
    permalink: text('permalink'),
    /** Highest version shown in Slack; lower than `version` after a crash between commit and post. */
    renderedVersion: integer('rendered_version').notNull().default(0),
    startedBy: text('started_by').notNull(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
  (t) => [index('workflow_instances_team_status').on(t.teamId, t.status)],
);
