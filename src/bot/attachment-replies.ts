/**
 * The outbox's attachment rows (src/workflows/attachments.ts) as replies: a file to upload or a
 * canvas to publish, rendered when due, and recorded once delivered (the row done and its evidence
 * appended in one transaction, only if no earlier attempt recorded it), so a retry after a failure
 * or a restart never hands the document over twice.
 */
import { eq } from 'drizzle-orm';
import type { Clock, Ctx } from '../domain/context.ts';
import { appendEvidence } from '../domain/evidence.ts';
import type { RenderedAttachment } from '../exports/review-attachments.ts';
import type { Db } from '../store/db.ts';
import { workflowMessages } from '../store/schema/index.ts';
import type { Attachment } from '../workflows/attachments.ts';
import { type Instance, placeOf } from '../workflows/instances.ts';
import { type MessageRow, messageDelivered, messageFailed } from '../workflows/messages.ts';
import { SYSTEM_ACTOR } from '../workflows/types.ts';
import type { Posted, Reply } from './types.ts';

export type RenderAttachment = (ctx: Ctx, a: Attachment) => Promise<RenderedAttachment | undefined>;

/** What Slack (or the console) made of it, for the evidence and the row. */
function where(p: Posted): { id: string; data: Record<string, unknown> } {
  if (p.canvas)
    return {
      id: p.canvas.id ?? p.canvas.how,
      data: { how: p.canvas.how, canvasId: p.canvas.id, reason: p.canvas.reason },
    };
  if (p.savedTo) return { id: p.savedTo, data: { savedTo: p.savedTo } };
  return { id: p.fileId ?? p.ts, data: { fileId: p.fileId ?? p.ts } };
}

export function attachmentReply(
  db: Db,
  clock: Clock,
  row: MessageRow,
  instance: Instance,
  rendered: RenderedAttachment | undefined,
): Reply | undefined {
  if (!rendered) {
    // The document is gone or unknown: nothing to hand over, and nothing to retry.
    messageDelivered(db, row, instance.version, { channel: row.channel, ts: 'none' });
    return undefined;
  }
  const tracked = {
    onDelivered: (p: Posted) =>
      db.transaction((tx) => {
        const current = tx.select().from(workflowMessages).where(eq(workflowMessages.id, row.id)).get();
        if (!current || current.ts) return;
        const w = where(p);
        messageDelivered(tx, row, instance.version, { channel: row.channel, ts: w.id });
        appendEvidence(
          { db: tx, teamId: instance.teamId, clock },
          {
            actor: SYSTEM_ACTOR,
            kind: rendered.evidence.kind,
            subject: instance.id,
            step: instance.step,
            data: { ...rendered.evidence.data, ...w.data, channel: row.channel, threadTs: row.threadTs },
            place: placeOf(instance),
          },
        );
      }),
    onFailed: (error: string) =>
      messageFailed(db, { ...row, attempts: row.attempts + 1 }, clock.now(), error),
  };
  if (rendered.as === 'canvas')
    return {
      type: 'canvas',
      channel: row.channel,
      title: rendered.title,
      markdown: rendered.markdown,
      key: rendered.key,
      message: { text: rendered.title },
      ...tracked,
    };
  const sha = String(rendered.evidence.data.sha256 ?? '');
  return {
    type: 'file',
    channel: row.channel,
    file: {
      threadTs: row.threadTs ?? undefined,
      filename: rendered.filename,
      title: rendered.title,
      content: rendered.content,
      comment: rendered.comment,
    },
    message: {
      text: `${rendered.title}: ${rendered.filename}, ${rendered.content.byteLength} bytes, SHA-256 ${sha}.`,
    },
    ...tracked,
  };
}
