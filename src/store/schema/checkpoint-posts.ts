import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * The weekly evidence checkpoint's post to the ISMS channel, as an outbox row written in the same
 * transaction as its `evidence.checkpoint` entry: posted until Slack takes it, each failure retried
 * with backoff (1 s, 2 s … 5 minutes) by the scheduler, and once posted never again.
 */
export const checkpointPosts = sqliteTable(
  'checkpoint_posts',
  {
    /** 128 random bits; also the Slack message's metadata, to find it again after a crash. */
    id: text('id').primaryKey(),
    teamId: teamId(),
    /** The `evidence.checkpoint` entry that claimed this week's checkpoint. */
    entrySeq: integer('entry_seq').notNull(),
    /** The checkpoint itself: the newest entry when it was claimed. */
    headSeq: integer('head_seq').notNull(),
    headHash: text('head_hash').notNull(),
    headAt: text('head_at').notNull(),
    channel: text('channel').notNull(),
    /** Null until posted. */
    ts: text('ts'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at'),
  },
  (t) => [uniqueIndex('checkpoint_posts_team_entry').on(t.teamId, t.entrySeq)],
);
