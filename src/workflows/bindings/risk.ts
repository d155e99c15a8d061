/**
 * The risk flow as the runtime runs it: its input (the workspace's method, and a stored risk's answers
 * when it is re-assessed), the domain writes for what it emits (an inline asset, the assessment as a
 * new risk or a new version, each acceptance decision and its correction), and the checks of its forms that need the
 * workspace. The rules stay in src/domain/risk/; this file only calls them.
 */
import { fromPromise } from 'xstate';
import { FLOWS } from '../../../flows/index.ts';
import type { AcceptedResidual, RiskEmitted, RiskFlowInput, Suggestions } from '../../../flows/risk.ts';
import { type AssetInput, createAsset, listAssets } from '../../domain/assets.ts';
import { findControl } from '../../domain/catalog.ts';
import type { Actor, Ctx } from '../../domain/context.ts';
import type { EventActor, FormValues } from '../../domain/flow-meta.ts';
import { expiryProblem } from '../../domain/risk/acceptance.ts';
import { decideAcceptance, supersedeAcceptance } from '../../domain/risk/acceptances.ts';
import { reviewOn } from '../../domain/risk/flow-text.ts';
import { currentMethod } from '../../domain/risk/methods.ts';
import { createRisk, findRiskId, reassessRisk } from '../../domain/risk/risks.ts';
import { suggestControls, suggestThreats } from '../../domain/risk/threats.ts';
import { getRisk, listRiskViews, type RiskView } from '../../domain/risk/views.ts';
import { placeOf } from '../instances.ts';
import type { RuntimeFlow } from '../types.ts';
import { provideAll } from './provide.ts';

const actorOf = (a: EventActor): Actor => ({ userId: a.userId, name: a.name });
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A stored risk's current assessment as the flow's answers (a re-assessment starts from them). */
function answersOf(v: RiskView): FormValues {
  return {
    title: v.title,
    assets: v.assets.map((a) => a.ref),
    threat: v.threat,
    vulnerability: v.vulnerability,
    scenario: v.scenario,
    likelihood: String(v.likelihood),
    impact: String(v.impact),
    ownerId: v.ownerId,
    treatment: v.treatment,
    controls: [...v.controls],
    treatmentPlan: v.treatmentPlan,
    residualLikelihood: v.residualLikelihood === null ? null : String(v.residualLikelihood),
    residualImpact: v.residualImpact === null ? null : String(v.residualImpact),
  };
}

function acceptedOf(v: RiskView): AcceptedResidual | null {
  const a = v.acceptance.current;
  if (v.acceptance.state !== 'accepted' || !a?.expiresOn) return null;
  return {
    likelihood: a.residualLikelihood,
    impact: a.residualImpact,
    expiresOn: a.expiresOn,
    reviewOn: reviewOn(a.expiresOn, a.decidedAt),
  };
}

/** What the threat catalogue says about what was typed (6.1.2 c, 6.1.3 b): a help, shown with the steps. */
export function suggestionsFor(text: string): Suggestions {
  return {
    threats: suggestThreats(text, 3).map((t) => `${t.id} ${t.title}`),
    controls: suggestControls(text)
      .slice(0, 6)
      .map((c) => `${c} ${findControl(c)?.title ?? ''}`.trim()),
  };
}

export function riskFlowInput(ctx: Ctx, ref: string): RiskFlowInput {
  const { method } = currentMethod(ctx);
  if (findRiskId(ctx, ref) === undefined) return { ref, method };
  const view = getRisk(ctx, ref);
  return { ref, method, answers: answersOf(view), accepted: acceptedOf(view) };
}

/** Field errors for a step's answers that only the workspace can judge. */
function checkForm(ctx: Ctx, context: Record<string, unknown>, event: string, values: FormValues) {
  const errors: Record<string, string> = {};
  const ref = str(context.ref);
  if (event === 'risk.identify.submit') {
    if (!str(values.scenario) && !(str(values.threat) && str(values.vulnerability)))
      errors.scenario =
        'Describe the scenario in plain words, or give both a threat and the vulnerability it exploits.';
  }
  if (event === 'risk.asset.add') {
    const name = str(values.name).toLowerCase();
    const clash = listAssets(ctx).find((a) => a.name.toLowerCase() === name);
    if (clash)
      errors.name = `There is already an asset called "${clash.name}" (${clash.ref}): pick it in the list instead.`;
  }
  if (event === 'risk.treat.submit') {
    const controls = Array.isArray(values.controls) ? values.controls : [];
    if (values.treatment === 'modify' && controls.length === 0)
      errors.controls = 'Pick at least one Annex A control to modify the risk, or choose another option.';
  }
  if (event === 'risk.accept' && findRiskId(ctx, ref) !== undefined) {
    const level = getRisk(ctx, ref).residualLevel;
    const problem = level && expiryProblem(level, str(values.expiresOn), ctx.clock.now());
    if (problem) errors.expiresOn = problem;
  }
  return errors;
}

export function riskBinding(): RuntimeFlow {
  const entry = FLOWS.risk;
  if (!entry) throw new Error('risk flow missing from flows/index.ts');
  return {
    ...provideAll(entry, {
      actors: { suggest: fromPromise(async ({ input }) => suggestionsFor((input as { text: string }).text)) },
    }),
    singleton: false,
    ownCommand: true,
    input: (ctx, { subject }) => {
      if (!subject) throw new Error('a risk flow needs its risk id as subject');
      return riskFlowInput(ctx, subject);
    },
    onEmitted: (ctx, emitted, instance) => {
      const e = emitted as unknown as RiskEmitted;
      const place = placeOf(instance);
      // Each verb appends its own evidence in this transaction; a refusal rolls the step back.
      if (e.type === 'risk.asset.create')
        createAsset(ctx, actorOf(e.actor), e.values as unknown as AssetInput, place);
      if (e.type === 'risk.assessed') {
        const input = e.input as Parameters<typeof createRisk>[2];
        if (findRiskId(ctx, e.ref) === undefined)
          createRisk(ctx, actorOf(e.actor), { ...input, ref: e.ref }, place);
        else reassessRisk(ctx, actorOf(e.actor), e.ref, input, place);
      }
      if (e.type === 'risk.decided')
        decideAcceptance(
          ctx,
          actorOf(e.actor),
          e.ref,
          { decision: e.decision, justification: e.justification, expiresOn: e.expiresOn },
          place,
        );
      if (e.type === 'risk.superseded')
        supersedeAcceptance(
          ctx,
          actorOf(e.actor),
          e.ref,
          { reason: e.reason, expected: { decision: e.decision, decidedBy: e.decidedBy } },
          place,
        );
      return [];
    },
    check: (ctx, step, values, event) => checkForm(ctx, step.context, event ?? '', values),
    home: (ctx) => {
      const open = listRiskViews(ctx).filter((v) => v.status === 'open');
      if (!open.length) return '*Risks:* none yet (`/isms risk new`)';
      const accepted = open.filter((v) => v.acceptance.state === 'accepted').length;
      const waiting = open.filter((v) => v.acceptance.next).length;
      return `*Risks:* ${open.length} open, ${accepted} accepted, ${waiting} waiting for a decision (\`/isms risks\`)`;
    },
  };
}
