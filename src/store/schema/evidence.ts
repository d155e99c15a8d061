import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * The audit trail. Append-only (UPDATE and DELETE are refused by triggers, see migrations) and
 * hash-chained per team: each row stores the hash of the team's previous row, so any change to a
 * past row breaks every hash after it.
 */
export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    /** 1, 2, 3 … within the team. */
    seq: integer('seq').notNull(),
    at: timestamp('at'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name'),
    /** What happened, e.g. `workflow.started`, `step.submitted`, `step.approved`. */
    kind: text('kind').notNull(),
    /** What it happened to, e.g. a workflow instance id. */
    subject: text('subject'),
    step: text('step'),
    data: text('data', { mode: 'json' }).$type<unknown>().notNull(),
    channel: text('channel'),
    threadTs: text('thread_ts'),
    permalink: text('permalink'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('evidence_team_seq').on(t.teamId, t.seq),
    index('evidence_team_subject').on(t.teamId, t.subject),
  ],
);
