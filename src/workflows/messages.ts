/**
 * The Slack messages that show an instance, as rows written with each transition (an outbox): the
 * status in the flow's thread, a DM to each person a DM step is addressed to, and notices (reminders,
 * escalations). Surfaces claim what is due, post or update it, and report back; a failure is retried
 * with backoff, a crash leaves the row due, so every message ends up showing the truth.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { addressees } from '../domain/assignment.ts';
import { evidenceHead } from '../domain/evidence.ts';
import { holdersOf } from '../domain/roles.ts';
import { settingsOf } from '../domain/settings.ts';
import { listedInDigest, stepItemKey } from '../reminders/digest-items.ts';
import type { DbOrTx } from '../store/db.ts';
import { workflowInstances, workflowMessages } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import { currentStep } from './dispatch.ts';
import type { Instance } from './instances.ts';
import type { AlsoInTx } from './persist.ts';

export type MessageRow = typeof workflowMessages.$inferSelect;

/** How long a claimed delivery is left alone before another attempt may take it over. */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

const newId = () => randomBytes(16).toString('hex');
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function messagesOf(db: DbOrTx, instanceId: string): MessageRow[] {
  return db.select().from(workflowMessages).where(eq(workflowMessages.instanceId, instanceId)).all();
}

/** The live copy a Slack message is, if it is one (a copy posted twice after a crash is not). */
export function copyAt(db: DbOrTx, rowId: string, ts: string | undefined): MessageRow | undefined {
  const row = db.select().from(workflowMessages).where(eq(workflowMessages.id, rowId)).get();
  if (!row || row.renderedVersion < 0) return undefined;
  if (ts && row.ts && row.ts !== ts) return undefined;
  return row;
}

