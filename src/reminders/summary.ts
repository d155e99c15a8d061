/**
 * The weekly summary posted to the ISMS channel: what waits for whom (overdue first), and what the
 * reminders of the past week came to.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { people, reminderOccurrences } from '../store/schema/index.ts';
import type { WaitingFor } from './items.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function weeklySummary(
  deps: { db: Db; clock: Clock; waitingFor: WaitingFor },
  teamId: string,
): Promise<string[]> {
  const { db, clock } = deps;
  const ctx = { db, teamId, clock };
  const folks = db
    .select({ userId: people.userId })
    .from(people)
    .where(and(eq(people.teamId, teamId), isNull(people.deactivatedAt)))
    .all();
  const lines: string[] = [];
  let open = 0;
  let overdue = 0;
  for (const { userId } of folks) {
    const items = await deps.waitingFor(ctx, userId);
    if (items.length === 0) continue;
    const late = items.filter((i) => i.overdue).length;
    open += items.length;
    overdue += late;
    lines.push(`• <@${userId}>: ${items.length} open${late ? `, *${late} overdue*` : ''}`);
  }
  const since = new Date(clock.now().getTime() - WEEK_MS).toISOString();
  const week = db
    .select({ status: reminderOccurrences.status })
    .from(reminderOccurrences)
    .where(and(eq(reminderOccurrences.teamId, teamId), gt(reminderOccurrences.createdAt, since)))
    .all()
    .filter((o) => o.status !== 'skipped');
  const count = (s: string) => week.filter((o) => o.status === s).length;
  return [
    open ? `*${open}* open item(s), *${overdue}* overdue:` : 'Nothing is waiting for anyone. :tada:',
    ...lines.slice(0, 40),
    ...(lines.length > 40 ? [`…and ${lines.length - 40} more people.`] : []),
    `Reminders in the past week: ${week.length} (done ${count('done')}, snoozed ${count('snoozed')}, open ${count('sent') + count('pending')}).`,
  ];
}
