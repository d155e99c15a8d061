/**
 * What the risk flow shows at each step, computed from its context: the level through the one level
 * rule (level.ts), the criteria, the scales with their descriptions, the treatment and the actions.
 * Pure, so flows/risk.ts can call it; user text is escaped here because these lines are shown as
 * mrkdwn (they carry mentions and colour squares).
 */
import type { FormValues } from '../flow-meta.ts';
import { colourSquare } from './colour.ts';
import { type Rating, riskLevel, scaleLabel } from './level.ts';
import type { RiskLevelDef, RiskMethod } from './method.ts';

export interface PlannedAction {
  readonly title: string;
  readonly ownerId: string;
  readonly dueOn: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const str = (v: FormValues[string] | undefined) => (typeof v === 'string' ? v.trim() : '');
const list = (v: FormValues[string] | undefined) => (Array.isArray(v) ? v : []);

/** A rating from form answers, when both halves are on the method's scales. */
export function ratingOf(
  method: RiskMethod,
  answers: FormValues,
  prefix: '' | 'residual' = '',
): Rating | undefined {
  const key = (k: string) => (prefix ? `${prefix}${k[0]?.toUpperCase()}${k.slice(1)}` : k);
  const likelihood = Number(answers[key('likelihood')]);
  const impact = Number(answers[key('impact')]);
  const on = (v: number, n: number) => Number.isInteger(v) && v >= 1 && v <= n;
  if (!on(likelihood, method.likelihood.length) || !on(impact, method.impact.length)) return undefined;
  return { likelihood, impact };
}

/** `🟧 *High* (likelihood 4 Likely × impact 3 Moderate)` */
export function levelText(method: RiskMethod, r: Rating): string {
  const level = riskLevel(method, r);
  return `${colourSquare(level.colour)} *${esc(level.name)}* (likelihood ${esc(scaleLabel(method, 'likelihood', r.likelihood))} × impact ${esc(scaleLabel(method, 'impact', r.impact))})`;
}

/** Who may accept a level, and for how long (6.1.2 a 1: the acceptance criteria). */
export function criteriaText(level: RiskLevelDef): string {
  const { by, maxDays } = level.acceptance;
  if (by === 'none') return `${esc(level.name)} may not be accepted by anyone: it must be treated further.`;
  const who = by === 'owner' ? 'the risk owner' : 'the risk owner, then top management';
  return `${esc(level.name)} may be accepted by ${who}, for at most ${maxDays} days at a time.`;
}

/** A scale with each level's description, for the pickers' step. */
export function scaleText(method: RiskMethod, axis: 'likelihood' | 'impact'): string {
  return method[axis].map((s) => `*${s.value} ${esc(s.label)}*: ${esc(s.description)}`).join('\n');
}

export function actionsText(actions: readonly PlannedAction[]): string {
  return actions.map((a) => `• ${esc(a.title)}: <@${a.ownerId}>, due ${a.dueOn}`).join('\n');
}

/** The day a re-review is due: 30 days before expiry, or halfway through a shorter acceptance. */
export function reviewOn(expiresOn: string, decidedAt?: string): string {
  const end = Date.parse(`${expiresOn}T00:00:00Z`);
  const thirty = end - 30 * 86_400_000;
  const start = decidedAt ? Date.parse(decidedAt) : Number.NaN;
  const half = Number.isNaN(start) ? thirty : start + (end - start) / 2;
  return new Date(Math.max(thirty, half)).toISOString().slice(0, 10);
}

export interface RiskTexts {
  readonly identified: string;
  readonly scales: string;
  readonly inherent: string;
  readonly criteria: string;
  readonly treatment: string;
  readonly actions: string;
  readonly residual: string;
  readonly residualCriteria: string;
}

/** Every text the flow's steps display, from its answers so far (empty strings where not known yet). */
export function riskTexts(
  method: RiskMethod,
  answers: FormValues,
  newAssets: readonly string[],
  actions: readonly PlannedAction[],
): RiskTexts {
  const assets = [...list(answers.assets), ...newAssets.map((n) => `${n} (new)`)];
  const scenario = str(answers.scenario);
  const identified = [
    str(answers.title) && `*${esc(str(answers.title))}*`,
    scenario && `Scenario: ${esc(scenario)}`,
    str(answers.threat) && `Threat: ${esc(str(answers.threat))}`,
    str(answers.vulnerability) && `Vulnerability: ${esc(str(answers.vulnerability))}`,
    assets.length ? `Assets: ${assets.map(esc).join(', ')}` : '',
    str(answers.ownerId) && `Risk owner: <@${str(answers.ownerId)}>`,
  ]
    .filter(Boolean)
    .join('\n');
  const inherent = ratingOf(method, answers);
  const residual = ratingOf(method, answers, 'residual');
  const controls = list(answers.controls);
  const treatment = str(answers.treatment)
    ? [
        `Treatment: *${esc(str(answers.treatment))}*`,
        controls.length ? `Annex A controls: ${controls.map(esc).join(', ')}` : '',
        str(answers.treatmentPlan) && `Plan: ${esc(str(answers.treatmentPlan))}`,
      ]
        .filter(Boolean)
        .join('\n')
    : '';
  return {
    identified,
    scales: `*Likelihood*\n${scaleText(method, 'likelihood')}\n*Impact*\n${scaleText(method, 'impact')}`,
    inherent: inherent ? levelText(method, inherent) : '',
    criteria: inherent ? criteriaText(riskLevel(method, inherent)) : '',
    treatment,
    actions: actionsText(actions),
    residual: residual ? levelText(method, residual) : '',
    residualCriteria: residual ? criteriaText(riskLevel(method, residual)) : '',
  };
}