const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function messagesHook(core: Core): AlsoInTx {
  return (tx, { updated, previous, emitted, actor }) => {
    const now = core.clock.now().toISOString();
    const ctx = { db: tx, teamId: updated.teamId, clock: core.clock };
    const base = { teamId: updated.teamId, instanceId: updated.id, createdAt: now };
    tx.insert(workflowMessages)
      .values({
        ...base,
        id: newId(),
        key: 'thread',
        kind: 'thread',
        channel: updated.channel,
        threadTs: updated.threadTs,
        ts: updated.messageTs,
        renderedVersion: updated.renderedVersion,
      })
      .onConflictDoNothing()
      .run();
    const step = currentStep(core, updated);
    const moved = !previous || previous.step !== updated.step || updated.status !== 'active';
    if (previous && moved) {
      // The DMs of the step just left say who decided; their buttons go (rendered from the instance).
      const who = actor.userId === 'system' ? 'the system' : `<@${actor.userId}>`;
      tx.update(workflowMessages)
        .set({ text: `Decided by ${who} on ${day(now)}.` })
        .where(
          and(
            eq(workflowMessages.instanceId, updated.id),
            eq(workflowMessages.kind, 'dm'),
            eq(workflowMessages.step, previous.step),
            isNull(workflowMessages.text),
          ),
        )
        .run();
    }
    const subject = {
      context: step.context,
      startedBy: updated.startedBy,
      instanceId: updated.id,
      step: step.key,
    };
    if (moved && updated.status === 'active' && step.meta.where === 'dm') {
      for (const userId of addressees(ctx, step.meta.to, subject).userIds) {
        tx.insert(workflowMessages)
          .values({
            ...base,
            id: newId(),
            key: `dm:${userId}:${updated.version}`,
            kind: 'dm',
            step: step.key,
            userId,
            channel: userId,
          })
          .onConflictDoNothing()
          .run();
      }
    }
    const title = `${core.flowOf(updated.flow).title}: ${step.meta.title}`;
    const ismsChannel = settingsOf(ctx).ismsChannel;
    const head = updated.status === 'done' && ismsChannel ? evidenceHead(ctx) : undefined;
    if (head && ismsChannel) {
      // The evidence checkpoint, posted outside the database where the chain cannot reach it.
      tx.insert(workflowMessages)
        .values({
          ...base,
          id: newId(),
          key: `checkpoint:${head.seq}`,
          kind: 'notice',
          channel: ismsChannel,
          text: JSON.stringify({ checkpoint: head, reason: `${core.flowOf(updated.flow).title} completed` }),
        })
        .onConflictDoNothing()
        .run();
    }
    for (const e of emitted) {
      if (e.type !== 'runtime.notify') continue;
      if (e.kind === 'thread') {
        // A note in the flow's thread (e.g. a meeting's minute), from people's words: escaped here.
        const thread = messagesOf(tx, updated.id).find((m) => m.key === 'thread');
        tx.insert(workflowMessages)
          .values({
            ...base,
            id: newId(),
            key: `notice:${String(e.key)}:${updated.version}`,
            kind: 'notice',
            channel: updated.channel,
            threadTs: updated.threadTs ?? thread?.ts ?? null,
            text: `*${escapeText(String(e.title ?? ''))}*\n${escapeText(String(e.body ?? ''))}`.slice(
              0,
              2900,
            ),
          })
          .onConflictDoNothing()
          .run();
        continue;
      }
      const open = messagesOf(tx, updated.id).filter(
        (m) => m.kind === 'dm' && m.step === step.key && !m.text,
      );
      const asked = open[0]?.createdAt ?? updated.updatedAt;
      const notice = (key: string, v: Partial<MessageRow> & { channel: string; text: string }) =>
        tx
          .insert(workflowMessages)
          .values({ ...base, id: newId(), key: `notice:${key}:${updated.version}`, kind: 'notice', ...v })
          .onConflictDoNothing()
          .run();
      if (e.kind === 'reminder') {
        // Only those still pending are reminded, and not by DM about a step their digest listed today.
        const key = stepItemKey(updated.id, step.key);
        for (const m of open.filter(
          (m) => !(m.userId && listedInDigest(tx, updated.teamId, m.userId, key, now)),
        ))
          notice(`${e.key}:${m.userId}`, {
            userId: m.userId,
            channel: m.userId ?? m.channel,
            text: `:bell: Reminder: *${title}* has been waiting for your decision since ${day(asked)}. The request is in our DM above.`,
          });
      } else {
        const owners = holdersOf(ctx, 'owner')
          .map((p) => `<@${p.userId}>`)
          .join(', ');
        const who = addressees(ctx, step.meta.to, subject).label;
        const thread = messagesOf(tx, updated.id).find((m) => m.key === 'thread');
        notice(String(e.key), {
          channel: updated.channel,
          threadTs: updated.threadTs ?? thread?.ts ?? null,
          text: `:rotating_light: Escalation: *${title}* has waited for ${who} since ${day(asked)} with no decision. ${owners}, please follow up or reassign.`,
        });
      }
    }
  };
}

/** Rows due for delivery: not yet posted, or behind the instance's version; not leased, not held back. */
export function dueMessages(
  db: DbOrTx,
  now: string,
  instanceId?: string,
  /** At start-up: also rows leased or backed off by a process that is gone. */
  catchUp = false,
): { row: MessageRow; instance: Instance }[] {
  return db
    .select({ row: workflowMessages, instance: workflowInstances })
    .from(workflowMessages)
    .innerJoin(workflowInstances, eq(workflowInstances.id, workflowMessages.instanceId))
    .where(
      and(
        // An instance's own copies and its children's (a DM task it just spawned).
        instanceId
          ? or(eq(workflowMessages.instanceId, instanceId), eq(workflowInstances.parentId, instanceId))
          : undefined,
        or(
          isNull(workflowMessages.ts),
          and(
            sql`${workflowMessages.kind} != 'notice'`,
            sql`${workflowMessages.renderedVersion} >= 0`,
            sql`${workflowMessages.renderedVersion} < ${workflowInstances.version}`,
          ),
        ),
        catchUp
          ? undefined
          : or(isNull(workflowMessages.nextAttemptAt), lte(workflowMessages.nextAttemptAt, now)),
        or(isNull(workflowMessages.notBefore), lte(workflowMessages.notBefore, now)),
      ),
    )
    .all();
}

