/**
 * A person's Slack time zone (`users.info` tz), kept in `people.tz` once looked up, as the outbox of
 * workflow messages does; a `fresh` look-up (each digest as it goes out) asks Slack again, so a person
 * who moved gets the digest at 09:00 where they are now. Without Slack (console, tests without a
 * directory) only what is stored counts.
 */
import { and, eq } from 'drizzle-orm';
import type { Directory } from '../bot/flow-messages.ts';
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { people } from '../store/schema/index.ts';

/** `fresh`: ask Slack even when a zone is stored (a digest about to go out), keeping the answer. */
export type ZoneLookup = (
  teamId: string,
  userId: string,
  opts?: { fresh?: boolean },
) => Promise<string | undefined>;

export function zoneLookup(db: Db, clock: Clock, directory?: Directory): ZoneLookup {
  return async (teamId, userId, opts = {}) => {
    const known = db
      .select({ tz: people.tz })
      .from(people)
      .where(and(eq(people.teamId, teamId), eq(people.userId, userId)))
      .get();
    if ((known?.tz && !opts.fresh) || !directory) return known?.tz ?? undefined;
    // Slack unreachable or the person unknown there: what is stored still counts.
    const tz = (await directory.user(teamId, userId).catch(() => undefined))?.timeZone;
    if (!tz) return known?.tz ?? undefined;
    if (tz === known?.tz) return tz;
    const now = clock.now().toISOString();
    db.insert(people)
      .values({ teamId, userId, tz, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [people.teamId, people.userId], set: { tz, updatedAt: now } })
      .run();
    return tz;
  };
}
