import { createHash } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { lt } from 'drizzle-orm';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { slackEvents, slackRequests } from '../store/schema/index.ts';

/**
 * Bolt does not drop Slack's redeliveries (X-Slack-Retry-Num): it runs the listeners again. The first
 * delivery of an `event_id` claims it in the database; any later one, even after a restart, stops here.
 */
export function dedupeEvents(db: Db, clock: Clock, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as { type?: string; event_id?: string; team_id?: string };
    if (b.type === 'event_callback' && b.event_id) {
      const claimed = db
        .insert(slackEvents)
        .values({
          teamId: b.team_id ?? context.teamId ?? '',
          eventId: b.event_id,
          receivedAt: clock.now().toISOString(),
        })
        .onConflictDoNothing()
        .run();
      if (claimed.changes === 0) {
        logger.info(
          { eventId: b.event_id, retryNum: context.retryNum, retryReason: context.retryReason },
          'duplicate event ignored',
        );
        return;
      }
    }
    await next();
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
