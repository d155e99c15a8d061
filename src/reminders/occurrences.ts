/**
 * Turning due schedules into occurrences, exactly once. In one immediate transaction a tick moves the
 * schedule's `next_due_at` on (only if it still holds the moment this tick read) and inserts the
 * occurrence under its idempotency key (schedule id + due moment): two ticks racing, or two processes
 * on one file, create it once. The schedule moves to its next time after *now*, so after downtime the
 * missed reminder is sent once, marked late, not once per missed period.
 */
import { and, eq, isNull, lte, notExists } from 'drizzle-orm';
import { escapeMrkdwn } from '../bot/views/text.ts';
import { endOfDay } from '../domain/calendar.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { holdersOf } from '../domain/roles.ts';
import { settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import {
  digestItems,
  people,
  reminderOccurrences,
  reminderSchedules,
  workspaces,
} from '../store/schema/index.ts';
import { isTimeZone, nextDue } from './cron.ts';
import { replaceHeldReminders } from './digest-items.ts';
import type { WaitingFor, WaitingItem } from './items.ts';
import { ensureDefaults, newId, type Schedule } from './schedules.ts';
import { weeklySummary } from './summary.ts';
import type { ZoneLookup } from './zones.ts';

/** Sent later than this after its due moment: marked late (the scheduler's rule). */
export const LATE_AFTER_MS = 60_000;

export interface ReminderBody {
  readonly kind: Schedule['kind'];
  readonly title: string;
  readonly lines: readonly string[];
  readonly items?: readonly WaitingItem[];
}

const TITLES: Record<Schedule['kind'], string> = {
  management_review: 'Management review is due (9.3)',
  risk_review: 'Risk register review is due (6.1.2, 8.2)',
  soa_review: 'Statement of Applicability review is due (6.1.3 d)',
  digest: 'Your ISMS digest',
  weekly_summary: 'ISMS weekly summary',
  custom: 'Reminder',
};
const HINTS: Partial<Record<Schedule['kind'], string>> = {
  management_review: 'Plan the review with top management: inputs, date, participants.',
  risk_review: 'Go through the register (`/isms risks`): stale, expiring and untreated risks first.',
  soa_review: 'Check each control is still right for the risks (`/isms soa`).',
};

export interface MaterialiseDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly waitingFor: WaitingFor;
  readonly zones: ZoneLookup;
  readonly timeZone: string;
}

/** Where an occurrence goes: the ISMS channel (the owner by DM while none is set), a channel, a person. */
function destination(ctx: Ctx, s: Schedule): { channel: string; userId: string | null } | undefined {
  if (s.userId) return { channel: s.userId, userId: s.userId };
  if (s.target.startsWith('user:')) return { channel: s.target.slice(5), userId: s.target.slice(5) };
  if (s.target.startsWith('channel:')) return { channel: s.target.slice(8), userId: null };
  const channel = settingsOf(ctx).ismsChannel;
  if (channel) return { channel, userId: null };
  const owner = holdersOf(ctx, 'owner')[0]?.userId;
  return owner ? { channel: owner, userId: owner } : undefined;
}

