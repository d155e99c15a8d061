/**
 * Questions answered by the bot, and people's 👍/👎 on them. Q&A is read-only towards the ISMS:
 * nothing here touches workflows, risks or evidence.
 */
import { and, asc, desc, eq, gte, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { answerFeedback, answers } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import { DomainError } from './errors.ts';

export interface RecordAnswer {
  readonly userId: string;
  readonly channel?: string | undefined;
  readonly threadTs?: string | undefined;
  readonly question: string;
  readonly answer: string;
  readonly answered: boolean;
  readonly refs: readonly string[];
  readonly via: string;
}

export function recordAnswer(ctx: Ctx, a: RecordAnswer): number {
  const row = ctx.db
    .insert(answers)
    .values({
      teamId: ctx.teamId,
      userId: a.userId,
      channel: a.channel ?? null,
      threadTs: a.threadTs ?? null,
      question: a.question,
      answer: a.answer,
      answered: a.answered,
      refs: [...a.refs],
      via: a.via,
      at: ctx.clock.now().toISOString(),
    })
    .returning({ id: answers.id })
    .get();
  return row.id;
}

/** Earlier answered exchanges of a thread, oldest first (at most `limit`, the most recent). */
export function threadHistory(ctx: Ctx, channel: string, threadTs: string, limit = 3) {
  const rows = ctx.db
    .select()
    .from(answers)
    .where(and(eq(answers.teamId, ctx.teamId), eq(answers.channel, channel), eq(answers.threadTs, threadTs)))
    .orderBy(asc(answers.id))
    .all();
  return rows
    .filter((r) => r.answered)
    .slice(-limit)
    .map((r) => ({ question: r.question, answer: r.answer, refs: r.refs }));
}

/**
 * The person's last answered top-level exchange in a DM, if recent: a new top-level message is read
 * with it only when it reads as a follow-up (the rule lives in src/knowledge/retrieve.ts).
 */
export function recentTopLevel(ctx: Ctx, channel: string, userId: string, withinMs = 30 * 60_000) {
  const since = new Date(ctx.clock.now().getTime() - withinMs).toISOString();
  const row = ctx.db
    .select()
    .from(answers)
    .where(
      and(
        eq(answers.teamId, ctx.teamId),
        eq(answers.channel, channel),
        eq(answers.userId, userId),
        isNull(answers.threadTs),
        gte(answers.at, since),
      ),
    )
    .orderBy(desc(answers.id))
    .limit(1)
    .get();
  return row?.answered ? [{ question: row.question, answer: row.answer, refs: row.refs }] : [];
}

const ratingInput = z.object({
  answerId: z.coerce.number().int().positive(),
  rating: z.enum(['up', 'down']),
});

/** Store a vote; a second click by the same person replaces their vote. */
export function rateAnswer(
  ctx: Ctx,
  userId: string,
  input: { answerId: unknown; rating: unknown },
): 'up' | 'down' {
  const parsed = ratingInput.safeParse(input);
  if (!parsed.success) throw new DomainError('VALIDATION', 'That feedback button is not valid any more.');
  const { answerId, rating } = parsed.data;
  const exists = ctx.db
    .select({ id: answers.id })
    .from(answers)
    .where(and(eq(answers.teamId, ctx.teamId), eq(answers.id, answerId)))
    .get();
  if (!exists) throw new DomainError('NOT_FOUND', 'I cannot find that answer any more.');
  const at = ctx.clock.now().toISOString();
  ctx.db
    .insert(answerFeedback)
    .values({ teamId: ctx.teamId, answerId, userId, rating, at })
    .onConflictDoUpdate({
      target: [answerFeedback.teamId, answerFeedback.answerId, answerFeedback.userId],
      set: { rating, at },
    })
    .run();
  return rating;
}
