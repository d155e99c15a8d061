/**
 * Who may act on a workflow step: the one rule. The runtime checks it before it applies an event, and
 * the surfaces check it before they open a form; machines carry no guards about people.
 */
import type { Ctx } from './context.ts';
import type { Assignee, Role } from './flow-meta.ts';
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
}

const mentions = (ids: readonly string[]) => ids.map((u) => `<@${u}>`).join(', ');

function holders(ctx: Ctx, role: Role): string[] {
  return holdersOf(ctx, role)
    .filter((p) => !p.deactivatedAt)
    .map((p) => p.userId);
}

/** Whom a step is addressed to, right now (roles are read from the store). */
export function addressees(ctx: Ctx, to: Assignee | undefined, subject: Subject): Addressed {
  if (!to) return { userIds: [], label: 'anyone in the workspace', open: true };
  if (to === 'starter')
    return { userIds: [subject.startedBy], label: `<@${subject.startedBy}> (who started it)`, open: false };
  if ('person' in to) {
    const id = subject.context[to.person];
    const userIds = typeof id === 'string' && id ? [id] : [];
    // A step naming a person nobody filled in goes to the ISMS owner rather than to no one.
    if (!userIds.length) return addressees(ctx, { role: 'owner' }, subject);
    return { userIds, label: mentions(userIds), open: false };
  }
  const main = holders(ctx, to.role);
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
