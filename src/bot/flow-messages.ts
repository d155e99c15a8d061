/**
 * The outbox's rows as replies: each live copy of an instance (thread status, DMs, notices) rendered
 * from the current step, with callbacks that record delivery or schedule a retry. The same function
 * serves the click that moved the step and the scheduler's reconciliation.
 */

import { and, eq } from 'drizzle-orm';
import { nextWorkingMoment } from '../domain/calendar.ts';
import type { Clock } from '../domain/context.ts';
import type { Directory as OptionsDirectory } from '../domain/options.ts';
import type { Db } from '../store/db.ts';
import { people, workflowInstances } from '../store/schema/index.ts';
import { attachmentOf } from '../workflows/attachments.ts';
import {
  claimMessage,
  dueMessages,
  holdMessage,
  type MessageRow,
  messageDelivered,
  messageFailed,
} from '../workflows/messages.ts';
import type { Instance, Runtime } from '../workflows/runtime.ts';
import { attachmentReply, type RenderAttachment } from './attachment-replies.ts';
import type { OutMessage, Reply } from './types.ts';
import { checkpointMessage } from './views/checkpoint.ts';

type CheckpointNotice = Parameters<typeof checkpointMessage>[0];

import { noticeMessage, stepMessage, waitingMessage } from './views/step.ts';

/** Who is in the workspace (Slack: users.info); only the time zone is read here. */
export type Directory = Pick<OptionsDirectory, 'user'>;

function toCheckpoint(text: string | null): CheckpointNotice {
  const { checkpoint, reason } = JSON.parse(text ?? '{}') as {
    checkpoint: CheckpointNotice['head'];
    reason: string;
  };
  return { head: checkpoint, reason };
}

export function createFlowMessages({
  db,
  clock,
  runtime,
  attachments,
}: {
  db: Db;
  clock: Clock;
  runtime: Runtime;
  /** Renders the documents steps hand over (the minutes PDF, a canvas); without it they wait. */
  attachments?: RenderAttachment | undefined;
}) {
  const titleOf = (i: Instance) => runtime.flows.find((f) => f.key === i.flow)?.title ?? i.flow;

  function content(row: MessageRow, i: Instance): OutMessage {
    const step = runtime.step(i);
    if (row.key.startsWith('checkpoint:')) return checkpointMessage(toCheckpoint(row.text));
    if (row.kind === 'notice' || (row.text && row.kind === 'thread')) return noticeMessage(row.text ?? '');
    if (row.kind === 'dm') {
      const live = i.status === 'active' && row.step === step.key && !row.text;
      return stepMessage(titleOf(i), i, step, {
        copy: row.id,
        buttons: live,
        note: live
          ? `Asked of you as ${runtime.addressed(i, step).label}, by <@${i.startedBy}>.`
          : (row.text ?? 'This request has moved on.'),
      });
    }
    if (i.status === 'active' && step.meta.where === 'dm')
      return waitingMessage(titleOf(i), i, step, runtime.addressed(i, step).userIds, row.createdAt);
    return stepMessage(titleOf(i), i, step, { copy: row.id, buttons: true });
  }

  /** A child started before its parent's message was posted goes into that message's thread. */
  function parentThread(row: MessageRow, i: Instance): string | undefined {
    if (row.kind !== 'thread' || !i.parentId) return undefined;
    const parent = db.select().from(workflowInstances).where(eq(workflowInstances.id, i.parentId)).get();
    return parent?.threadTs ?? parent?.messageTs ?? undefined;
  }

  function replyFor(row: MessageRow, i: Instance): Reply {
    const message = content(row, i);
    const tracked = {
      onDelivered: (p: { channel: string; ts: string; permalink?: string | undefined }) =>
        messageDelivered(db, row, i.version, p),
      onFailed: (error: string) =>
        messageFailed(db, { ...row, attempts: row.attempts + 1 }, clock.now(), error),
      // A second attempt at a post may follow one that reached Slack but was never recorded.
      mark: { id: row.id, recheck: row.attempts > 0 },
    };
    if (row.ts) return { type: 'update', channel: row.channel, ts: row.ts, message, ...tracked };
    if (row.userId && (row.kind === 'dm' || row.kind === 'notice'))
      return { type: 'dm', userId: row.userId, message, ...tracked };
    return {
      type: 'message',
      channel: row.channel,
      threadTs: row.threadTs ?? parentThread(row, i),
      message,
      ...tracked,
    };
  }

  /** The person's Slack time zone, looked up once and kept in `people.tz`. */
  async function timeZoneOf(directory: Directory, teamId: string, userId: string) {
    const known = db
      .select({ tz: people.tz })
      .from(people)
      .where(and(eq(people.teamId, teamId), eq(people.userId, userId)))
      .get();
    if (known?.tz) return known.tz;
    const tz = (await directory.user(teamId, userId).catch(() => undefined))?.timeZone;
    if (!tz) return undefined;
    const now = clock.now().toISOString();
    db.insert(people)
      .values({ teamId, userId, tz, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [people.teamId, people.userId], set: { tz, updatedAt: now } })
      .run();
    return tz;
  }

  /**
   * Claim and render what is due: for one instance (after an event) or everywhere (the scheduler).
   * Timed notices to a person wait for their working hours (09:00–18:00 in their time zone).
   */
  async function due(
    opts: { instanceId?: string; directory?: Directory | undefined; catchUp?: boolean } = {},
  ): Promise<Reply[]> {
    const now = clock.now();
    const out: Reply[] = [];
    for (const { row, instance } of dueMessages(db, now.toISOString(), opts.instanceId, opts.catchUp)) {
      if (row.kind === 'notice' && row.userId && !row.ts && opts.directory) {
        const tz = await timeZoneOf(opts.directory, row.teamId, row.userId);
        const at = nextWorkingMoment(now, tz ?? 'UTC');
        if (at.getTime() > now.getTime()) {
          holdMessage(db, row.id, at);
          continue;
        }
      }
      const attachment = attachmentOf(row);
      if (attachment && !attachments) continue;
      if (!claimMessage(db, row.id, now, opts.catchUp)) continue;
      if (attachment && attachments) {
        const ctx = { db, teamId: row.teamId, clock };
        const rendered = await attachments(ctx, attachment).then(
          (r) => ({ r }),
          (err: unknown) => {
            messageFailed(db, { ...row, attempts: row.attempts + 1 }, clock.now(), String(err));
            return undefined;
          },
        );
        const reply = rendered && attachmentReply(db, clock, row, instance, rendered.r);
        if (reply) out.push(reply);
        continue;
      }
      out.push(replyFor({ ...row, attempts: row.attempts }, instance));
    }
    return out;
  }

  return { due };
}

export type FlowMessages = ReturnType<typeof createFlowMessages>;
