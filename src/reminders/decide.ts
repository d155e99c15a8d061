/**
 * A click on a reminder's buttons, as evidence. Done closes this occurrence (the schedule still fires
 * next time); Snooze creates one later occurrence (1 day or 1 week, calendar days in the person's zone)
 * and retires this one; Open only records that it was opened. A DM is for its recipient; a channel
 * reminder for anyone holding an ISMS role. A second click, or one on a reminder already decided,
 * changes nothing and says so.
 */
import { and, eq } from 'drizzle-orm';
import { addCalendarDays } from '../domain/calendar.ts';
import type { Actor, Ctx, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import { rolesOf } from '../domain/roles.ts';
import { reminderOccurrences, reminderSchedules } from '../store/schema/index.ts';
import type { ReminderBody } from './occurrences.ts';
import type { Occurrence } from './outbox.ts';
import { newId } from './schedules.ts';

export type Decision = 'done' | 'snooze.day' | 'snooze.week' | 'open';

const day = (at: Date, timeZone: string) =>
  at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone });

export interface Decided {
  readonly occurrence: Occurrence;
  readonly body: ReminderBody;
  /** What the message says now (no buttons), unless it was only opened. */
  readonly note?: string;
  readonly scheduleName: string;
}

export function decideReminder(
  ctx: Ctx,
  actor: Actor,
  occurrenceId: string,
  decision: Decision,
  opts: { timeZone: string; place?: Place },
): Decided {
  const o = ctx.db
    .select()
    .from(reminderOccurrences)
    .where(and(eq(reminderOccurrences.id, occurrenceId), eq(reminderOccurrences.teamId, ctx.teamId)))
    .get();
  if (!o) throw new DomainError('NOT_FOUND', 'That reminder is no longer in use.');
  const schedule = ctx.db
    .select()
    .from(reminderSchedules)
    .where(eq(reminderSchedules.id, o.scheduleId))
    .get();
  const scheduleName = schedule?.parentId ? 'digest' : (schedule?.name ?? '?');
  const subject = `${scheduleName}@${o.dueAt}`;
  const mayAct = o.userId ? o.userId === actor.userId : rolesOf(ctx, actor.userId).length > 0;
  if (!mayAct) {
    // Recorded outside any transaction: the refusal must not roll back with the throw.
    appendEvidence(ctx, { actor, kind: 'reminder.refused', subject, data: { decision }, place: opts.place });
    throw new DomainError(
      'FORBIDDEN',
      o.userId
        ? `This reminder is for <@${o.userId}>. Your click was recorded.`
        : 'Only people with an ISMS role can act on this reminder. Your click was recorded.',
    );
  }
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const body = o.body as ReminderBody;
      if (decision === 'open') {
        appendEvidence(t, { actor, kind: 'reminder.opened', subject, data: { decision }, place: opts.place });
        return { occurrence: o, body, scheduleName };
      }
      const now = ctx.clock.now();
      const r = tx
        .update(reminderOccurrences)
        .set({
          status: decision === 'done' ? 'done' : 'snoozed',
          decidedBy: actor.userId,
          decidedAt: now.toISOString(),
        })
        .where(and(eq(reminderOccurrences.id, o.id), eq(reminderOccurrences.status, 'sent')))
        .run();
      if (r.changes !== 1)
        throw new DomainError(
          'CONFLICT',
          o.decidedBy
            ? `This reminder was already marked ${o.status} by <@${o.decidedBy}>; nothing changed.`
            : 'This reminder is not open; nothing changed.',
        );
      if (decision === 'done') {
        appendEvidence(t, { actor, kind: 'reminder.done', subject, data: { decision }, place: opts.place });
        return {
          occurrence: o,
          body,
          scheduleName,
          note: `:white_check_mark: Done — <@${actor.userId}>, ${day(now, opts.timeZone)}.`,
        };
      }
      const until = addCalendarDays(now, decision === 'snooze.day' ? 1 : 7, opts.timeZone);
      tx.insert(reminderOccurrences)
        .values({
          id: newId(),
          teamId: o.teamId,
          scheduleId: o.scheduleId,
          key: `${o.key}~snooze`,
          dueAt: until.toISOString(),
          status: 'pending',
          userId: o.userId,
          // A DM goes to the person again (its IM channel is where Slack put the first one).
          channel: o.userId ?? o.channel,
          body,
          snoozedFrom: o.id,
          notBefore: until.toISOString(),
          createdAt: now.toISOString(),
        })
        .run();
      appendEvidence(t, {
        actor,
        kind: 'reminder.snoozed',
        subject,
        data: { until: until.toISOString() },
        place: opts.place,
      });
      return {
        occurrence: o,
        body,
        scheduleName,
        note: `:zzz: Snoozed by <@${actor.userId}> until ${day(until, opts.timeZone)}.`,
      };
    },
    { behavior: 'immediate' },
  );
}
