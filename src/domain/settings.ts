/**
 * Workspace settings (`/isms settings`): the delays before an approval is reminded and escalated, the
 * ISMS channel (where `/isms setup` ran, until changed) and the workspace time zone. Only the ISMS
 * owner changes them; each change, and each refused attempt, is evidence.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { workspaces } from '../store/schema/index.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import { rolesOf } from './roles.ts';

const days = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a whole number of days.` })
    .int(`${label} must be a whole number of days.`)
    .min(1, `${label} must be at least 1 day.`)
    .max(90, `${label} must be at most 90 days.`);

const SCHEMA = {
  approvalReminderDays: days('The reminder delay'),
  approvalEscalationDays: days('The escalation delay'),
  acceptanceReminderDays: days('The acceptance reminder delay'),
  acceptanceEscalationDays: days('The acceptance escalation delay'),
  ismsChannel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,20}$/, 'Give the ISMS channel as a channel mention, e.g. #isms.'),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Give the time zone as an IANA name, e.g. Europe/Berlin.'),
} as const;

export type SettingName = keyof typeof SCHEMA;
export const SETTING_NAMES = Object.keys(SCHEMA) as SettingName[];

export interface Settings {
  readonly approvalReminderDays: number;
  readonly approvalEscalationDays: number;
  /** A risk acceptance asked by DM (risk flow): reminded, then escalated to the ISMS owner. */
  readonly acceptanceReminderDays: number;
  readonly acceptanceEscalationDays: number;
  readonly ismsChannel?: string | undefined;
  readonly timeZone: string;
}

export const DEFAULT_SETTINGS: Settings = {
  approvalReminderDays: 2,
  approvalEscalationDays: 5,
  acceptanceReminderDays: 3,
  acceptanceEscalationDays: 7,
  timeZone: 'UTC',
};

export function isSettingName(name: string): name is SettingName {
  return (SETTING_NAMES as string[]).includes(name);
}

export function settingsOf(ctx: Ctx, defaults: Partial<Settings> = {}): Settings {
  const row = ctx.db
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(eq(workspaces.teamId, ctx.teamId))
    .get();
  return { ...DEFAULT_SETTINGS, ...defaults, ...((row?.settings ?? {}) as Partial<Settings>) };
}

/** A number of days a machine names by setting (e.g. `approvalReminderDays`). */
export function daysSetting(ctx: Ctx, name: string): number {
  const value = (settingsOf(ctx) as unknown as Record<string, unknown>)[name];
  if (typeof value !== 'number') throw new Error(`unknown day setting ${name}`);
  return value;
}

/** Change one setting: owner only; the refusal, or the change with its old value, is evidence. */
export function changeSetting(
  ctx: Ctx,
  actor: Actor,
  name: string,
  raw: string,
  place?: Place,
): { settings: Settings; changed: boolean } {
  if (!isSettingName(name))
    throw new DomainError(
      'VALIDATION',
      `There is no setting called ${name}. Settings: ${SETTING_NAMES.join(', ')}.`,
    );
  if (!rolesOf(ctx, actor.userId).includes('owner')) {
    appendEvidence(ctx, { actor, kind: 'settings.refused', data: { name, value: raw.slice(0, 200) }, place });
    throw new DomainError('FORBIDDEN', 'Only the ISMS owner can change settings. Your attempt was recorded.');
  }
  const parsed = SCHEMA[name].safeParse(raw);
  if (!parsed.success)
    throw new DomainError('VALIDATION', parsed.error.issues[0]?.message ?? 'Invalid value.');
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const before = settingsOf(t);
      const old = (before as unknown as Record<string, unknown>)[name];
      if (old === parsed.data) return { settings: before, changed: false }; // a no-op records nothing
      const stored = {
        ...((tx.select().from(workspaces).where(eq(workspaces.teamId, ctx.teamId)).get()?.settings ??
          {}) as object),
        [name]: parsed.data,
      };
      tx.insert(workspaces)
        .values({ teamId: ctx.teamId, createdAt: ctx.clock.now().toISOString(), settings: stored })
        .onConflictDoUpdate({ target: workspaces.teamId, set: { settings: stored } })
        .run();
      appendEvidence(t, {
        actor,
        kind: 'settings.changed',
        data: { name, from: old ?? null, to: parsed.data },
        place,
      });
      return { settings: settingsOf(t), changed: true };
    },
    { behavior: 'immediate' },
  );
}

/** The first `/isms setup` names the ISMS channel unless one is set. Inside the caller's transaction. */
export function defaultIsmsChannel(ctx: Ctx, channel: string): void {
  const row = ctx.db.select().from(workspaces).where(eq(workspaces.teamId, ctx.teamId)).get();
  const settings = (row?.settings ?? {}) as Record<string, unknown>;
  if (settings.ismsChannel || !/^[CG]/.test(channel)) return;
  ctx.db
    .update(workspaces)
    .set({ settings: { ...settings, ismsChannel: channel } })
    .where(eq(workspaces.teamId, ctx.teamId))
    .run();
}
