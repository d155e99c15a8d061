/**
 * The risk method as the documented information 6.1.2 asks for: the criteria, how risks are
 * identified, analysed and evaluated, and who may accept what. Written from the stored version, so
 * the document an auditor gets is the method risks were actually assessed with.
 */
import type { RiskMethod } from '../domain/risk/method.ts';

export interface MethodDocInfo {
  readonly version: number;
  readonly createdAt?: string | undefined;
  readonly createdBy?: string | undefined;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const ACCEPTOR_TEXT = {
  owner: 'the risk owner',
  management: 'the risk owner, then top management',
  none: 'nobody: it must be treated',
} as const;

export function methodMarkdown(m: RiskMethod, info: MethodDocInfo): string {
  const levelName = (id: string) => m.levels.find((l) => l.id === id)?.name ?? id;
  const version = info.version > 0 ? `version ${info.version}` : 'default, not yet stored';
  const grid = [...m.likelihood]
    .reverse()
    .map((l) => [
      `${l.value} ${l.label}`,
      ...m.impact.map((i) => levelName(m.grid[l.value - 1]?.[i.value - 1] ?? '')),
    ]);
  return `${[
    '# Information security risk assessment process (6.1.2)',
    '',
    `Method: **${m.name}** (${version}${info.createdAt ? `, in force since ${info.createdAt.slice(0, 10)}` : ''}${info.createdBy ? `, set by ${info.createdBy}` : ''}).`,
    '',
    '## Purpose',
    '',
    'Every information security risk in the ISMS scope is assessed the same way, so that repeated',
    'assessments give consistent, valid and comparable results. Each risk records the method version it',
    'was assessed with; a re-assessment uses the current version and keeps the earlier one in its history.',
    '',
    '## Identifying risks',
    '',
    'A risk is a scenario in which a threat exploits a vulnerability of one or more assets and harms their',
    'confidentiality, integrity or availability. Each risk has a named risk owner: the person accountable',
    'for managing it and deciding on its treatment and acceptance.',
    '',
    '## Analysing risks',
    '',
    'The risk owner rates how likely the scenario is and how large its impact would be, on these scales.',
    '',
    '### Likelihood',
    '',
    table(
      ['Value', 'Label', 'Meaning'],
      m.likelihood.map((l) => [String(l.value), l.label, l.description]),
    ),
    '',
    '### Impact',
    '',
    table(
      ['Value', 'Label', 'Meaning'],
      m.impact.map((l) => [String(l.value), l.label, l.description]),
    ),
    '',
    '## Evaluating risks',
    '',
    'The level of a risk is read from this matrix (rows: likelihood, columns: impact), both before',
    'treatment (inherent) and after it (residual).',
    '',
    table(['Likelihood \\ Impact', ...m.impact.map((i) => `${i.value} ${i.label}`)], grid),
    '',
    '## Risk acceptance criteria',
    '',
    table(
      ['Level', 'Colour', 'Who may accept the residual risk', 'Longest acceptance'],
      m.levels.map((l) => [
        l.name,
        l.colour,
        ACCEPTOR_TEXT[l.acceptance.by],
        l.acceptance.maxDays === null ? '—' : `${l.acceptance.maxDays} days`,
      ]),
    ),
    '',
    'An acceptance records who accepted, when, the residual rating at that moment, a justification and',
    'an expiry within the limit above. It lapses when the residual rating changes or the expiry passes,',
    'and the risk is then reviewed and accepted again. A declined acceptance sends the risk back to',
    'treatment.',
    '',
    '## Treating risks (6.1.3)',
    '',
    'Each risk is modified (controls applied), retained, avoided or shared. The Annex A controls chosen',
    'for a treatment are linked to the risk and appear as its justification in the Statement of',
    'Applicability. Treatment actions have an owner and a due date.',
    '',
  ].join('\n')}`;
}
