/**
 * Reading risks: each risk's current version with its levels (through level.ts), assets, treatment
 * actions and acceptance state. Built in bulk so a register of a thousand risks is a handful of
 * queries, not thousands.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { assets, riskAcceptances, risks, riskVersions, treatmentActions } from '../../store/schema/index.ts';
import type { Ctx } from '../context.ts';
import { DomainError } from '../errors.ts';
import { dayOf } from '../input.ts';
import { type AcceptanceRecord, type AcceptanceStatus, acceptanceStatus, inForce } from './acceptance.ts';
import { type Rating, riskLevel } from './level.ts';
import type { RiskLevelDef, RiskMethod } from './method.ts';
import { allMethods } from './methods.ts';

export type RiskVersionRow = typeof riskVersions.$inferSelect;
export type TreatmentActionRow = typeof treatmentActions.$inferSelect;
export type AcceptanceRow = typeof riskAcceptances.$inferSelect;

export interface RiskView extends Omit<RiskVersionRow, 'teamId' | 'riskId'> {
  readonly id: number;
  readonly ref: string;
  readonly status: 'open' | 'closed';
  readonly method: RiskMethod;
  readonly assets: readonly { readonly ref: string; readonly name: string }[];
  readonly inherent: RiskLevelDef;
  readonly residual: Rating | null;
  readonly residualLevel: RiskLevelDef | null;
  readonly actions: readonly TreatmentActionRow[];
  readonly overdueActions: number;
  readonly acceptance: AcceptanceStatus;
  /** Every decision row, superseded ones and the rows superseding them included (the history). */
  readonly acceptances: readonly AcceptanceRow[];
}

/** Every risk of the team (or those with `refs`), in register order (R-001 first). */
export function listRiskViews(ctx: Ctx, refs?: readonly string[]): RiskView[] {
  const team = eq(risks.teamId, ctx.teamId);
  const rows = ctx.db
    .select({ risk: risks, v: riskVersions })
    .from(risks)
    .innerJoin(
      riskVersions,
      and(eq(riskVersions.riskId, risks.id), eq(riskVersions.version, risks.currentVersion)),
    )
    .where(refs ? and(team, inArray(risks.ref, [...refs])) : team)
    .orderBy(asc(risks.id))
    .all();
  if (rows.length === 0) return [];
  const ids = refs ? rows.map((r) => r.risk.id) : undefined;
  const byRisk = <T extends { riskId: number }>(list: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of list) m.set(x.riskId, [...(m.get(x.riskId) ?? []), x]);
    return m;
  };
  const actions = byRisk(
    ctx.db
      .select()
      .from(treatmentActions)
      .where(
        and(eq(treatmentActions.teamId, ctx.teamId), ids ? inArray(treatmentActions.riskId, ids) : undefined),
      )
      .orderBy(asc(treatmentActions.id))
      .all(),
  );
  const acceptances = byRisk(
    ctx.db
      .select()
      .from(riskAcceptances)
      .where(
        and(eq(riskAcceptances.teamId, ctx.teamId), ids ? inArray(riskAcceptances.riskId, ids) : undefined),
      )
      .orderBy(asc(riskAcceptances.id))
      .all(),
  );
  const assetRows = new Map(
    ctx.db
      .select({ id: assets.id, ref: assets.ref, name: assets.name })
      .from(assets)
      .where(eq(assets.teamId, ctx.teamId))
      .all()
      .map((a) => [a.id, a]),
  );
  const methods = allMethods(ctx);
  const today = dayOf(ctx.clock.now());
  return rows.map(({ risk, v }) => {
    const method = methods.get(v.methodVersion);
    if (!method) throw new Error(`risk ${risk.ref} points at missing method version ${v.methodVersion}`);
    const residual =
      v.residualLikelihood !== null && v.residualImpact !== null
        ? { likelihood: v.residualLikelihood, impact: v.residualImpact }
        : null;
    const acts = actions.get(risk.id) ?? [];
    const accs = acceptances.get(risk.id) ?? [];
    const { teamId: _t, riskId: _r, ...version } = v;
    return {
      ...version,
      id: risk.id,
      ref: risk.ref,
      status: risk.status,
      title: risk.title,
      method,
      assets: v.assetIds.flatMap((id) => {
        const a = assetRows.get(id);
        return a ? [{ ref: a.ref, name: a.name }] : [];
      }),
      inherent: riskLevel(method, v),
      residual,
      residualLevel: residual ? riskLevel(method, residual) : null,
      actions: acts,
      overdueActions: acts.filter((a) => a.status === 'open' && a.dueOn < today).length,
      acceptance: acceptanceStatus(method, residual, inForce(accs).map(toRecord), today),
      acceptances: accs,
    };
  });
}

export function getRisk(ctx: Ctx, ref: string): RiskView {
  const [view] = listRiskViews(ctx, [ref.trim()]);
  if (!view) throw new DomainError('NOT_FOUND', `There is no risk ${ref}.`);
  return view;
}

/** Every version of a risk, oldest first (the register shows them as history). */
export function riskHistory(ctx: Ctx, ref: string): RiskVersionRow[] {
  const view = getRisk(ctx, ref);
  return ctx.db
    .select()
    .from(riskVersions)
    .where(and(eq(riskVersions.teamId, ctx.teamId), eq(riskVersions.riskId, view.id)))
    .orderBy(asc(riskVersions.version))
    .all();
}

export function toRecord(a: AcceptanceRow): AcceptanceRecord {
  return a;
}
