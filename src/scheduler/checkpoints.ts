/**
 * The weekly evidence checkpoint: for each workspace with an ISMS channel, once at least 7 days have
 * passed since the last one, the newest entry's `<seq>:<hash>` is posted there (a witness outside the
 * database: a chain cannot prove its own tail). Claimed by appending an `evidence.checkpoint` entry in
 * an immediate transaction only if none is newer than a week, so two schedulers claim it once; the post
 * is an outbox row written with that entry (`checkpoint_posts`), posted until Slack takes it: a failure
 * is retried with backoff (1 s, 2 s … 5 minutes) on later ticks without holding up anything else, and
 * a post that reached Slack is never made again.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Reply } from '../bot/types.ts';
import { checkpointMessage } from '../bot/views/checkpoint.ts';
import type { Clock } from '../domain/context.ts';
import { appendEvidence, evidenceHead } from '../domain/evidence.ts';
import { settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import { checkpointPosts, evidence, workspaces } from '../store/schema/index.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** How long one attempt holds a post before another tick may try it (a crashed process's attempt). */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

type PostRow = typeof checkpointPosts.$inferSelect;

/** Claim this week's checkpoint of every workspace that is due one: its entry and its post, together. */
function claimWeekly(db: Db, clock: Clock): void {
  const now = clock.now();
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  for (const { teamId } of db.select({ teamId: workspaces.teamId }).from(workspaces).all()) {
    const ctx = { db, teamId, clock };
    const channel = settingsOf(ctx).ismsChannel;
    if (!channel) continue;
    db.transaction(
      (tx) => {
        const t = { ...ctx, db: tx };
        const recent = tx
          .select({ seq: evidence.seq })
          .from(evidence)
          .where(
            and(
              eq(evidence.teamId, teamId),
              eq(evidence.kind, 'evidence.checkpoint'),
              gt(evidence.at, since),
            ),
          )
          .orderBy(desc(evidence.seq))
          .limit(1)
          .get();
        const head = evidenceHead(t);
        if (recent || !head) return;
        const entry = appendEvidence(t, {
          actor: { userId: 'system', name: 'isms-bot' },
          kind: 'evidence.checkpoint',
          data: { seq: head.seq, hash: head.hash, channel },
        });
        tx.insert(checkpointPosts)
          .values({
            id: randomBytes(16).toString('hex'),
            teamId,
            entrySeq: entry.seq,
            headSeq: head.seq,
            headHash: head.hash,
            headAt: head.at,
            channel,
            createdAt: now.toISOString(),
          })
          .run();
      },
      { behavior: 'immediate' },
    );
  }
}

/** Take a post for one attempt; false when another attempt holds it or it is backing off. */
function claimPost(db: Db, row: PostRow, now: Date, catchUp: boolean): boolean {
  const r = db
    .update(checkpointPosts)
    .set({
      nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString(),
      attempts: sql`${checkpointPosts.attempts} + 1`,
    })
    .where(
      and(
        eq(checkpointPosts.id, row.id),
        isNull(checkpointPosts.ts),
        catchUp
          ? undefined
          : or(isNull(checkpointPosts.nextAttemptAt), lte(checkpointPosts.nextAttemptAt, now.toISOString())),
      ),
    )
    .run();
  return r.changes === 1;
}

/**
 * Claim what is due this tick and render each checkpoint post still to be made, each reporting its own
 * outcome. `catchUp` (at start-up): also posts a previous process left leased or backing off.
 */
export function weeklyCheckpoints(db: Db, clock: Clock, catchUp = false): Reply[] {
  claimWeekly(db, clock);
  const now = clock.now();
  const due = db
    .select()
    .from(checkpointPosts)
    .where(
      and(
        isNull(checkpointPosts.ts),
        catchUp
          ? undefined
          : or(isNull(checkpointPosts.nextAttemptAt), lte(checkpointPosts.nextAttemptAt, now.toISOString())),
      ),
    )
    .all();
  return due
    .filter((row) => claimPost(db, row, now, catchUp))
    .map((row): Reply => {
      const attempts = row.attempts + 1;
      const head = { teamId: row.teamId, seq: row.headSeq, hash: row.headHash, at: row.headAt };
      const set = (v: Partial<PostRow>) =>
        db.update(checkpointPosts).set(v).where(eq(checkpointPosts.id, row.id)).run();
      return {
        type: 'message',
        channel: row.channel,
        message: checkpointMessage({ head, reason: 'Weekly checkpoint' }),
        onDelivered: (p) => set({ ts: p.ts, nextAttemptAt: null, lastError: null }),
        onFailed: (error) => {
          const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
          set({
            nextAttemptAt: new Date(clock.now().getTime() + backoff).toISOString(),
            lastError: error.slice(0, 200),
          });
        },
        // A second attempt may follow one that reached Slack but was never recorded: look first.
        mark: { id: row.id, recheck: row.attempts > 0 },
      };
    });
}
