/**
 * A decision taken by mistake is corrected by a superseding decision, never edited. The correction is
 * one evidence entry (`decision.superseded`) naming the entry it supersedes (its number and hash), who
 * and why. Where the flow says what the correction means — its machine takes `<event>.superseded` in
 * the current step and the decision is the instance's latest — that event is applied in the same
 * transaction, typically asking again at the step where the decision was taken (by DM, once, like any
 * step). Otherwise the correction is recorded, said in the thread and shown in the history.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { AnyMachineSnapshot, StateValue } from 'xstate';
import { mayAct } from '../domain/assignment.ts';
import type { Actor, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence, type EvidenceRow } from '../domain/evidence.ts';
import type { Tx } from '../store/db.ts';
import { evidence, workflowMessages } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import { currentStep, eventActor, restore } from './dispatch.ts';
import { BusyError, type Instance, loadInstance, type Step, stepOf } from './instances.ts';
import { evidenceFor, persist } from './persist.ts';

/** Evidence kinds that are a person's decision on a step (what `/isms flows correct` can supersede). */
export const DECISION_KINDS = ['step.submitted', 'step.decided'] as const;
export const SUPERSEDED_KIND = 'decision.superseded';

export interface SupersedeInput {
  readonly teamId: string;
  readonly instanceId: string;
  /** The evidence entry of the decision (`#12` in `/isms flows history`). */
  readonly seq: number;
  readonly reason: string;
  readonly actor: Actor;
  readonly place?: Place | undefined;
  readonly via?: string | undefined;
}

export interface Superseded {
  readonly instance: Instance;
  /** The `decision.superseded` entry. */
  readonly entry: EvidenceRow;
  /** The step asked again, when the flow re-opened one. */
  readonly reopened?: Step | undefined;
}

/** The instance's evidence, oldest first: its history. */
export function historyOf(core: Core, teamId: string, instanceId: string): EvidenceRow[] {
  return core.db
    .select()
    .from(evidence)
    .where(and(eq(evidence.teamId, teamId), eq(evidence.subject, instanceId)))
    .orderBy(asc(evidence.seq))
    .all();
}

const supersedesOf = (e: EvidenceRow) => (e.data as { supersedes?: unknown }).supersedes;

/** The step a decision was taken on, as the instance's definition describes it (with today's context). */
export function stepAt(core: Core, instance: Instance, key: string): Step {
  const value = (key.startsWith('{') ? JSON.parse(key) : key) as StateValue;
  const context = (instance.snapshot as { context: Record<string, unknown> }).context;
  return stepOf(core.machineOf(instance).resolveState({ value, context }) as AnyMachineSnapshot);
}

function decisionEntry(core: Core, instance: Instance, seq: number): EvidenceRow {
  const row = core.db
    .select()
    .from(evidence)
    .where(and(eq(evidence.teamId, instance.teamId), eq(evidence.seq, seq)))
    .get();
  if (!row || row.subject !== instance.id)
    throw new DomainError(
      'VALIDATION',
      `#${seq} is not an entry of workflow \`${instance.id}\`; \`/isms flows history ${instance.id}\` lists its decisions. Nothing was changed.`,
    );
  if (!(DECISION_KINDS as readonly string[]).includes(row.kind) || row.actorId === 'system')
    throw new DomainError(
      'VALIDATION',
      `#${seq} is not a decision someone took (it is \`${row.kind}\`); only decisions can be superseded. Nothing was changed.`,
    );
  return row;
}

/** Someone decided on this instance after entry `seq` (then the flow cannot simply go back). */
function decidedSince(core: Core, instance: Instance, seq: number): boolean {
  const later = core.db
    .select({ seq: evidence.seq })
    .from(evidence)
    .where(
      and(
        eq(evidence.teamId, instance.teamId),
        eq(evidence.subject, instance.id),
        gt(evidence.seq, seq),
        inArray(evidence.kind, [...DECISION_KINDS]),
        ne(evidence.actorId, 'system'),
      ),
    )
    .limit(1)
    .get();
  return later !== undefined;
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** A reason as a sentence: its own full stop, or one added. */
export const asSentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);
const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line in the flow's thread, delivered with the instance's other messages. */
function threadNotice(core: Core, tx: Tx, instance: Instance, key: string, text: string): void {
  const thread = tx
    .select({ ts: workflowMessages.ts })
    .from(workflowMessages)
    .where(and(eq(workflowMessages.instanceId, instance.id), eq(workflowMessages.key, 'thread')))
    .get();
  tx.insert(workflowMessages)
    .values({
      id: randomBytes(16).toString('hex'),
      teamId: instance.teamId,
      instanceId: instance.id,
      key,
      kind: 'notice',
      channel: instance.channel,
      threadTs: instance.threadTs ?? thread?.ts ?? null,
      text,
      createdAt: core.clock.now().toISOString(),
    })
    .onConflictDoNothing()
    .run();
}

/**
 * The one rule of who may correct: the ISMS owner, or the person who decided while the step is still
 * theirs to act on (both through `mayAct`). Anyone else is refused; the refusal is evidence.
 */
