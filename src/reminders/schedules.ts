/**
 * Reminder schedules of a workspace (`/isms remind`): the defaults every workspace starts with, and
 * the owner's changes to them. Each change, and each refused attempt, is evidence in the same
 * transaction; a bad cron expression or time zone is refused before anything is stored.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Actor, Ctx, Place } from '../domain/context.ts';
import { humanId } from '../domain/counters.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import { rolesOf } from '../domain/roles.ts';
import { settingsOf } from '../domain/settings.ts';
import { type ReminderKind, reminderSchedules } from '../store/schema/index.ts';
import { checkSchedule, nextDue } from './cron.ts';

export type Schedule = typeof reminderSchedules.$inferSelect;

const SYSTEM: Actor = { userId: 'system', name: 'isms-bot' };
export const newId = () => randomBytes(16).toString('hex');

/** What a workspace starts with; the owner changes, pauses or deletes any of them. */
export const DEFAULT_SCHEDULES: readonly {
  name: string;
  kind: ReminderKind;
  cron: string;
  /** False: each person's own Slack time zone (the digest). */
  workspaceZone: boolean;
}[] = [
  // 9.3: management review at planned intervals; yearly is the usual minimum.
  { name: 'management-review', kind: 'management_review', cron: '0 9 15 1 *', workspaceZone: true },
  // 6.1.2 / 8.2: risks reassessed at planned intervals.
  { name: 'risk-review', kind: 'risk_review', cron: '0 9 1 1,4,7,10 *', workspaceZone: true },
  // 6.1.3 d: the SoA kept current.
  { name: 'soa-review', kind: 'soa_review', cron: '0 9 1 2 *', workspaceZone: true },
  { name: 'digest', kind: 'digest', cron: '0 9 * * *', workspaceZone: false },
  { name: 'weekly-summary', kind: 'weekly_summary', cron: '0 9 * * 1', workspaceZone: true },
];

const zoneOf = (ctx: Ctx, fallback: string) => settingsOf(ctx, { timeZone: fallback }).timeZone;

/** Create the defaults once per workspace (a deleted default stays deleted: its row remains). */
export function ensureDefaults(ctx: Ctx, fallbackZone = 'UTC'): void {
  const any = ctx.db
    .select({ id: reminderSchedules.id })
    .from(reminderSchedules)
    .where(and(eq(reminderSchedules.teamId, ctx.teamId), ne(reminderSchedules.kind, 'custom')))
    .limit(1)
    .get();
  if (any) return;
  const now = ctx.clock.now();
  const zone = zoneOf(ctx, fallbackZone);
  for (const d of DEFAULT_SCHEDULES) {
    const tz = d.workspaceZone ? zone : null;
    ctx.db
      .insert(reminderSchedules)
      .values({
        id: newId(),
        teamId: ctx.teamId,
        name: d.name,
        kind: d.kind,
        cron: d.cron,
        timeZone: tz,
        target: 'channel',
        createdBy: SYSTEM.userId,
        // The digest's workspace row only holds its settings; each person's row is due.
        nextDueAt: tz ? (nextDue(d.cron, tz, now)?.toISOString() ?? null) : null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .onConflictDoNothing()
      .run();
  }
}

export function listSchedules(ctx: Ctx): Schedule[] {
  return ctx.db
    .select()
    .from(reminderSchedules)
    .where(
      and(
        eq(reminderSchedules.teamId, ctx.teamId),
        isNull(reminderSchedules.parentId),
        isNull(reminderSchedules.deletedAt),
      ),
    )
    .all();
}

export function scheduleNamed(ctx: Ctx, name: string): Schedule | undefined {
  return ctx.db
    .select()
    .from(reminderSchedules)
    .where(
      and(
        eq(reminderSchedules.teamId, ctx.teamId),
        eq(reminderSchedules.name, name),
        isNull(reminderSchedules.deletedAt),
      ),
    )
    .get();
}

function requireOwner(ctx: Ctx, actor: Actor, data: Record<string, unknown>, place?: Place): void {
  if (rolesOf(ctx, actor.userId).includes('owner')) return;
  appendEvidence(ctx, { actor, kind: 'reminder.refused', data, place });
  throw new DomainError(
    'FORBIDDEN',
    "Only the ISMS owner can change the workspace's reminders. Your attempt was recorded.",
  );
}

function mustFind(ctx: Ctx, name: string): Schedule {
  const s = scheduleNamed(ctx, name);
  if (!s || s.parentId)
    throw new DomainError(
      'NOT_FOUND',
      `There is no reminder called \`${name.slice(0, 40)}\`. \`/isms remind list\` shows them.`,
    );
  return s;
}

export interface NewSchedule {
  readonly cron: string;
  readonly timeZone: string;
  /** `channel` (the ISMS channel), `channel:<C…>` or `user:<U…>`. */
  readonly target: string;
  readonly text: string;
}

/** A custom reminder (`REM-001`), owner only. */
export function addSchedule(ctx: Ctx, actor: Actor, input: NewSchedule, place?: Place): Schedule {
  checkSchedule(input.cron, input.timeZone);
  if (!input.text.trim())
    throw new DomainError('VALIDATION', 'Say what to remind of after the target. Nothing was saved.');
  // Refused before the transaction: the refusal is evidence and must not roll back with it.
  requireOwner(ctx, actor, { action: 'add', ...input, text: input.text.slice(0, 200) }, place);
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const now = ctx.clock.now();
      const row = tx
        .insert(reminderSchedules)
        .values({
          id: newId(),
          teamId: ctx.teamId,
          name: humanId(t, 'REM'),
          kind: 'custom',
          cron: input.cron,
          timeZone: input.timeZone,
          target: input.target,
          text: input.text.slice(0, 2000),
          createdBy: actor.userId,
          nextDueAt: nextDue(input.cron, input.timeZone, now)?.toISOString() ?? null,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        })
        .returning()
        .get();
      appendEvidence(t, {
        actor,
        kind: 'reminder.added',
        subject: row.name,
        data: { cron: row.cron, timeZone: row.timeZone, target: row.target, text: row.text },
        place,
      });
      return row;
    },
    { behavior: 'immediate' },
  );
}

