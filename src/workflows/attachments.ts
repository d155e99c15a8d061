/**
 * Documents a finished step hands over in Slack (the approved review minutes as a PDF in the review's
 * thread, and as a canvas where the workspace allows one), as rows of the workflow outbox written in
 * the step's own transaction: the outbox claims, retries with backoff and catches up after a restart
 * like any message, and a row is done once its upload or canvas is recorded, so it is never handed
 * over twice. For such a row `ts` holds what Slack made of it (the file or canvas id).
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../store/db.ts';
import { workflowMessages } from '../store/schema/index.ts';
import type { Instance } from './instances.ts';
import type { MessageRow } from './messages.ts';

export interface Attachment {
  /** What is handed over: `file` (an upload) or `canvas`. */
  readonly as: 'file' | 'canvas';
  /** Which document, e.g. `review.minutes`, and its record (`MR-2026-01`). */
  readonly doc: string;
  readonly ref: string;
}

const PREFIX = 'attach:';

export function queueAttachment(tx: Tx, instance: Instance, a: Attachment, now: string): void {
  tx.insert(workflowMessages)
    .values({
      id: randomBytes(16).toString('hex'),
      teamId: instance.teamId,
      instanceId: instance.id,
      key: `${PREFIX}${a.as}:${a.doc}:${a.ref}`,
      kind: 'notice',
      channel: instance.channel,
      // The flow's thread: the one it runs in, or the thread of its own status message.
      threadTs: instance.threadTs ?? instance.messageTs ?? null,
      text: JSON.stringify(a),
      createdAt: now,
    })
    .onConflictDoNothing()
    .run();
}

/** The attachment an outbox row stands for, if it is one. */
export function attachmentOf(row: MessageRow): Attachment | undefined {
  if (!row.key.startsWith(PREFIX) || !row.text) return undefined;
  const a = JSON.parse(row.text) as Partial<Attachment>;
  if ((a.as !== 'file' && a.as !== 'canvas') || typeof a.doc !== 'string' || typeof a.ref !== 'string')
    return undefined;
  return { as: a.as, doc: a.doc, ref: a.ref };
}
