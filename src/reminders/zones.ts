/**
 * A person's Slack time zone (`users.info` tz), kept in `people.tz` once looked up, as the outbox of
 * workflow messages does. Without Slack (console, tests without a directory) only what is stored counts.
 */
import { and, eq } from 'drizzle-orm';
import type { Directory } from '../bot/flow-messages.ts';
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { people } from '../store/schema/index.ts';

export type ZoneLookup = (teamId: string, userId: string) => Promise<string | undefined>;

export function zoneLookup(db: Db, clock: Clock, directory?: Directory): ZoneLookup {
  return async (teamId, userId) => {
    const known = db
      .select({ tz: people.tz })
      .from(people)
      .where(and(eq(people.teamId, teamId), eq(people.userId, userId)))
      .get();
    if (known?.tz || !directory) return known?.tz ?? undefined;
    const tz = (await directory.user(teamId, userId).catch(() => undefined))?.timeZone;
    if (!tz) return undefined;
    const now = clock.now().toISOString();
    db.insert(people)
      .values({ teamId, userId, tz, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [people.teamId, people.userId], set: { tz, updatedAt: now } })
      .run();
    return tz;
  };
}
