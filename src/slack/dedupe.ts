import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { slackEvents } from '../store/schema/index.ts';

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
