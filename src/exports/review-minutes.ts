/**
 * Exporting approved management review minutes (9.3) for the auditor: Markdown or PDF from the locked
 * record (src/exports/minutes.ts renders), and the file's SHA-256 appended to the evidence chain, so
 * the file handed over can be checked against what the ISMS recorded.
 */
import { createHash } from 'node:crypto';
import type { Actor, Ctx, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import type { MinutesDoc } from '../domain/review-minutes.ts';
import { findReview } from '../domain/reviews.ts';
import { minutesMarkdown, minutesPdf } from './minutes.ts';

export interface ExportedMinutes {
  readonly ref: string;
  readonly filename: string;
  readonly body: Buffer;
  readonly sha256: string;
}

export async function exportMinutes(
  ctx: Ctx,
  opts: { ref?: string | undefined; format: 'md' | 'pdf'; actor: Actor; place?: Place },
): Promise<ExportedMinutes> {
  const review = findReview(ctx, opts.ref);
  if (!review)
    throw new DomainError(
      'NOT_FOUND',
      opts.ref ? `There is no approved review ${opts.ref}.` : 'No management review is approved yet.',
    );
  const doc = review.doc as unknown as MinutesDoc;
  const body = opts.format === 'pdf' ? await minutesPdf(doc) : Buffer.from(minutesMarkdown(doc));
  const sha256 = createHash('sha256').update(body).digest('hex');
  appendEvidence(ctx, {
    actor: opts.actor,
    kind: 'review.minutes.exported',
    subject: review.instanceId,
    step: 'approved',
    data: { review: review.ref, format: opts.format, bytes: body.byteLength, sha256 },
    place: opts.place ?? {},
  });
  return { ref: review.ref, filename: `${review.ref}-minutes.${opts.format}`, body, sha256 };
}
