/**
 * Who may see and change the ISMS registers. A risk register lists the company's weaknesses, so it
 * is shown only to ISMS roles and the read-only auditor; a refused look is itself evidence.
 */
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import type { Role } from './flow-meta.ts';
import { holdersOf, rolesOf } from './roles.ts';

/** Roles that run the ISMS (may change registers). */
export const ISMS_ROLES: readonly Role[] = ['owner', 'approver', 'management'];
/** Roles that may read every register. */
export const READER_ROLES: readonly Role[] = [...ISMS_ROLES, 'auditor'];

export function hasAnyRole(ctx: Ctx, userId: string, roles: readonly Role[]): boolean {
  return rolesOf(ctx, userId).some((r) => roles.includes(r));
}

/**
 * Refuse (FORBIDDEN) anyone without one of `roles`, recording the attempt. `what` names the
 * register or change in the refusal and in the evidence, e.g. "the risk register".
 */
export function requireRoles(
  ctx: Ctx,
  actor: Actor,
  roles: readonly Role[],
  what: string,
  place?: Place,
): void {
  if (hasAnyRole(ctx, actor.userId, roles)) return;
  appendEvidence(ctx, { actor, kind: 'access.refused', data: { what, needs: roles }, place });
  const owner = holdersOf(ctx, 'owner')[0];
  throw new DomainError(
    'FORBIDDEN',
    `Only ${describe(roles)} can ${what}.${owner ? ` Ask the ISMS owner (<@${owner.userId}>) if you need to.` : ''}`,
  );
}

function describe(roles: readonly Role[]): string {
  if (roles.length === 1 && roles[0] === 'owner') return 'the ISMS owner';
  if (roles.includes('auditor')) return 'ISMS roles and auditors';
  return 'people with an ISMS role';
}

/** The kind of conversation something would be shown or shared in. */
export type ChannelKind = 'im' | 'mpim' | 'private' | 'public' | 'unknown';

/** Asks the chat platform what a conversation is (Slack: `conversations.info`). */
export interface ChannelDirectory {
  kind(teamId: string, channelId: string): Promise<ChannelKind>;
}

/**
 * Registers and their exports go only to a person's DM or a private channel: never to a public
 * channel, a group DM, or a conversation that cannot be checked.
 */
export function mayHoldRegister(kind: ChannelKind): boolean {
  return kind === 'im' || kind === 'private';
}
