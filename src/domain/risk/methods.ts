/**
 * Storing and reading a workspace's versioned risk method. Until a team sets one, the 5×5 preset
 * applies; it is stored as version 1 the first time a risk needs it, so every assessed risk points
 * at a stored version.
 */
import { and, desc, eq } from 'drizzle-orm';
import { riskMethods } from '../../store/schema/index.ts';
import type { Actor, Ctx, Place } from '../context.ts';
import { DomainError } from '../errors.ts';
import { appendEvidence } from '../evidence.ts';
import { parseMethod, type RiskMethod } from './method.ts';
import { DEFAULT_PRESET, PRESETS, type Preset, presetMethod } from './presets.ts';

export interface VersionedMethod {
  /** 0 when the team has not set or used a method yet (the default preset, not stored). */
  readonly version: number;
  readonly method: RiskMethod;
}

export type MethodInput = { readonly preset: string } | { readonly method: unknown };

export function currentMethod(ctx: Ctx): VersionedMethod {
  const row = ctx.db
    .select({ version: riskMethods.version, method: riskMethods.method })
    .from(riskMethods)
    .where(eq(riskMethods.teamId, ctx.teamId))
    .orderBy(desc(riskMethods.version))
    .limit(1)
    .get();
  return row ?? { version: 0, method: presetMethod(DEFAULT_PRESET) };
}

export function methodAt(ctx: Ctx, version: number): RiskMethod {
  const row = ctx.db
    .select({ method: riskMethods.method })
    .from(riskMethods)
    .where(and(eq(riskMethods.teamId, ctx.teamId), eq(riskMethods.version, version)))
    .get();
  if (!row) throw new DomainError('NOT_FOUND', `There is no risk method version ${version}.`);
  return row.method;
}

/** Every stored version, for readers that look at many risks at once (register, exports). */
export function allMethods(ctx: Ctx): Map<number, RiskMethod> {
  const rows = ctx.db
    .select({ version: riskMethods.version, method: riskMethods.method })
    .from(riskMethods)
    .where(eq(riskMethods.teamId, ctx.teamId))
    .all();
  return new Map(rows.map((r) => [r.version, r.method]));
}

/** The current method, stored first if the team still runs on the unstored default. Call in a tx. */
export function ensureMethod(ctx: Ctx, actor: Actor, place?: Place): VersionedMethod {
  const current = currentMethod(ctx);
  if (current.version > 0) return current;
  return insertVersion(ctx, actor, current.method, place, 'default');
}

export function resolveMethodInput(input: MethodInput): RiskMethod {
  if ('preset' in input) {
    if (!(PRESETS as readonly string[]).includes(input.preset))
      throw new DomainError(
        'VALIDATION',
        `There is no preset "${input.preset}"; pick one of ${PRESETS.join(', ')}, or give your own method.`,
      );
    return presetMethod(input.preset as Preset);
  }
  return parseMethod(input.method);
}

/** Throws when the new method cannot replace the current one (e.g. open acceptances). */
export type MethodGuard = (ctx: Ctx, next: RiskMethod) => void;

/**
 * Make a new method version current. `guard` checks what the change would break; callers use
 * `changeRiskMethod` (acceptances.ts), which passes the open-acceptance check.
 */
export function setRiskMethod(
  ctx: Ctx,
  actor: Actor,
  input: MethodInput,
  place: Place | undefined,
  guard: MethodGuard,
): VersionedMethod {
  const method = resolveMethodInput(input);
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      guard(t, method);
      return insertVersion(t, actor, method, place, 'set');
    },
    { behavior: 'immediate' },
  );
}

function insertVersion(
  ctx: Ctx,
  actor: Actor,
  method: RiskMethod,
  place: Place | undefined,
  why: 'default' | 'set',
): VersionedMethod {
  const version = currentMethod(ctx).version + 1;
  ctx.db
    .insert(riskMethods)
    .values({
      teamId: ctx.teamId,
      version,
      method,
      createdBy: actor.userId,
      createdAt: ctx.clock.now().toISOString(),
    })
    .run();
  appendEvidence(ctx, {
    actor,
    kind: 'risk.method_set',
    subject: `risk-method:${version}`,
    data: { version, why, method },
    place,
  });
  return { version, method };
}
