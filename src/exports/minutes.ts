/**
 * Management review minutes (9.3) as Markdown and as PDF, from the `MinutesDoc` the review flow
 * produces (its shape is src/domain/review-minutes.ts). Every text in the doc is untrusted: the
 * Markdown escapes what would become markup, the PDF prints it as text. The PDF embeds DejaVu Sans
 * so ≥, ü and — print, numbers its pages, and says DRAFT on every page until the minutes are approved.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { MinutesDecision, MinutesDoc } from '../domain/review-minutes.ts';

// The record is the review domain's (src/domain/review-minutes.ts); this file only renders it.
export type { MinutesAction, MinutesDecision, MinutesDoc, MinutesInput } from '../domain/review-minutes.ts';

const DECISION_KINDS: Record<MinutesDecision['kind'], string> = {
  improvement: 'Continual improvement',
  change: 'Change to the ISMS',
};

const isApproved = (doc: MinutesDoc) => Boolean(doc.approvedAt);
const title = (doc: MinutesDoc) =>
  `Management review ${doc.reviewId}${doc.organisation ? ` — ${doc.organisation}` : ''}`;

/**
 * Text that can hold no markup: the characters Markdown reads inside a line are escaped (HTML's
 * `<`, `>` and `&` as entities), and so is whatever would start a heading, list, quote or rule at the
 * start of a line. Dates, ids and sentences stay readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/^(\s*)([#+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

/** A block of several lines: each line escaped, and kept a line of its own. */
const paragraph = (text: string) =>
  text
    .split('\n')
    .map((l) => escapeMarkdown(l.trimEnd()))
    .join('  \n');

const cell = (text: string) => escapeMarkdown(text).replace(/\n/g, ' ');

export function minutesMarkdown(doc: MinutesDoc): string {
  const out: string[] = [`# ${escapeMarkdown(title(doc))}`, ''];
  if (!isApproved(doc)) out.push('**DRAFT: not approved yet**', '');
  out.push(
    `- **Date:** ${escapeMarkdown(doc.date)}`,
    `- **Chair:** ${escapeMarkdown(doc.chair)}`,
    `- **Participants:** ${doc.participants.length ? doc.participants.map(escapeMarkdown).join(', ') : 'none recorded'}`,
    ...(isApproved(doc)
      ? [
          `- **Approved:** ${escapeMarkdown(doc.approvedAt ?? '')}${doc.approvedBy ? ` by ${escapeMarkdown(doc.approvedBy)}` : ''}`,
        ]
      : []),
    '',
  );
  if (doc.summary) out.push('## Summary', '', paragraph(doc.summary), '');
  out.push('## Inputs (9.3.2)', '');
  for (const i of doc.inputs) {
    out.push(
      `### ${escapeMarkdown(i.clause)} ${escapeMarkdown(i.title)}`,
      '',
      paragraph(i.prefilled || '—'),
      '',
    );
    if (i.confirmedBy) out.push(`*Confirmed by ${escapeMarkdown(i.confirmedBy)}*`, '');
    if (i.discussion) out.push(`**Discussion:** ${paragraph(i.discussion)}`, '');
  }
  out.push('## Decisions (9.3.3)', '');
  if (doc.decisions.length === 0) out.push('No decisions recorded.', '');
  for (const d of doc.decisions) out.push(`- **${DECISION_KINDS[d.kind]}:** ${cell(d.text)}`);
  if (doc.decisions.length) out.push('');
  out.push('## Actions', '');
  if (doc.actions.length === 0) out.push('No actions recorded.', '');
  else {
    out.push('| Id | Action | Owner | Due |', '| --- | --- | --- | --- |');
    for (const a of doc.actions)
      out.push(`| ${cell(a.id)} | ${cell(a.text)} | ${cell(a.owner)} | ${cell(a.due)} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The pre-filled text's own light markup (`**bold**`, `- item`) becomes plain text in the PDF. */
const plain = (text: string) => text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/^\s*[-*] /gm, '• ');

export function minutesPdf(doc: MinutesDoc): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 60, bottom: 60, left: 60, right: 60 },
    bufferPages: true, // page numbers ("Page 2 of 5") are written once the count is known
    info: {
      Title: title(doc),
      Subject: 'Management review minutes (ISO/IEC 27001 9.3)',
      // Approved minutes carry their approval as the creation date, which also seeds the file's id:
      // the same record always renders to the same bytes, so every copy has the SHA-256 in evidence.
      ...(doc.approvedAt ? { CreationDate: new Date(doc.approvedAt) } : {}),
    },
  });
  pdf.registerFont('body', FONT);
  pdf.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const heading = (text: string, size: number) => {
    pdf.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.3);
  };
  const body = (text: string) => {
    pdf.font('body').fontSize(10.5).text(text, { paragraphGap: 4 });
  };

  pdf.font('bold').fontSize(18).text(title(doc));
  if (!isApproved(doc))
    pdf.moveDown(0.2).fillColor('#b00020').fontSize(11).text('DRAFT — not approved yet').fillColor('black');
  pdf.moveDown(0.5);
  body(`Date: ${doc.date}`);
  body(`Chair: ${doc.chair}`);
  body(`Participants: ${doc.participants.length ? doc.participants.join(', ') : 'none recorded'}`);
  if (isApproved(doc)) body(`Approved: ${doc.approvedAt}${doc.approvedBy ? ` by ${doc.approvedBy}` : ''}`);
  if (doc.summary) {
    heading('Summary', 14);
    body(plain(doc.summary));
  }
  heading('Inputs (9.3.2)', 14);
  for (const i of doc.inputs) {
    heading(`${i.clause} ${i.title}`, 11.5);
    body(plain(i.prefilled || '—'));
    if (i.confirmedBy) body(`Confirmed by ${i.confirmedBy}`);
    if (i.discussion) body(`Discussion: ${plain(i.discussion)}`);
  }
  heading('Decisions (9.3.3)', 14);
  if (doc.decisions.length === 0) body('No decisions recorded.');
  for (const d of doc.decisions) body(`• ${DECISION_KINDS[d.kind]}: ${d.text}`);
  heading('Actions', 14);
  if (doc.actions.length === 0) body('No actions recorded.');
  for (const a of doc.actions) body(`• ${a.id}: ${a.text} (owner ${a.owner}, due ${a.due})`);

  const range = pdf.bufferedPageRange();
  for (let n = range.start; n < range.start + range.count; n++) {
    pdf.switchToPage(n);
    // Writing inside the bottom margin would start a new page: lift the margin while stamping.
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const footer = `${doc.reviewId} · Page ${n - range.start + 1} of ${range.count}${isApproved(doc) ? '' : ' · DRAFT'}`;
    pdf
      .font('body')
      .fontSize(8.5)
      .fillColor('#555555')
      .text(footer, 60, pdf.page.height - 40, {
        width: pdf.page.width - 120,
        align: 'center',
        lineBreak: false,
      });
    if (!isApproved(doc)) {
      // A faint diagonal DRAFT across each page, so a printed page cannot pass for approved minutes.
      pdf.save().rotate(-35, { origin: [pdf.page.width / 2, pdf.page.height / 2] });
      pdf.font('bold').fontSize(96).fillColor('#b00020').fillOpacity(0.12);
      pdf.text('DRAFT', 0, pdf.page.height / 2 - 50, {
        width: pdf.page.width,
        align: 'center',
        lineBreak: false,
      });
      pdf.restore();
    }
    pdf.fillColor('black').fillOpacity(1);
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
