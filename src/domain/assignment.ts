/**
 * Who may act on a workflow step: the one rule. The runtime checks it before it applies an event, and
 * the surfaces check it before they open a form; machines carry no guards about people.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { people, stepAssignees } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import type { Assignee, Role } from './flow-meta.ts';
import { handedTo, hasLeft } from './leavers.ts';
import { holdersOf, ROLE_LABELS } from './roles.ts';

export interface Addressed {
  /** The people the step is addressed to (empty: anyone may act). */
  readonly userIds: readonly string[];
  /** For people: "top management (<@U1>, <@U2>)". */
  readonly label: string;
  /** True when nobody is named: the step is open to anyone in the workspace. */
  readonly open: boolean;
}

export interface Subject {
  readonly context: Record<string, unknown>;
  readonly startedBy: string;
  /** The instance and its current step: a step handed to someone else (`step_assignees`) goes to them. */
  readonly instanceId?: string | undefined;
  readonly step?: string | undefined;
  /** The workspace's hand-overs and leavers read once for many steps (`knownPeople`), not per step. */
  readonly known?: KnownPeople | undefined;
}

export interface KnownPeople {
  /** `<instanceId>:<step>` → the person the step was handed to. */
  readonly handOvers: ReadonlyMap<string, string>;
  /** People whose Slack account was deactivated. */
  readonly left: ReadonlySet<string>;
}

/** Every hand-over and every leaver of the workspace, in two queries (e.g. for a whole inbox). */
export function knownPeople(ctx: Ctx): KnownPeople {
  const handOvers = ctx.db
    .select({ instanceId: stepAssignees.instanceId, step: stepAssignees.step, userId: stepAssignees.userId })
    .from(stepAssignees)
    .where(eq(stepAssignees.teamId, ctx.teamId))
    .all();
  const left = ctx.db
    .select({ userId: people.userId })
    .from(people)
    .where(and(eq(people.teamId, ctx.teamId), isNotNull(people.deactivatedAt)))
    .all();
  return {
    handOvers: new Map(handOvers.map((h) => [`${h.instanceId}:${h.step}`, h.userId])),
    left: new Set(left.map((p) => p.userId)),
  };
}

const mentions = (ids: readonly string[]) => ids.map((u) => `<@${u}>`).join(', ');

/** Someone held the role but has left (so a step for it would otherwise wait for nobody). */
const anyoneLeft = (ctx: Ctx, role: Role) => holdersOf(ctx, role).some((p) => p.deactivatedAt);

function holders(ctx: Ctx, role: Role): string[] {
  return holdersOf(ctx, role)
    .filter((p) => !p.deactivatedAt)
    .map((p) => p.userId);
}

/**
 * Whom a step is addressed to, right now (roles are read from the store). A step is never left
 * with nobody to act: one naming a person who is not filled in or has left the workspace, or a role
 * nobody active holds, goes to the ISMS owner; the owner may hand it to someone (`handedTo`).
 */
export function addressees(ctx: Ctx, to: Assignee | undefined, subject: Subject): Addressed {
  if (!to) return { userIds: [], label: 'anyone in the workspace', open: true };
  const { known } = subject;
  const gone = (userId: string) => (known ? known.left.has(userId) : hasLeft(ctx, userId));
  const at = subject.instanceId && subject.step ? `${subject.instanceId}:${subject.step}` : undefined;
  const handed =
    at && known
      ? known.handOvers.get(at)
      : subject.instanceId && subject.step
        ? handedTo(ctx, subject.instanceId, subject.step)
        : undefined;
  if (handed && !gone(handed))
    return { userIds: [handed], label: `${mentions([handed])} (handed over by the ISMS owner)`, open: false };
  const toOwner = (why: string): Addressed => {
    const owners = holders(ctx, 'owner');
    return {
      userIds: owners,
      label: `the ISMS owner (${mentions(owners) || 'nobody yet'}), ${why}`,
      open: false,
    };
  };
  if (to === 'starter') {
    if (gone(subject.startedBy)) return toOwner(`as <@${subject.startedBy}> has left`);
    return { userIds: [subject.startedBy], label: `<@${subject.startedBy}> (who started it)`, open: false };
  }
  if ('person' in to) {
    const id = subject.context[to.person];
    // A step naming a person nobody filled in goes to the ISMS owner rather than to no one.
    if (typeof id !== 'string' || !id) return addressees(ctx, { role: 'owner' }, subject);
    if (gone(id)) return toOwner(`as <@${id}> has left`);
    return { userIds: [id], label: mentions([id]), open: false };
  }
  const main = holders(ctx, to.role);
  if (!main.length && !to.fallback && to.role !== 'owner' && anyoneLeft(ctx, to.role))
    return toOwner(`as nobody active is ${ROLE_LABELS[to.role]}`);
  if (main.length || !to.fallback)
    return {
      userIds: main,
      label: `the ${ROLE_LABELS[to.role]} (${main.length ? mentions(main) : 'nobody yet: see `/isms roles`'})`,
      open: false,
    };
  const fallback = holders(ctx, to.fallback);
  return {
    userIds: fallback,
    label: `the ${ROLE_LABELS[to.fallback]} (${mentions(fallback)}), as nobody is ${ROLE_LABELS[to.role]} yet`,
    open: false,
  };
}

/** May this person act on a step addressed `to`? The system (timers) always may. */
export function mayAct(ctx: Ctx, to: Assignee | undefined, userId: string, subject: Subject): boolean {
  if (userId === 'system') return true;
  const a = addressees(ctx, to, subject);
  return a.open || a.userIds.includes(userId);
}
