/**
 * One risk in full for `/isms risk show R-001`: its current assessment with levels and colours, its
 * treatment and actions, every acceptance decision (the residual frozen as decided) and every version
 * (a re-assessment adds one; the old ones stay).
 */
import { decisionHistory, STATE_LABELS } from '../../domain/risk/acceptance.ts';
import { colourSquare } from '../../domain/risk/colour.ts';
import { riskLevel, scaleLabel } from '../../domain/risk/level.ts';
import type { RiskMethod } from '../../domain/risk/method.ts';
import type { RiskVersionRow, RiskView } from '../../domain/risk/views.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { escapeMrkdwn as esc, SECTION_MAX, splitForSections, truncate } from './text.ts';

const level = (m: RiskMethod, likelihood: number, impact: number) => {
  const l = riskLevel(m, { likelihood, impact });
  return `${colourSquare(l.colour)} ${esc(l.name)} (L${likelihood} × I${impact})`;
};

export function riskDetailMessage(
  v: RiskView,
  history: readonly RiskVersionRow[],
  methods: ReadonlyMap<number, RiskMethod>,
): OutMessage {
  const m = v.method;
  const head = [
    `Scenario: ${esc(v.scenario)}`,
    v.threat ? `Threat: ${esc(v.threat)}` : '',
    v.vulnerability ? `Vulnerability: ${esc(v.vulnerability)}` : '',
    v.assets.length ? `Assets: ${v.assets.map((a) => `${esc(a.ref)} ${esc(a.name)}`).join(', ')}` : '',
    `Risk owner: <@${v.ownerId}>`,
    `Inherent: ${level(m, v.likelihood, v.impact)}, ${esc(scaleLabel(m, 'likelihood', v.likelihood))} × ${esc(scaleLabel(m, 'impact', v.impact))}`,
    v.treatment
      ? `Treatment: *${v.treatment}*${v.controls.length ? ` with ${v.controls.join(', ')}` : ''}`
      : '',
    v.treatmentPlan ? `Plan: ${esc(v.treatmentPlan)}` : '',
    v.residual
      ? `Residual: ${level(m, v.residual.likelihood, v.residual.impact)}`
      : 'Residual: not rated yet',
    `Acceptance: *${STATE_LABELS[v.acceptance.state]}*`,
  ].filter(Boolean);
  const actions = v.actions.map(
    (a) => `• ${esc(a.title)}: <@${a.ownerId}>, due ${a.dueOn}${a.status === 'done' ? ' (done)' : ''}`,
  );
  // A decision taken by mistake stays, struck through, with who superseded it and why.
  const decisions = decisionHistory(v.acceptances).map(({ decision: a, supersededBy: c }) => {
    const line = `${a.decidedAt.slice(0, 10)} ${a.decision} by <@${a.decidedBy}> as ${a.role === 'owner' ? 'risk owner' : 'top management'} on L${a.residualLikelihood} × I${a.residualImpact} (${esc(a.residualLevel)})${a.expiresOn ? `, until ${a.expiresOn}` : ''}: ${esc(truncate(a.justification, 300))}`;
    return c
      ? `• ~${line}~ *superseded* ${c.decidedAt.slice(0, 10)} by <@${c.decidedBy}>: ${esc(truncate(c.justification, 300))}`
      : `• ${line}`;
  });
  const versions = history.map((h) => {
    const hm = methods.get(h.methodVersion) ?? m;
    const residual =
      h.residualLikelihood !== null && h.residualImpact !== null
        ? ` → ${level(hm, h.residualLikelihood, h.residualImpact)}`
        : '';
    return `• v${h.version} ${h.assessedAt.slice(0, 10)} by <@${h.assessedBy}> (method v${h.methodVersion}): ${level(hm, h.likelihood, h.impact)}${residual}${h.treatment ? `, ${h.treatment}` : ''}`;
  });
  const text = [
    head.join('\n'),
    actions.length ? `*Treatment actions*\n${actions.join('\n')}` : '',
    decisions.length ? `*Acceptance decisions*\n${decisions.join('\n')}` : '',
    `*History* (${history.length} version${history.length === 1 ? '' : 's'})\n${versions.join('\n')}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${v.ref} ${v.title}`, 150) },
    },
    ...splitForSections(text, SECTION_MAX - 100)
      .slice(0, 45)
      .map((s) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: s } })),
  ];
  return { text: `${v.ref} ${v.title}: ${STATE_LABELS[v.acceptance.state]}`, blocks };
}