/** Take a row for one delivery attempt; false when another attempt holds it. */
export function claimMessage(db: DbOrTx, id: string, now: Date, catchUp = false): boolean {
  const iso = now.toISOString();
  const r = db
    .update(workflowMessages)
    .set({
      nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString(),
      attempts: sql`${workflowMessages.attempts} + 1`,
    })
    .where(
      and(
        eq(workflowMessages.id, id),
        catchUp
          ? undefined
          : or(isNull(workflowMessages.nextAttemptAt), lte(workflowMessages.nextAttemptAt, iso)),
      ),
    )
    .run();
  return r.changes === 1;
}

export function messageDelivered(
  db: DbOrTx,
  row: MessageRow,
  version: number,
  posted: { channel: string; ts: string; permalink?: string | undefined },
): void {
  // A copy with its final text (a decided DM, a moved thread) is shown once more, then retired (-1).
  const final = row.kind !== 'notice' && row.text !== null;
  db.update(workflowMessages)
    .set({
      ts: posted.ts,
      channel: posted.channel,
      renderedVersion: final ? -1 : sql`max(${workflowMessages.renderedVersion}, ${version})`,
      nextAttemptAt: null,
      lastError: null,
    })
    .where(eq(workflowMessages.id, row.id))
    .run();
  if (row.key !== 'thread') return;
  db.update(workflowInstances)
    .set({
      renderedVersion: sql`max(${workflowInstances.renderedVersion}, ${version})`,
      messageTs: posted.ts,
      ...(posted.permalink ? { permalink: posted.permalink } : {}),
    })
    .where(eq(workflowInstances.id, row.instanceId))
    .run();
}

/** A failed attempt (the `attempts`-th): try again after 1, 2, 4 … seconds (at most 5 minutes). */
export function messageFailed(db: DbOrTx, row: MessageRow, now: Date, error: string): void {
  const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, row.attempts - 1));
  db.update(workflowMessages)
    .set({ nextAttemptAt: new Date(now.getTime() + backoff).toISOString(), lastError: error.slice(0, 200) })
    .where(eq(workflowMessages.id, row.id))
    .run();
}

/** Hold a DM back until the recipient's working hours; the due moment stays recorded as it was. */
export function holdMessage(db: DbOrTx, id: string, until: Date): void {
  db.update(workflowMessages)
    .set({ notBefore: until.toISOString(), nextAttemptAt: null })
    .where(eq(workflowMessages.id, id))
    .run();
}

/** `/isms flows resume`: the thread copy moves to a new place; the old one is updated once to say so. */
export function moveThread(
  db: DbOrTx,
  instance: Instance,
  now: string,
  to: { channel: string; threadTs?: string | undefined },
): void {
  const old = messagesOf(db, instance.id).find((m) => m.key === 'thread');
  if (old?.ts)
    db.update(workflowMessages)
      .set({
        key: `moved:${old.ts}`,
        renderedVersion: 0,
        text: `This workflow moved to <#${to.channel}>; this copy is no longer updated.`,
      })
      .where(eq(workflowMessages.id, old.id))
      .run();
  else if (old) db.delete(workflowMessages).where(eq(workflowMessages.id, old.id)).run();
  db.insert(workflowMessages)
    .values({
      id: newId(),
      teamId: instance.teamId,
      instanceId: instance.id,
      key: 'thread',
      kind: 'thread',
      channel: to.channel,
      threadTs: to.threadTs ?? null,
      createdAt: now,
    })
    .run();
}
