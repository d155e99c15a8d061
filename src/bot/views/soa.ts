/** The Statement of Applicability as Block Kit: counts, then one line per control, by theme. */
import type { ControlTheme } from '../../domain/catalog.ts';
import { type SoaRow, soaRowProblem } from '../../domain/soa.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { escapeMrkdwn, splitForSections, truncate } from './text.ts';

const THEME_TITLES: Record<ControlTheme, string> = {
  organizational: 'A.5 Organizational',
  people: 'A.6 People',
  physical: 'A.7 Physical',
  technological: 'A.8 Technological',
};

export function soaLine(r: SoaRow): string {
  const mark =
    r.applicable === null ? ':white_circle:' : r.applicable ? ':white_check_mark:' : ':no_entry_sign:';
  const why = [
    ...(r.risks.length ? [r.risks.join(', ')] : []),
    ...r.reasons,
    ...(r.justification ? [truncate(escapeMrkdwn(r.justification), 120)] : []),
  ].join('; ');
  const problem = soaRowProblem(r);
  return truncate(
    `${mark} *${r.controlId}* ${escapeMrkdwn(r.title)}${why ? ` — ${why}` : ''}${r.status ? ` · ${r.status}` : ''}${r.ownerId ? ` · <@${r.ownerId}>` : ''}${r.evidenceRef ? ` · ${escapeMrkdwn(truncate(r.evidenceRef, 80))}` : ''}${problem ? ` · :warning: ${problem}` : ''}`,
    600,
  );
}

export function soaMessage(
  rows: readonly SoaRow[],
  all: readonly SoaRow[],
  filterText: string,
  version?: number,
): OutMessage {
  const applicable = all.filter((r) => r.applicable === true).length;
  const excluded = all.filter((r) => r.applicable === false).length;
  const undecided = all.length - applicable - excluded;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Statement of Applicability' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${applicable} applicable · ${excluded} excluded · ${undecided} undecided · ${version ? `last approved: version ${version}` : 'not approved yet'} · ${filterText} · only you can see this`,
        },
      ],
    },
  ];
  for (const theme of Object.keys(THEME_TITLES) as ControlTheme[]) {
    const lines = rows.filter((r) => r.theme === theme).map(soaLine);
    if (lines.length === 0) continue;
    for (const text of splitForSections(`*${THEME_TITLES[theme]}*\n${lines.join('\n')}`)) {
      // Keep well inside the 50-block message limit even with the longest justifications.
      if (blocks.length >= 48) break;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    }
  }
  if (rows.length === 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No controls match.' } });
  return {
    text: `Statement of Applicability: ${applicable} applicable, ${excluded} excluded, ${undecided} undecided`,
    blocks,
  };
}
