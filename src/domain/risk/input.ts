/** What a risk assessment is made of, as the flow, the import and re-assessment send it. */
import { z } from 'zod';
import { TREATMENTS } from '../../store/schema/risk-versions.ts';
import { controlId, isoDate, parseInput, rating, userId } from '../input.ts';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => s || null);

export const actionInput = z.object({
  title: z.string().trim().min(1, 'is required').max(200),
  ownerId: userId,
  dueOn: isoDate,
});
export type ActionInput = z.input<typeof actionInput>;

export const riskInput = z
  .object({
    title: text(120),
    scenario: z.string().trim().min(1, 'is required: say in plain words what could happen').max(2000),
    threat: text(500),
    vulnerability: text(500),
    /** Asset refs or names. */
    assets: z.array(z.string().trim().min(1)).default([]),
    ownerId: userId,
    likelihood: rating(10),
    impact: rating(10),
    treatment: z.enum(TREATMENTS, { message: `must be one of ${TREATMENTS.join(', ')}` }).nullish(),
    controls: z.array(controlId).default([]),
    treatmentPlan: text(2000),
    residualLikelihood: rating(10).optional(),
    residualImpact: rating(10).optional(),
    actions: z.array(actionInput).default([]),
  })
  .superRefine((r, ctx) => {
    if ((r.residualLikelihood === undefined) !== (r.residualImpact === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['residualImpact'],
        message: 'and residual likelihood go together',
      });
    if (r.residualLikelihood !== undefined && !r.treatment)
      ctx.addIssue({ code: 'custom', path: ['treatment'], message: 'is needed before a residual rating' });
    if (r.treatment === 'modify' && r.controls.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['controls'],
        message: 'must name at least one control to modify the risk',
      });
  });
export type RiskInput = z.input<typeof riskInput>;
export type ParsedRisk = z.output<typeof riskInput>;

export const RISK_LABELS = {
  title: 'Title',
  scenario: 'Scenario',
  threat: 'Threat',
  vulnerability: 'Vulnerability',
  assets: 'Assets',
  ownerId: 'Risk owner',
  likelihood: 'Likelihood',
  impact: 'Impact',
  treatment: 'Treatment',
  controls: 'Control',
  treatmentPlan: 'Treatment plan',
  residualLikelihood: 'Residual likelihood',
  residualImpact: 'Residual impact',
  actions: 'Treatment action',
};

export function parseRisk(input: unknown, what = 'This risk cannot be saved'): ParsedRisk {
  return parseInput(riskInput, input, what, RISK_LABELS);
}

export const riskRef = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$/, 'must be letters, digits, ., _ or - (at most 30)');
