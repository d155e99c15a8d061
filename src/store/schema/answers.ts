import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/** Questions asked and what was answered: thread context for follow-ups, and the 👍/👎 target. */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    userId: text('user_id').notNull(),
    channel: text('channel'),
    /** The thread the exchange lives in (the root ts), so follow-ups find their history. */
    threadTs: text('thread_ts'),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    answered: integer('answered', { mode: 'boolean' }).notNull(),
    refs: text('refs', { mode: 'json' }).$type<string[]>().notNull(),
    via: text('via').notNull(),
    at: timestamp('at'),
  },
  (t) => [index('answers_team_thread').on(t.teamId, t.channel, t.threadTs)],
);

/** One vote per person per answer; a second click changes the vote. */
export const answerFeedback = sqliteTable(
  'answer_feedback',
  {
    teamId: teamId(),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id),
    userId: text('user_id').notNull(),
    rating: text('rating', { enum: ['up', 'down'] }).notNull(),
    at: timestamp('at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.answerId, t.userId] })],
);
