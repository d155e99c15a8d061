/**
 * The readiness report as Block Kit (`/isms status`) and as plain text (`isms status`, the console):
 * one entry per item of the mandatory documented information with its mark, evidence and next step.
 */
import type { DocumentRow } from '../../domain/documents.ts';
import { MANDATORY_DOCUMENTS } from '../../domain/documents.ts';
import { READINESS_MARKS, type ReadinessItem, readinessSummary } from '../../domain/readiness.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { truncate } from './text.ts';

const summaryLine = (items: readonly ReadinessItem[]) => {
  const n = readinessSummary(items);
  return `${n.done} done, ${n.partial} partial, ${n.missing} missing of ${items.length} mandatory documents`;
};

function itemText(i: ReadinessItem): string {
  return truncate(
    [
      `${READINESS_MARKS[i.status]} *${i.clause} ${i.title}*: ${i.status}`,
      i.evidence ? `Evidence: ${i.evidence}` : '',
      i.next ? `Next: ${i.next}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    2900,
  );
}

export function statusMessage(items: readonly ReadinessItem[]): OutMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Readiness for certification' } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${summaryLine(items)} · only you can see this` }],
    },
    ...items.map((i): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: itemText(i) } })),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'The ISMS owner registers a document kept elsewhere with `/isms docs add <clause> <link>`.',
        },
      ],
    },
  ];
  return { text: `Readiness for certification: ${summaryLine(items)}`, blocks };
}

/** For a terminal or a pipeline log: Slack mentions as ids, no markup. */
export function statusText(items: readonly ReadinessItem[]): string {
  const plain = (s: string) => s.replace(/<@([A-Z0-9]+)>/g, '@$1').replace(/[*`]/g, '');
  const lines = items.map((i) =>
    [
      `${READINESS_MARKS[i.status]} ${i.clause.padEnd(8)} ${i.title}: ${i.status}`,
      i.evidence ? `             evidence: ${plain(i.evidence)}` : '',
      i.next ? `             next: ${plain(i.next)}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return `Readiness for certification: ${summaryLine(items)}\n\n${lines.join('\n')}\n`;
}

export function documentsMessage(docs: ReadonlyMap<string, DocumentRow>): OutMessage {
  const lines = MANDATORY_DOCUMENTS.map((d) => {
    const doc = docs.get(d.clause);
    return doc
      ? `• *${d.clause}* ${d.title}: <${doc.link}> (registered ${doc.registeredAt.slice(0, 10)} by <@${doc.registeredBy}>)`
      : `• *${d.clause}* ${d.title}: not registered`;
  });
  return {
    text: `Registered documents: ${docs.size} of ${MANDATORY_DOCUMENTS.length}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `*Registered documents* (${docs.size} of ${MANDATORY_DOCUMENTS.length})\n${lines.join('\n')}`,
            2900,
          ),
        },
      },
    ],
  };
}
