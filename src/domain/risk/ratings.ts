/**
 * The register reduced to where each risk sits: its current ratings and owner, one join and a few
 * columns. For readers that count or place risks (App Home's heat map, `/isms status`, picking whose
 * acceptance waits) without building every full view; levels still come from level.ts.
 */
import { and, eq } from 'drizzle-orm';
import { risks, riskVersions } from '../../store/schema/index.ts';
import type { Ctx } from '../context.ts';
import { type Rating, riskLevel } from './level.ts';
import type { RiskLevelDef, RiskMethod } from './method.ts';
import { allMethods } from './methods.ts';

export interface RiskRating {
  readonly ref: string;
  readonly status: 'open' | 'closed';
  readonly ownerId: string;
  readonly methodVersion: number;
  readonly inherent: Rating;
  readonly residual: Rating | null;
  /** The level it is at now: residual once rated, else inherent. */
  readonly level: RiskLevelDef;
  readonly method: RiskMethod;
}

export function listRiskRatings(ctx: Ctx): RiskRating[] {
  const methods = allMethods(ctx);
  return ctx.db
    .select({
      ref: risks.ref,
      status: risks.status,
      ownerId: riskVersions.ownerId,
      methodVersion: riskVersions.methodVersion,
      likelihood: riskVersions.likelihood,
      impact: riskVersions.impact,
      residualLikelihood: riskVersions.residualLikelihood,
      residualImpact: riskVersions.residualImpact,
    })
    .from(risks)
    .innerJoin(
      riskVersions,
      and(eq(riskVersions.riskId, risks.id), eq(riskVersions.version, risks.currentVersion)),
    )
    .where(eq(risks.teamId, ctx.teamId))
    .all()
    .map((r) => {
      const method = methods.get(r.methodVersion);
      if (!method) throw new Error(`risk ${r.ref} points at missing method version ${r.methodVersion}`);
      const inherent = { likelihood: r.likelihood, impact: r.impact };
      const residual =
        r.residualLikelihood !== null && r.residualImpact !== null
          ? { likelihood: r.residualLikelihood, impact: r.residualImpact }
          : null;
      return {
        ref: r.ref,
        status: r.status,
        ownerId: r.ownerId,
        methodVersion: r.methodVersion,
        inherent,
        residual,
        level: riskLevel(method, residual ?? inherent),
        method,
      };
    });
}