/** Each known person gets their own digest row, due at the digest's time in their Slack time zone. */
async function ensureDigestPeople(deps: MaterialiseDeps, teamId: string): Promise<void> {
  const { db, clock } = deps;
  const ctx = { db, teamId, clock };
  const digest = db
    .select()
    .from(reminderSchedules)
    .where(
      and(
        eq(reminderSchedules.teamId, teamId),
        eq(reminderSchedules.kind, 'digest'),
        isNull(reminderSchedules.parentId),
        isNull(reminderSchedules.deletedAt),
      ),
    )
    .get();
  if (!digest) return;
  const missing = db
    .select({ userId: people.userId })
    .from(people)
    .where(
      and(
        eq(people.teamId, teamId),
        isNull(people.deactivatedAt),
        notExists(
          db
            .select({ id: reminderSchedules.id })
            .from(reminderSchedules)
            .where(
              and(
                eq(reminderSchedules.teamId, teamId),
                eq(reminderSchedules.parentId, digest.id),
                eq(reminderSchedules.userId, people.userId),
              ),
            ),
        ),
      ),
    )
    .all();
  for (const { userId } of missing) {
    const tz = (await deps.zones(teamId, userId)) ?? settingsOf(ctx, { timeZone: deps.timeZone }).timeZone;
    const now = clock.now();
    db.insert(reminderSchedules)
      .values({
        id: newId(),
        teamId,
        name: `digest:${userId}`,
        kind: 'digest',
        cron: digest.cron,
        timeZone: tz,
        target: `user:${userId}`,
        parentId: digest.id,
        userId,
        createdBy: 'system',
        nextDueAt: nextDue(digest.cron, tz, now)?.toISOString() ?? null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .run();
  }
}

/** The message fixed at creation: a digest lists what waits for the person now. */
async function bodyOf(deps: MaterialiseDeps, s: Schedule): Promise<ReminderBody | undefined> {
  const ctx = { db: deps.db, teamId: s.teamId, clock: deps.clock };
  if (s.kind === 'digest') {
    const items = await deps.waitingFor(ctx, s.userId ?? '');
    if (items.length === 0) return undefined; // nothing due: no message at all
    return { kind: s.kind, title: TITLES.digest, lines: [], items };
  }
  if (s.kind === 'weekly_summary')
    return { kind: s.kind, title: TITLES.weekly_summary, lines: await weeklySummary(deps, s.teamId) };
  // The owner's words are escaped: a reminder's text cannot ping the channel or hide a link.
  const lines = [s.text ? escapeMrkdwn(s.text) : (HINTS[s.kind] ?? '')].filter(Boolean);
  return { kind: s.kind, title: s.kind === 'custom' ? `Reminder (${s.name})` : TITLES[s.kind], lines };
}

function dueSchedules(db: Db, now: string): Schedule[] {
  return db
    .select()
    .from(reminderSchedules)
    .where(
      and(
        eq(reminderSchedules.paused, false),
        isNull(reminderSchedules.deletedAt),
        lte(reminderSchedules.nextDueAt, now),
      ),
    )
    .all();
}

const localDay = (at: Date, timeZone: string) => at.toLocaleDateString('en-CA', { timeZone });

/**
 * A person's digest follows their Slack time zone, read as it falls due (not only when the digest row
 * was made): `tz` when it changed, and `later` when the digest's time there is still to come today
 * (moved west), so it goes then; when it has passed there today (moved east) it goes now, once.
 */
async function digestZone(
  deps: MaterialiseDeps,
  s: Schedule,
  now: Date,
): Promise<{ tz?: string | undefined; later?: Date | undefined }> {
  if (s.kind !== 'digest' || !s.userId || !s.parentId) return {};
  const current = await deps.zones(s.teamId, s.userId, { fresh: true });
  if (!current || current === s.timeZone || !isTimeZone(current)) return {};
  const next = nextDue(s.cron, current, now);
  const today = next && localDay(next, current) === localDay(now, current);
  return { tz: current, later: today ? next : undefined };
}

/** Create every due occurrence; returns how many this tick created. */
export async function materialise(deps: MaterialiseDeps): Promise<number> {
  const { db, clock } = deps;
  for (const { teamId } of db.select({ teamId: workspaces.teamId }).from(workspaces).all()) {
    ensureDefaults({ db, teamId, clock }, deps.timeZone);
    await ensureDigestPeople(deps, teamId);
  }
  const now = clock.now();
  let created = 0;
  for (const s of dueSchedules(db, now.toISOString())) {
    const parent = s.parentId
      ? db.select().from(reminderSchedules).where(eq(reminderSchedules.id, s.parentId)).get()
      : undefined;
    if (parent && (parent.paused || parent.deletedAt)) continue;
    const dueAt = s.nextDueAt ?? '';
    const ctx = { db, teamId: s.teamId, clock };
    const zone = await digestZone(deps, s, now);
    if (zone.later) {
      // The person moved: today's digest goes at the digest's time where they are now.
      db.update(reminderSchedules)
        .set({ timeZone: zone.tz, nextDueAt: zone.later.toISOString() })
        .where(and(eq(reminderSchedules.id, s.id), eq(reminderSchedules.nextDueAt, dueAt)))
        .run();
      continue;
    }
    const body = await bodyOf(deps, s);
    const to = destination(ctx, s);
    const tz = zone.tz ?? s.timeZone ?? deps.timeZone;
    const ok = db.transaction(
      (tx) => {
        const moved = tx
          .update(reminderSchedules)
          .set({
            nextDueAt: nextDue(s.cron, tz, now)?.toISOString() ?? null,
            ...(zone.tz ? { timeZone: zone.tz } : {}),
          })
          .where(and(eq(reminderSchedules.id, s.id), eq(reminderSchedules.nextDueAt, dueAt)))
          .run();
        if (moved.changes !== 1) return false; // another tick took this due moment
        const id = newId();
        const r = tx
          .insert(reminderOccurrences)
          .values({
            id,
            teamId: s.teamId,
            scheduleId: s.id,
            key: `${s.id}@${dueAt}`,
            dueAt,
            late: now.getTime() - new Date(dueAt).getTime() > LATE_AFTER_MS,
            status: body && to ? 'pending' : 'skipped',
            userId: to?.userId ?? null,
            channel: to?.channel ?? '',
            body: body ?? { kind: s.kind, title: TITLES[s.kind], lines: [] },
            createdAt: now.toISOString(),
          })
          .onConflictDoNothing()
          .run();
        if (r.changes !== 1) return false;
        // Recorded with the digest itself: today's DM reminders about these items are left out,
        // also one already asked for and held for the person's working hours.
        if (s.kind === 'digest' && s.userId && body?.items) {
          replaceHeldReminders(tx, s.teamId, s.userId, id, body.items);
          for (const item of body.items)
            tx.insert(digestItems)
              .values({
                teamId: s.teamId,
                userId: s.userId,
                itemKey: item.key,
                until: endOfDay(now, tz).toISOString(),
                occurrenceId: id,
              })
              .onConflictDoNothing()
              .run();
        }
        return body !== undefined && to !== undefined;
      },
      { behavior: 'immediate' },
    );
    if (ok) created++;
  }
  return created;
}
