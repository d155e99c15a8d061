/**
 * `/isms risk <verb>`: a small table of verbs, so that each part of the risk work adds its own line
 * (`new`, `show`, `reassess` here; others pass theirs in, e.g. the risk method). `new` starts one
 * risk flow with the next `R-NNN` from the workspace counter as its subject.
 */
import { hasAnyRole, ISMS_ROLES, READER_ROLES, requireRoles } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { allMethods } from '../domain/risk/methods.ts';
import { nextRiskRef } from '../domain/risk/refs.ts';
import { findRiskId } from '../domain/risk/risks.ts';
import { getRisk, riskHistory } from '../domain/risk/views.ts';
import { holdersOf } from '../domain/roles.ts';
import type { Db } from '../store/db.ts';
import type { Runtime } from '../workflows/runtime.ts';
import type { Subcommand } from './commands.ts';
import type { FlowMessages } from './flow-messages.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Reply, Requester } from './types.ts';
import { riskDetailMessage } from './views/risk.ts';

export interface RiskVerb {
  readonly name: string;
  /** What follows `/isms risk`, e.g. `show <R-001>`. */
  readonly usage: string;
  run(req: Requester, args: string): Promise<Reply[]>;
}

export interface RiskCommandDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly runtime: Runtime;
  readonly messages: FlowMessages;
}

export function createRiskCommand(deps: RiskCommandDeps, extra: readonly RiskVerb[] = []): Feature {
  const { db, clock, runtime, messages } = deps;
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const show = (id: string) => messages.due({ instanceId: id });
  const running = (teamId: string, ref: string) =>
    runtime.list(teamId, 'active').find((i) => i.flow === 'risk' && i.subject === ref);

  /** ISMS roles may work on any risk; a risk owner on their own. Anyone else is refused (evidence). */
  function mayWorkOn(req: Requester, ref: string, roles = ISMS_ROLES, what = `re-assess ${ref}`) {
    const ctx = ctxOf(req);
    if (hasAnyRole(ctx, req.userId, roles)) return getRisk(ctx, ref);
    // Without a role, a risk that is not yours is refused the same whether it exists or not.
    const own = findRiskId(ctx, ref) !== undefined && getRisk(ctx, ref).ownerId === req.userId;
    if (!own) requireRoles(ctx, actorOf(req), roles, what, placeOf(req));
    return getRisk(ctx, ref);
  }

  const start = async (req: Requester, ref: string) => {
    const i = await runtime.start({
      teamId: req.teamId,
      flow: 'risk',
      actor: actorOf(req),
      channel: req.channelId,
      threadTs: req.threadTs,
      subject: ref,
      via: req.via,
    });
    return show(i.id);
  };

  const refOf = (args: string) => {
    const ref = args.trim().split(/\s+/)[0] ?? '';
    if (!ref) throw new DomainError('VALIDATION', 'Name the risk, e.g. `R-001`.');
    return ref.toUpperCase().startsWith('R-') ? ref.toUpperCase() : ref;
  };

  const verbs: RiskVerb[] = [
    {
      name: 'new',
      usage: 'new',
      async run(req) {
        const ctx = ctxOf(req);
        if (holdersOf(ctx, 'owner').length === 0)
          return [ephemeral('Run `/isms setup` first: someone has to be the ISMS owner.')];
        requireRoles(ctx, actorOf(req), ISMS_ROLES, 'start a risk assessment', placeOf(req));
        return start(req, nextRiskRef(ctx));
      },
    },
    {
      name: 'show',
      usage: 'show <R-001>',
      async run(req, args) {
        const ref = refOf(args);
        const view = mayWorkOn(req, ref, READER_ROLES, `see risk ${ref}`);
        const ctx = ctxOf(req);
        return [
          { type: 'ephemeral', message: riskDetailMessage(view, riskHistory(ctx, ref), allMethods(ctx)) },
        ];
      },
    },
    {
      name: 'reassess',
      usage: 'reassess <R-001>',
      async run(req, args) {
        const ref = refOf(args);
        mayWorkOn(req, ref);
        const i = running(req.teamId, ref);
        if (!i) return start(req, ref); // e.g. an imported risk: a flow starts from its answers
        if (i.step !== 'accepted')
          return [
            ephemeral(
              `${ref} is being worked on already (at *${runtime.step(i).meta.title}*, in <#${i.channel}>). \`/isms flows resume ${i.id}\` brings it here.`,
            ),
          ];
        const sent = runtime.dispatch({
          teamId: req.teamId,
          instanceId: i.id,
          event: { type: 'risk.reassess' },
          actor: actorOf(req),
          place: placeOf(req),
          via: req.via,
          expectStep: i.step,
        });
        await sent.persisted;
        return show(i.id);
      },
    },
    ...extra,
  ];

  const usage = `Usage: ${verbs.map((v) => `\`/isms risk ${v.usage}\``).join(', ')}.`;
  const risk: Subcommand = {
    name: 'risk',
    usage: `risk ${verbs.map((v) => v.usage).join(' | ')}`,
    summary: 'assess and treat a risk (acceptance by its owner by DM), show one with its history',
    async run(req, args) {
      const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
      const verb = verbs.find((v) => v.name === first.toLowerCase());
      if (!verb) return [ephemeral(usage)];
      return verb.run(req, rest.join(' '));
    },
  };
  return { subcommands: [risk] };
}
