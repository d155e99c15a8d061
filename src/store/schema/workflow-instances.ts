import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * One running (or finished) workflow. The xstate snapshot is persisted after every transition in
 * the same transaction as the evidence it produced; `version` makes concurrent writers fail cleanly.
 */
export const workflowInstances = sqliteTable(
  'workflow_instances',
  {
    /** `<flow prefix>-<32 hex>`: 128 random bits, so ids never collide. */
    id: text('id').primaryKey(),
    teamId: teamId(),
    flow: text('flow').notNull(),
    /** The machine definition the instance started on; it finishes on that one. */
    machineVersion: integer('machine_version').notNull().default(1),
    /** What the instance is about, e.g. risk `R-007`; null for a flow about the whole ISMS. */
    subject: text('subject'),
    /** The instance that started this one (a child), told when it finishes. */
    parentId: text('parent_id'),
    /** The flow key while a singleton flow is active; a partial unique index allows one at a time. */
    singletonKey: text('singleton_key'),
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
  (t) => [
    index('workflow_instances_team_status').on(t.teamId, t.status),
    index('workflow_instances_parent').on(t.parentId),
    // One active instance of a singleton flow per team, enforced by the insert itself.
    uniqueIndex('workflow_instances_singleton')
      .on(t.teamId, t.singletonKey)
      .where(sql`status = 'active' and singleton_key is not null`),
  ],
);