function authorizeCorrection(core: Core, input: SupersedeInput, instance: Instance, entry: EvidenceRow) {
  const ctx = core.ctxOf(input.teamId);
  const step = stepAt(core, instance, entry.step ?? '');
  const subject = {
    context: step.context,
    startedBy: instance.startedBy,
    instanceId: instance.id,
    step: step.key,
  };
  const userId = input.actor.userId;
  if (mayAct(ctx, { role: 'owner' }, userId, { context: {}, startedBy: instance.startedBy })) return;
  if (entry.actorId === userId && mayAct(ctx, step.meta.to, userId, subject)) return;
  appendEvidence(
    ctx,
    evidenceFor(instance, {
      actor: input.actor,
      kind: 'step.refused',
      data: { event: 'flows.correct', supersedes: entry.seq, reason: 'not owner or the person who decided' },
      place: input.place,
      via: input.via,
    }),
  );
  throw new DomainError(
    'FORBIDDEN',
    `Only the ISMS owner, or <@${entry.actorId}> who took it, can supersede decision #${entry.seq}. Your attempt was recorded.`,
  );
}

export async function supersede(core: Core, input: SupersedeInput): Promise<Superseded> {
  const reason = input.reason.trim();
  if (reason.length < 10)
    throw new DomainError(
      'VALIDATION',
      'Say why the decision was a mistake, in a sentence (at least 10 characters). Nothing was changed.',
    );
  const found = loadInstance(core.db, input.teamId, input.instanceId);
  const entry = decisionEntry(core, found, input.seq);
  authorizeCorrection(core, input, found, entry);
  return core.lock.run(found.id, async () => {
    const instance = loadInstance(core.db, input.teamId, input.instanceId);
    const before = historyOf(core, instance.teamId, instance.id).find(
      (e) => e.kind === SUPERSEDED_KIND && supersedesOf(e) === entry.seq,
    );
    if (before)
      throw new DomainError(
        'CONFLICT',
        `#${entry.seq} was already superseded by #${before.seq} (<@${before.actorId}>, ${day(before.at)}); nothing was changed.`,
      );
    const decided = (entry.data as { event?: unknown }).event;
    const event = {
      type: `${String(decided)}.superseded`,
      seq: entry.seq,
      step: entry.step ?? '',
      decidedBy: entry.actorId,
      reason,
      actor: eventActor(core, input.teamId, input.actor),
    };
    const record = (reopened: string | null) =>
      evidenceFor(instance, {
        actor: input.actor,
        kind: SUPERSEDED_KIND,
        step: entry.step ?? undefined,
        data: {
          supersedes: entry.seq,
          hash: entry.hash,
          kind: entry.kind,
          event: decided,
          decidedBy: entry.actorId,
          decidedAt: entry.at,
          reason,
          reopened,
        },
        place: input.place,
        via: input.via,
      });
    const title = core.flowOf(instance.flow).title;
    const notice = (tx: Tx, reopened: Step | undefined) =>
      threadNotice(
        core,
        tx,
        instance,
        `notice:superseded:${entry.seq}`,
        `:leftwards_arrow_with_hook: <@${input.actor.userId}> superseded decision #${entry.seq} (by <@${entry.actorId}> on ${day(entry.at)}) as taken by mistake: ${escapeText(asSentence(reason))} ${
          reopened
            ? `*${title}: ${reopened.meta.title}* is asked again.`
            : 'It stays in the history as superseded; nothing was edited.'
        }`,
      );

    const canReopen = instance.status === 'active' && !decidedSince(core, instance, entry.seq) && !!decided;
    if (canReopen) {
      if (currentStep(core, instance).meta.busy) throw new BusyError();
      const restored = restore(core, instance);
      try {
        const snapshot = restored.actor.getSnapshot() as AnyMachineSnapshot;
        if (snapshot.can(event)) {
          restored.actor.send(event);
          const after = restored.actor.getSnapshot() as AnyMachineSnapshot;
          const to = stepOf(after);
          const updated = persist(
            core,
            instance,
            after,
            restored.actor,
            restored.emitted.splice(0),
            [record(to.key)],
            input.actor,
            (tx) => notice(tx, to),
          );
          return { instance: updated, entry: correctionOf(core, updated, entry.seq), reopened: to };
        }
      } finally {
        restored.actor.stop();
      }
    }
    core.db.transaction(
      (tx) => {
        appendEvidence({ db: tx, teamId: instance.teamId, clock: core.clock }, record(null));
        notice(tx, undefined);
      },
      { behavior: 'immediate' },
    );
    return { instance, entry: correctionOf(core, instance, entry.seq) };
  });
}

function correctionOf(core: Core, instance: Instance, seq: number): EvidenceRow {
  const row = historyOf(core, instance.teamId, instance.id).find(
    (e) => e.kind === SUPERSEDED_KIND && supersedesOf(e) === seq,
  );
  if (!row) throw new Error(`unreachable: the correction of #${seq} was just committed`);
  return row;
}