/** A new cron expression (and zone) for an existing reminder, e.g. a default; owner only. */
export function reschedule(
  ctx: Ctx,
  actor: Actor,
  name: string,
  cron: string,
  timeZone: string | null,
  place?: Place,
): Schedule {
  const s = mustFind(ctx, name);
  const tz = timeZone ?? s.timeZone;
  checkSchedule(cron, tz ?? 'UTC');
  // Refused before the transaction: the refusal is evidence and must not roll back with it.
  requireOwner(ctx, actor, { action: 'reschedule', name, cron, timeZone }, place);
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const now = ctx.clock.now();
      const next = (c: string, z: string | null) => (z ? (nextDue(c, z, now)?.toISOString() ?? null) : null);
      const set = { cron, timeZone: tz, updatedAt: now.toISOString() };
      const row = tx
        .update(reminderSchedules)
        .set({ ...set, nextDueAt: s.paused ? null : next(cron, tz) })
        .where(eq(reminderSchedules.id, s.id))
        .returning()
        .get();
      // The digest's people follow its new time in their own zones.
      if (!tz)
        for (const c of childrenOf(t, s.id))
          tx.update(reminderSchedules)
            .set({ cron, updatedAt: set.updatedAt, nextDueAt: c.paused ? null : next(cron, c.timeZone) })
            .where(eq(reminderSchedules.id, c.id))
            .run();
      appendEvidence(t, {
        actor,
        kind: 'reminder.rescheduled',
        subject: name,
        data: { from: { cron: s.cron, timeZone: s.timeZone }, to: { cron, timeZone: tz } },
        place,
      });
      return row;
    },
    { behavior: 'immediate' },
  );
}

export function childrenOf(ctx: Ctx, parentId: string): Schedule[] {
  return ctx.db
    .select()
    .from(reminderSchedules)
    .where(and(eq(reminderSchedules.teamId, ctx.teamId), eq(reminderSchedules.parentId, parentId)))
    .all();
}

/**
 * Pause or resume, owner only. A resumed schedule is next due at its next time from now: what fell
 * in the pause is not sent afterwards.
 */
