import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { slackEvents, slackRequests } from '../store/schema/index.ts';

/** An undelivered event older than this is not answered after a restart: its person has moved on. */
export const REDELIVERY_HORIZON_MS = 60 * 60 * 1000;
/** Handling an event is started at most this often (the first delivery and re-runs after restarts). */
export const MAX_EVENT_ATTEMPTS = 3;
/** Custom property of a re-run after a restart (redeliver.ts): its claim is already taken over. */
export const RERUN_PROPERTY = 'eventRerun';
const EVENT_KEY = 'eventKey';
const ANSWER_PENDING = 'eventAnswerPending';

export interface EventKey {
  readonly teamId: string;
  readonly eventId: string;
}

/**
 * The `slack_events` ledger: an event is claimed by one start of the app (`bootId`) and marked when
 * its answer was delivered. An undelivered one claimed by an earlier start (it crashed or stopped
 * while answering) may be taken over, within the horizon and the attempts, by exactly one claimant:
 * the take-over is a conditional write.
 */
export function eventLedger(db: Db, clock: Clock, bootId: string) {
  const open = () => sql`${slackEvents.deliveredAt} is null and ${slackEvents.body} is not null`;
  const takeable = () => {
    const horizon = new Date(clock.now().getTime() - REDELIVERY_HORIZON_MS).toISOString();
    return sql`${open()} and ${slackEvents.claimedBy} is not ${bootId}
      and ${slackEvents.attempts} < ${MAX_EVENT_ATTEMPTS} and ${slackEvents.receivedAt} >= ${horizon}`;
  };
  const keyIs = (k: EventKey) => and(eq(slackEvents.teamId, k.teamId), eq(slackEvents.eventId, k.eventId));
  return {
    /** First delivery, or Slack's redelivery of one an earlier start left unanswered: true; else a duplicate. */
    claim(key: EventKey, body: Record<string, unknown>): boolean {
      const r = db
        .insert(slackEvents)
        .values({ ...key, receivedAt: clock.now().toISOString(), body, claimedBy: bootId })
        .onConflictDoUpdate({
          target: [slackEvents.teamId, slackEvents.eventId],
          set: { claimedBy: bootId, attempts: sql`${slackEvents.attempts} + 1` },
          setWhere: takeable(),
        })
        .run();
      return r.changes === 1;
    },
    takeOver(key: EventKey): boolean {
      const r = db
        .update(slackEvents)
        .set({ claimedBy: bootId, attempts: sql`${slackEvents.attempts} + 1` })
        .where(and(keyIs(key), takeable()))
        .run();
      return r.changes === 1;
    },
    /** Answered (or nothing to answer): the body is no longer kept. */
    delivered(key: EventKey): void {
      db.update(slackEvents)
        .set({ deliveredAt: clock.now().toISOString(), body: null })
        .where(keyIs(key))
        .run();
    },
    /** Events earlier starts left unanswered and that may still be answered, oldest first. */
    undelivered(limit = 100): (EventKey & { body: Record<string, unknown> })[] {
      return db
        .select({ teamId: slackEvents.teamId, eventId: slackEvents.eventId, body: slackEvents.body })
        .from(slackEvents)
        .where(takeable())
        .orderBy(asc(slackEvents.receivedAt))
        .limit(limit)
        .all()
        .flatMap((r) => (r.body ? [{ teamId: r.teamId, eventId: r.eventId, body: r.body }] : []));
    },
    /** Unanswered events past the horizon or out of attempts: their bodies are dropped; how many. */
    giveUp(): number {
      const horizon = new Date(clock.now().getTime() - REDELIVERY_HORIZON_MS).toISOString();
      const r = db
        .update(slackEvents)
        .set({ body: null })
        .where(
          sql`${open()} and ${slackEvents.claimedBy} is not ${bootId} and (${slackEvents.attempts} >= ${MAX_EVENT_ATTEMPTS} or ${slackEvents.receivedAt} < ${horizon})`,
        )
        .run();
      return r.changes;
    },
  };
}
export type EventLedger = ReturnType<typeof eventLedger>;

/**
 * Bolt does not drop Slack's redeliveries (X-Slack-Retry-Num): it runs the listeners again. The first
 * delivery of an `event_id` claims it in the database; any later one, even after a restart, stops
 * here, unless an earlier start claimed it and never delivered its answer. An event no listener
 * answers later is marked delivered once the listeners are done; one that is answered later is
 * marked by its listener (`settleEvent`) when the answer reached Slack.
 */
export function dedupeEvents(ledger: EventLedger, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as { type?: string; event_id?: string; team_id?: string };
    if (b.type !== 'event_callback' || !b.event_id) return next();
    const key = { teamId: b.team_id ?? context.teamId ?? '', eventId: b.event_id };
    if (context[RERUN_PROPERTY] !== true && !ledger.claim(key, body as Record<string, unknown>)) {
      logger.info(
        { eventId: b.event_id, retryNum: context.retryNum, retryReason: context.retryReason },
        'duplicate event ignored',
      );
      return;
    }
    context[EVENT_KEY] = key;
    await next();
    if (context[ANSWER_PENDING] !== true) ledger.delivered(key);
  };
}

/**
 * For a listener that answers an event after its ack (work-queue.ts): the event counts as answered
 * only once its replies reached Slack or the person; until then a restart answers it again.
 */
export function settleEvent(context: Context, ledger: EventLedger): (delivered: boolean) => void {
  const key = context[EVENT_KEY] as EventKey | undefined;
  if (!key) return () => undefined;
  context[ANSWER_PENDING] = true;
  return (delivered) => {
    if (delivered) ledger.delivered(key);
  };
}

/** Slack refuses, and so do we, requests whose timestamp is further than this from now. */
export const REQUEST_WINDOW_SECONDS = 5 * 60;
const PRUNE_EVERY_MS = 60_000;

/**
 * Claim a verified request by its signature, once: false when the same signed bytes were accepted
 * before (a replay), also before a restart. A slash command has no id of its own that Slack would
 * resend, so the signature (HMAC of timestamp and body) is what identifies the request.
 */
export function requestClaims(db: Db, clock: Clock): (signature: string) => boolean {
  let prunedAt = 0;
  return (signature) => {
    const now = clock.now();
    if (now.getTime() - prunedAt > PRUNE_EVERY_MS) {
      // Twice the window: a request older than that is refused by its timestamp before it gets here.
      const horizon = new Date(now.getTime() - 2 * REQUEST_WINDOW_SECONDS * 1000).toISOString();
      db.delete(slackRequests).where(lt(slackRequests.receivedAt, horizon)).run();
      prunedAt = now.getTime();
    }
    const key = createHash('sha256').update(signature).digest('hex');
    const r = db
      .insert(slackRequests)
      .values({ key, receivedAt: now.toISOString() })
      .onConflictDoNothing()
      .run();
    return r.changes === 1;
  };
}
