/**
 * ISMS roles in the conversation (5.3): `/isms setup` makes the first caller ISMS owner; the owner
 * names approvers and top management with `/isms roles`.
 */
import type { Clock, Ctx } from '../domain/context.ts';
import type { Role } from '../domain/flow-meta.ts';
import { parseMention as parsePerson } from '../domain/person.ts';
import {
  changeRole,
  claimOwnership,
  listPeople,
  ROLE_LABELS,
  refuseRoleCommand,
  rolesOf,
  transferOwnership,
} from '../domain/roles.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Requester } from './types.ts';

export function createRoles({ db, clock }: { db: Db; clock: Clock }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const setup: Subcommand = {
    name: 'setup',
    usage: 'setup',
    summary: 'set up the ISMS here; the first person to run it becomes ISMS owner',
    async run(req) {
      const r = claimOwnership(ctxOf(req), actorOf(req), placeOf(req));
      if (!r.claimed) return [ephemeral(`The ISMS is already set up; <@${r.owner}> is the ISMS owner.`)];
      return [
        ephemeral(
          'You are now the *ISMS owner*. Next: name approvers and management with `/isms roles add approver @person`, then scope the ISMS with `/isms scope`.',
        ),
      ];
    },
  };

  const roles: Subcommand = {
    name: 'roles',
    usage: 'roles [add|remove approver|management|auditor @person | transfer owner @person]',
    summary: 'show who holds which ISMS role; the owner names approvers, management and auditors',
    async run(req, args) {
      const [verb, role, who] = args.split(/\s+/).filter(Boolean);
      if (!verb) {
        const lines = listPeople(ctxOf(req)).map(
          (p) => `<@${p.userId}>: ${p.roles.map((r) => ROLE_LABELS[r]).join(', ')}`,
        );
        return [
          ephemeral(
            lines.length
              ? `*ISMS roles*\n${lines.join('\n')}`
              : 'No roles yet. Run `/isms setup` to become the ISMS owner.',
          ),
        ];
      }
      const person = parsePerson(who);
      if (verb === 'transfer' && role === 'owner' && person) {
        const r = transferOwnership(ctxOf(req), actorOf(req), person, placeOf(req));
        return [
          ephemeral(
            r.changed
              ? `<@${person.userId}> is now the ISMS owner; the handover is recorded as evidence.`
              : 'You are already the ISMS owner; nothing was changed or recorded.',
          ),
        ];
      }
      if (
        !['add', 'remove', 'transfer'].includes(verb) ||
        verb === 'transfer' ||
        !['approver', 'management', 'auditor'].includes(role ?? '') ||
        !person
      ) {
        // A malformed attempt to change roles is still an attempt: on the record.
        if (['add', 'remove', 'transfer'].includes(verb))
          refuseRoleCommand(ctxOf(req), actorOf(req), args, placeOf(req));
        return [
          ephemeral(
            'Usage: `/isms roles add approver @person`, `/isms roles remove management @person` or `/isms roles transfer owner @person`.',
          ),
        ];
      }
      const { userId } = person;
      const before = rolesOf(ctxOf(req), userId);
      const now = changeRole(
        ctxOf(req),
        actorOf(req),
        { userId, name: person.name, role: role as Role, grant: verb === 'add' },
        placeOf(req),
      );
      const held = now.map((r) => ROLE_LABELS[r]).join(', ') || 'no ISMS role';
      if (now.length === before.length && now.every((r) => before.includes(r)))
        return [ephemeral(`Nothing changed: <@${userId}> holds ${held}. Nothing was recorded.`)];
      return [ephemeral(`<@${userId}> now holds: ${held}.`)];
    },
  };

  return { subcommands: [setup, roles] };
}
