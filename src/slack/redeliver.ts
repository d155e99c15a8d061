/**
 * At start, events an earlier start claimed but never answered (it crashed or was stopped while the
 * answer was being made or retried) are answered: oldest first, each taken over by one process, run
 * through the app as if Slack had sent them again. Slack's own redelivery would be dropped as a
 * duplicate, or come too late; within the hour and the attempts (dedupe.ts), the answer is posted once.
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { type EventLedger, MAX_EVENT_ATTEMPTS, REDELIVERY_HORIZON_MS, RERUN_PROPERTY } from './dedupe.ts';
import type { WorkQueue } from './work-queue.ts';

/** Each event waits for room in `queue`: however many a crash left, none is answered "busy". */
export async function redeliverEvents(
  app: App,
  ledger: EventLedger,
  queue: WorkQueue,
  logger: Logger,
): Promise<number> {
  const given = ledger.giveUp();
  if (given > 0)
    logger.warn(
      { events: given, horizonMinutes: REDELIVERY_HORIZON_MS / 60_000, maxAttempts: MAX_EVENT_ATTEMPTS },
      'events left unanswered by an earlier start are given up (too old or tried too often)',
    );
  let rerun = 0;
  const seen = new Set<string>();
  // In pages, so that however many a crash left are all answered; `seen` ends the loop.
  for (;;) {
    const page = ledger.undelivered().filter((e) => !seen.has(`${e.teamId}/${e.eventId}`));
    if (page.length === 0) break;
    for (const event of page) {
      seen.add(`${event.teamId}/${event.eventId}`);
      await queue.room();
      if (!ledger.takeOver(event)) continue; // another process (or Slack's redelivery) took it
      rerun++;
      logger.info(
        { teamId: event.teamId, eventId: event.eventId },
        'answering an event a restart left unanswered',
      );
      try {
        await app.processEvent({
          body: event.body,
          ack: async () => undefined, // acked long ago, by the process that claimed it first
          customProperties: { [RERUN_PROPERTY]: true },
        });
      } catch (err) {
        logger.error({ err, teamId: event.teamId, eventId: event.eventId }, 'could not re-run an event');
      }
    }
  }
  return rerun;
}
