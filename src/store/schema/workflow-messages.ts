import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * Every Slack message that shows an instance: its status in the flow's thread, a DM to each person
 * the step is addressed to, and one-off notices (reminders, escalations). A row is written in the
 * same transaction as the step it is for; the outbox posts or updates it until `rendered_version`
 * reaches the instance's version, so a crash or a failing Slack loses nothing.
 */
export const workflowMessages = sqliteTable(
  'workflow_messages',
  {
    /** 128 random bits; also put in the Slack message's metadata to find it again after a crash. */
    id: text('id').primaryKey(),
    teamId: teamId(),
    instanceId: text('instance_id').notNull(),
    /** `thread`, `dm:<user>`, `notice:<key>`: one row per key and instance. */
    key: text('key').notNull(),
    kind: text('kind', { enum: ['thread', 'dm', 'notice'] }).notNull(),
    /** For a DM: the step it asks for; once the instance has moved on the copy says so, without buttons. */
    step: text('step'),
    /** For a DM or a notice to a person: whom. */
    userId: text('user_id'),
    /** Where it is (or will be) posted; a user id for a DM until Slack answers with the IM channel. */
    channel: text('channel').notNull(),
    threadTs: text('thread_ts'),
    /** Null until posted. */
    ts: text('ts'),
    /** A notice's fixed text; for a DM that was answered, who decided. Step messages are rendered. */
    text: text('text'),
    /** Highest instance version shown; -1 marks a copy that no longer follows the step (stale). */
    renderedVersion: integer('rendered_version').notNull().default(0),
    /** Not before this moment (working hours of the recipient). */
    notBefore: text('not_before'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    uniqueIndex('workflow_messages_instance_key').on(t.instanceId, t.key),
    index('workflow_messages_ts').on(t.channel, t.ts),
  ],
);
