/**
 * ISMS roles (5.3): the first person to run setup becomes ISMS owner; the owner names approvers and
 * management. Every change is evidence.
 */
import { and, eq } from 'drizzle-orm';
import { people, workspaces } from '../store/schema/index.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import type { Role } from './flow-meta.ts';
import { isUserId, safeName } from './person.ts';
import { defaultIsmsChannel } from './settings.ts';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'ISMS owner',
  approver: 'approver',
  management: 'top management',
  auditor: 'auditor (read-only)',
};

export function rolesOf(ctx: Ctx, userId: string): Role[] {
  const row = ctx.db
    .select({ roles: people.roles })
    .from(people)
    .where(and(eq(people.teamId, ctx.teamId), eq(people.userId, userId)))
    .get();
  return row?.roles ?? [];
}

export function listPeople(ctx: Ctx) {
  return ctx.db
    .select()
    .from(people)
    .where(eq(people.teamId, ctx.teamId))
    .all()
    .filter((p) => p.roles.length > 0);
}

export function holdersOf(ctx: Ctx, role: Role) {
  return listPeople(ctx).filter((p) => p.roles.includes(role));
}

function upsertRoles(ctx: Ctx, userId: string, rawName: string | undefined, roles: Role[]): void {
  // Only an id of Slack's shape becomes a person, and only a printable name becomes their name.
  if (!isUserId(userId)) throw new DomainError('VALIDATION', 'That is not a Slack user: mention the person.');
  const name = safeName(rawName);
  const now = ctx.clock.now().toISOString();
  ctx.db
    .insert(people)
    .values({ teamId: ctx.teamId, userId, name: name ?? null, roles, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [people.teamId, people.userId],
      set: { roles, updatedAt: now, ...(name ? { name } : {}) },
    })
    .run();
}

/** `/isms setup`: the first caller in a workspace becomes ISMS owner. */
export function claimOwnership(ctx: Ctx, actor: Actor, place?: Place): { owner: string; claimed: boolean } {
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const [owner] = holdersOf(t, 'owner');
      if (owner) {
        // Someone else trying to take over is a refused attempt; the owner running it again is a no-op.
        if (owner.userId !== actor.userId)
          appendEvidence(t, { actor, kind: 'roles.setup_refused', data: { owner: owner.userId }, place });
        return { owner: owner.userId, claimed: false };
      }
      const now = ctx.clock.now().toISOString();
      tx.insert(workspaces).values({ teamId: ctx.teamId, createdAt: now }).onConflictDoNothing().run();
      upsertRoles(t, actor.userId, actor.name, [...new Set<Role>([...rolesOf(t, actor.userId), 'owner'])]);
      appendEvidence(t, { actor, kind: 'roles.owner_claimed', data: { userId: actor.userId }, place });
      // The ISMS channel is where setup ran, until `/isms settings channel` changes it.
      if (place?.channel) defaultIsmsChannel(t, place.channel);
      return { owner: actor.userId, claimed: true };
    },
    { behavior: 'immediate' },
  );
}

/** A role command refused before it could name a change (bad usage): still a recorded attempt. */
export function refuseRoleCommand(ctx: Ctx, actor: Actor, text: string, place?: Place): void {
  appendEvidence(ctx, {
    actor,
    kind: 'roles.refused',
    data: { reason: 'usage', text: text.slice(0, 200) },
    place,
  });
}

/** The owner grants or revokes approver / management. */
export function changeRole(
  ctx: Ctx,
  actor: Actor,
  change: { userId: string; name?: string | undefined; role: Role; grant: boolean },
  place?: Place,
): Role[] {
  if (change.role === 'owner')
    throw new DomainError(
      'VALIDATION',
      'The ISMS owner is whoever ran `/isms setup` first; name approvers or management instead.',
    );
  if (!rolesOf(ctx, actor.userId).includes('owner')) {
    // The refused attempt is itself evidence, so it is written before (not inside) the refusal.
    const owner = holdersOf(ctx, 'owner')[0];
    appendEvidence(ctx, { actor, kind: 'roles.refused', data: { ...change }, place });
    throw new DomainError(
      'FORBIDDEN',
      owner
        ? `Only the ISMS owner (<@${owner.userId}>) can change roles.`
        : 'Run `/isms setup` first: it makes you the ISMS owner.',
    );
  }
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const current = rolesOf(t, change.userId);
      // Granting a role someone holds, or revoking one they do not: a no-op, and no evidence.
      if (current.includes(change.role) === change.grant) return current;
      const next = change.grant
        ? [...new Set([...current, change.role])]
        : current.filter((r) => r !== change.role);
      upsertRoles(t, change.userId, change.name, next);
      appendEvidence(t, {
        actor,
        kind: change.grant ? 'roles.granted' : 'roles.revoked',
        data: { userId: change.userId, role: change.role },
        place,
      });
      return next;
    },
    { behavior: 'immediate' },
  );
}

/**
 * `/isms roles transfer owner @x`: the ISMS owner hands ownership on (a person leaving, a new security
 * lead). Only the owner may; the refusal, or the transfer, is evidence. Steps addressed to the owner
 * follow the role, so nothing is left with the person who gave it up.
 */
export function transferOwnership(
  ctx: Ctx,
  actor: Actor,
  to: { userId: string; name?: string | undefined },
  place?: Place,
): { changed: boolean } {
  if (!rolesOf(ctx, actor.userId).includes('owner')) {
    appendEvidence(ctx, { actor, kind: 'roles.refused', data: { transfer: 'owner', to: to.userId }, place });
    const owner = holdersOf(ctx, 'owner')[0];
    throw new DomainError(
      'FORBIDDEN',
      owner
        ? `Only the ISMS owner (<@${owner.userId}>) can hand ownership on. Your attempt was recorded.`
        : 'Run `/isms setup` first: it makes you the ISMS owner.',
    );
  }
  if (to.userId === actor.userId) return { changed: false };
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      upsertRoles(
        t,
        actor.userId,
        actor.name,
        rolesOf(t, actor.userId).filter((r) => r !== 'owner'),
      );
      upsertRoles(t, to.userId, to.name, [...new Set<Role>([...rolesOf(t, to.userId), 'owner'])]);
      appendEvidence(t, {
        actor,
        kind: 'roles.owner_transferred',
        data: { from: actor.userId, to: to.userId },
        place,
      });
      return { changed: true };
    },
    { behavior: 'immediate' },
  );
}
