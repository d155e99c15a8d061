/**
 * No step stranded by a person who leaves: when Slack deactivates an account, each active step
 * waiting for them goes to the ISMS owner (the one rule in domain/assignment.ts sends it there), the
 * owner is asked by DM and the thread says so; the owner acts, or hands the step to someone else.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { addressees } from '../domain/assignment.ts';
import type { Actor, Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { clearHandOvers, recordAccountState, recordHandOver } from '../domain/leavers.ts';
import { rolesOf } from '../domain/roles.ts';
import type { DbOrTx } from '../store/db.ts';
import { workflowMessages } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import { currentStep } from './dispatch.ts';
import { type Instance, listInstances, type Step } from './instances.ts';
import type { AlsoInTx } from './persist.ts';

const newId = () => randomBytes(16).toString('hex');

/** A hand-over lasts while the instance stays on its step. */
export function handOverHook(_core: Core): AlsoInTx {
  return (tx, { updated, previous }) => {
    const moved = !previous || previous.step !== updated.step || updated.status !== 'active';
    if (moved && previous) clearHandOvers({ db: tx, teamId: updated.teamId, clock: _core.clock }, updated.id);
  };
}

const subjectOf = (i: Instance, step: Step) => ({
  context: step.context,
  startedBy: i.startedBy,
  instanceId: i.id,
  step: step.key,
});

/**
 * Retire the open DMs of the current step (they say why) and ask whoever the step is addressed to
 * now; the thread gets one line. Returns the people asked.
 */
function reroute(core: Core, tx: DbOrTx, i: Instance, step: Step, why: string, key: string): string[] {
  const ctx = { db: tx, teamId: i.teamId, clock: core.clock };
  const now = core.clock.now().toISOString();
  tx.update(workflowMessages)
    .set({ text: why })
    .where(
      and(
        eq(workflowMessages.instanceId, i.id),
        eq(workflowMessages.kind, 'dm'),
        eq(workflowMessages.step, step.key),
        isNull(workflowMessages.text),
      ),
    )
    .run();
  const now_ = addressees(ctx, step.meta.to, subjectOf(i, step));
  const base = { teamId: i.teamId, instanceId: i.id, createdAt: now };
  if (step.meta.where === 'dm') {
    for (const userId of now_.userIds)
      tx.insert(workflowMessages)
        .values({
          ...base,
          id: newId(),
          key: `dm:${userId}:${i.version}:${key}`,
          kind: 'dm',
          step: step.key,
          userId,
          channel: userId,
        })
        .onConflictDoNothing()
        .run();
  }
  const title = core.flowOf(i.flow).title;
  tx.insert(workflowMessages)
    .values({
      ...base,
      id: newId(),
      key: `notice:${key}:${i.version}`,
      kind: 'notice',
      channel: i.channel,
      threadTs: i.threadTs,
      text: `:busts_in_silhouette: ${why} *${title}: ${step.meta.title}* now waits for ${now_.label}.`,
    })
    .onConflictDoNothing()
    .run();
  return [...now_.userIds];
}

/**
 * Slack says `userId`'s account was deactivated (or reactivated). Returns the instances whose step
 * was handed on, so the caller can show them at once (the scheduler's outbox flush would too).
 */
export function personLeft(core: Core, teamId: string, userId: string, deactivated: boolean): Instance[] {
  const ctx = core.ctxOf(teamId);
  // Who each step waits for, before: only steps that waited for this person move.
  const waiting = listInstances(core.db, teamId, 'active')
    .map((i) => ({ i, step: currentStep(core, i) }))
    .filter(({ i, step }) => addressees(ctx, step.meta.to, subjectOf(i, step)).userIds.includes(userId));
  if (!recordAccountState(ctx, userId, deactivated) || !deactivated) return [];
  return core.db.transaction((tx) => {
    for (const { i, step } of waiting)
      reroute(core, tx, i, step, `<@${userId}> has left the workspace.`, `left:${userId}`);
    return waiting.map((w) => w.i);
  });
}

export interface HandOverInput {
  readonly teamId: string;
  readonly instance: Instance;
  readonly to: string;
  readonly actor: Actor;
  readonly reason?: string | undefined;
  readonly place?: Place | undefined;
  readonly via?: string | undefined;
}

/** `/isms flows handover <id> @person`: the ISMS owner hands the current step to someone. */
export function handOver(core: Core, input: HandOverInput): string[] {
  const { instance: i } = input;
  const ctx = core.ctxOf(input.teamId);
  if (!rolesOf(ctx, input.actor.userId).includes('owner'))
    throw new DomainError('FORBIDDEN', 'Only the ISMS owner can hand a step to someone else.');
  if (i.status !== 'active') throw new DomainError('VALIDATION', `\`${i.id}\` is not running.`);
  const step = currentStep(core, i);
  if (!step.meta.to)
    throw new DomainError(
      'VALIDATION',
      'Anyone in the workspace can act on this step; there is nobody to hand it from.',
    );
  const from = addressees(ctx, step.meta.to, subjectOf(i, step)).userIds;
  if (from.length === 1 && from[0] === input.to)
    throw new DomainError('VALIDATION', `The step already waits for <@${input.to}>.`);
  return core.db.transaction((tx) => {
    recordHandOver(
      { db: tx, teamId: input.teamId, clock: core.clock },
      {
        instanceId: i.id,
        step: step.key,
        from,
        to: input.to,
        reason: input.reason ?? '',
        actor: input.actor,
        place: input.place,
        via: input.via,
      },
    );
    return reroute(
      core,
      tx,
      i,
      step,
      `Handed to <@${input.to}> by <@${input.actor.userId}>.`,
      `handover:${input.to}`,
    );
  });
}
