/**
 * Names for the console. Slack shows `<@U…>` as a name and turns a typed `@alice` into a mention; the
 * terminal has no directory, so the people the ISMS knows (and, for anyone else, an id made from the
 * name, `@alice` → `UALICE`) stand in for it.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { people } from '../store/schema/index.ts';

export interface ConsoleDirectory {
  nameOf(userId: string): string | undefined;
  idOf(name: string): string;
}

/** The console's stand-in id for a colleague named in the terminal. */
export const consoleUserId = (name: string) => `U${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;

export function consoleDirectory(
  db: Db,
  teamId: string,
  self: { userId: string; name?: string | undefined },
): ConsoleDirectory {
  // Read on every use: roles given during the session name people at once.
  const known = () =>
    db
      .select({ userId: people.userId, name: people.name })
      .from(people)
      .where(eq(people.teamId, teamId))
      .all();
  return {
    nameOf(userId) {
      if (userId === self.userId && self.name) return self.name;
      return known().find((p) => p.userId === userId)?.name ?? undefined;
    },
    idOf(name) {
      const lower = name.toLowerCase();
      if (self.name?.toLowerCase() === lower) return self.userId;
      return known().find((p) => p.name?.toLowerCase() === lower)?.userId ?? consoleUserId(name);
    },
  };
}
