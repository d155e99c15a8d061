/**
 * What the approved minutes of a management review (9.3) become when they are handed over in the
 * review's channel: the PDF (rendered from the locked record, so its SHA-256 is the same every time)
 * with a comment, and the Markdown for a canvas. The outbox (src/bot/flow-messages.ts) delivers them
 * and records the evidence once Slack has them.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../domain/context.ts';
import type { MinutesDoc } from '../domain/review-minutes.ts';
import { findReview } from '../domain/reviews.ts';
import type { Attachment } from '../workflows/attachments.ts';
import { minutesMarkdown, minutesPdf } from './minutes.ts';

export type RenderedAttachment =
  | {
      readonly as: 'file';
      readonly filename: string;
      readonly title: string;
      readonly content: Buffer;
      readonly comment: string;
      /** Evidence recorded once the file is shared: its kind and what it says besides where. */
      readonly evidence: { readonly kind: string; readonly data: Record<string, unknown> };
    }
  | {
      readonly as: 'canvas';
      readonly title: string;
      readonly markdown: string;
      readonly key: string;
      readonly evidence: { readonly kind: string; readonly data: Record<string, unknown> };
    };

/** Undefined when the document is unknown (nothing to hand over: the row is dropped). */
export async function renderAttachment(ctx: Ctx, a: Attachment): Promise<RenderedAttachment | undefined> {
  if (a.doc !== 'review.minutes') return undefined;
  const review = findReview(ctx, a.ref);
  if (!review) return undefined;
  const doc = review.doc as unknown as MinutesDoc;
  const title = `Management review ${review.ref} minutes (approved ${review.approvedAt.slice(0, 10)})`;
  if (a.as === 'canvas')
    return {
      as: 'canvas',
      title,
      markdown: minutesMarkdown(doc),
      key: `Management review ${review.ref}`,
      evidence: { kind: 'review.minutes.canvas', data: { review: review.ref } },
    };
  const content = await minutesPdf(doc);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return {
    as: 'file',
    filename: `${review.ref}-minutes.pdf`,
    title,
    content,
    comment: `Approved minutes of management review ${review.ref} (held ${review.heldOn}, approved by <@${review.approvedBy}>). SHA-256 \`${sha256}\` (in the evidence log).`,
    evidence: {
      kind: 'review.minutes.shared',
      data: { review: review.ref, format: 'pdf', bytes: content.byteLength, sha256 },
    },
  };
}