export function setPaused(ctx: Ctx, actor: Actor, name: string, paused: boolean, place?: Place): Schedule {
  const s = mustFind(ctx, name);
  // Refused before the transaction: the refusal is evidence and must not roll back with it.
  requireOwner(ctx, actor, { action: paused ? 'pause' : 'resume', name }, place);
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      if (s.paused === paused)
        throw new DomainError(
          'CONFLICT',
          `\`${name}\` is already ${paused ? 'paused' : 'running'}; nothing was changed or recorded.`,
        );
      const now = ctx.clock.now();
      const next = !paused && s.timeZone ? (nextDue(s.cron, s.timeZone, now)?.toISOString() ?? null) : null;
      const row = tx
        .update(reminderSchedules)
        .set({ paused, nextDueAt: next, updatedAt: now.toISOString() })
        .where(eq(reminderSchedules.id, s.id))
        .returning()
        .get();
      // The digest's people rows move on from now too, so a resumed digest does not catch up.
      for (const c of childrenOf(t, s.id))
        tx.update(reminderSchedules)
          .set({
            nextDueAt: c.timeZone ? (nextDue(c.cron, c.timeZone, now)?.toISOString() ?? null) : null,
          })
          .where(eq(reminderSchedules.id, c.id))
          .run();
      appendEvidence(t, {
        actor,
        kind: paused ? 'reminder.paused' : 'reminder.resumed',
        subject: name,
        data: { name },
        place,
      });
      return row;
    },
    { behavior: 'immediate' },
  );
}

export function deleteSchedule(ctx: Ctx, actor: Actor, name: string, place?: Place): void {
  const s = mustFind(ctx, name);
  // Refused before the transaction: the refusal is evidence and must not roll back with it.
  requireOwner(ctx, actor, { action: 'delete', name }, place);
  ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const now = ctx.clock.now().toISOString();
      // The name is freed (a default deleted is not recreated: the row stays, renamed).
      tx.update(reminderSchedules)
        .set({
          deletedAt: now,
          nextDueAt: null,
          name: `${s.name}#deleted:${s.id.slice(0, 8)}`,
          updatedAt: now,
        })
        .where(eq(reminderSchedules.id, s.id))
        .run();
      tx.update(reminderSchedules)
        .set({ deletedAt: now, nextDueAt: null })
        .where(eq(reminderSchedules.parentId, s.id))
        .run();
      appendEvidence(t, {
        actor,
        kind: 'reminder.deleted',
        subject: name,
        data: { kind: s.kind, cron: s.cron, timeZone: s.timeZone, target: s.target },
        place,
      });
    },
    { behavior: 'immediate' },
  );
}

/**
 * `my-digest`: anyone pauses or resumes their own daily digest (no role needed: it is their DM).
 * Their digest row is created here when the tick has not made one yet.
 */
export function setOwnDigestPaused(ctx: Ctx, actor: Actor, paused: boolean, timeZone: string, place?: Place) {
  const digest = scheduleNamed(ctx, 'digest');
  if (!digest)
    throw new DomainError('NOT_FOUND', 'This workspace has no daily digest (the ISMS owner deleted it).');
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const now = ctx.clock.now();
      const name = `digest:${actor.userId}`;
      const mine = scheduleNamed(t, name);
      if (mine?.paused === paused || (!mine && !paused))
        throw new DomainError(
          'CONFLICT',
          `Your digest is already ${paused ? 'paused' : 'on'}; nothing was changed.`,
        );
      const tz = mine?.timeZone ?? timeZone;
      const next = paused ? null : (nextDue(digest.cron, tz, now)?.toISOString() ?? null);
      if (mine)
        tx.update(reminderSchedules)
          .set({ paused, nextDueAt: next, updatedAt: now.toISOString() })
          .where(eq(reminderSchedules.id, mine.id))
          .run();
      else
        tx.insert(reminderSchedules)
          .values({
            id: newId(),
            teamId: ctx.teamId,
            name,
            kind: 'digest',
            cron: digest.cron,
            timeZone: tz,
            target: `user:${actor.userId}`,
            parentId: digest.id,
            userId: actor.userId,
            paused,
            createdBy: actor.userId,
            nextDueAt: next,
            createdAt: now.toISOString(),
            updatedAt: now.toISOString(),
          })
          .run();
      appendEvidence(t, {
        actor,
        kind: paused ? 'reminder.paused' : 'reminder.resumed',
        subject: name,
        data: { name: 'my-digest' },
        place,
      });
      return { paused, nextDueAt: next, timeZone: tz };
    },
    { behavior: 'immediate' },
  );
}
