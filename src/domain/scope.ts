/** The approved ISMS scope (4.3), versioned: a later scoping run proposes changes to the current one. */
import { and, desc, eq } from 'drizzle-orm';
import { scopeVersions } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import type { FormValues } from './flow-meta.ts';

export type ScopeVersion = typeof scopeVersions.$inferSelect;

export function currentScope(ctx: Ctx): ScopeVersion | undefined {
  return ctx.db
    .select()
    .from(scopeVersions)
    .where(eq(scopeVersions.teamId, ctx.teamId))
    .orderBy(desc(scopeVersions.version))
    .limit(1)
    .get();
}

export function scopeVersion(ctx: Ctx, version: number): ScopeVersion | undefined {
  return ctx.db
    .select()
    .from(scopeVersions)
    .where(and(eq(scopeVersions.teamId, ctx.teamId), eq(scopeVersions.version, version)))
    .get();
}

/** Call inside the transaction that approves it, so the version and its evidence land together. */
export function saveApprovedScope(
  ctx: Ctx,
  s: { statement: string; answers: FormValues; instanceId: string; approvedBy: string },
): ScopeVersion {
  const version = (currentScope(ctx)?.version ?? 0) + 1;
  return ctx.db
    .insert(scopeVersions)
    .values({ teamId: ctx.teamId, version, ...s, approvedAt: ctx.clock.now().toISOString() })
    .returning()
    .get();
}
