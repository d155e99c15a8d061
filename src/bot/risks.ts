/**
 * `/isms risks [filters]` and `/isms soa [filters]` (4, 5, 7): ephemeral, shown to ISMS roles and
 * the read-only auditor; a risk owner without a role sees only their own risks; anyone else is
 * refused and the refused look is recorded as evidence.
 */
import { hasAnyRole, READER_ROLES, requireRoles } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { describeFilter, filterRisks, parseRiskFilter } from '../domain/risk/filter.ts';
import { currentMethod } from '../domain/risk/methods.ts';
import { listRiskViews } from '../domain/risk/views.ts';
import { getSoa, listSoaVersions, type SoaRow } from '../domain/soa.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, placeOf } from './replies.ts';
import type { OutMessage, Reply, Requester } from './types.ts';
import { PAGE_ACTION, registerMessage } from './views/register.ts';
import { soaMessage } from './views/soa.ts';

/** The register message for `args` as `req` may see it (the bench times this). */
export function buildRegister(ctx: Ctx, req: Requester, args: string, pageOverride?: number): OutMessage {
  const method = currentMethod(ctx);
  const { filter, page } = parseRiskFilter(args, method.method.levels);
  let views = listRiskViews(ctx).filter((v) => v.status === 'open');
  let scope = describeFilter(filter);
  if (!hasAnyRole(ctx, req.userId, READER_ROLES)) {
    const own = views.filter((v) => v.ownerId === req.userId);
    // Only risk owners get past here without a role, and they see their own risks only.
    if (own.length === 0)
      requireRoles(ctx, actorOf(req), READER_ROLES, 'see the risk register', placeOf(req));
    views = own;
    scope = `${scope} · your risks only`;
  }
  const shown = filterRisks(views, filter);
  return registerMessage({ views: shown, page: pageOverride ?? page, filterText: scope, args, method });
}

const THEMES: Record<string, SoaRow['theme']> = {
  '5': 'organizational',
  organizational: 'organizational',
  '6': 'people',
  people: 'people',
  '7': 'physical',
  physical: 'physical',
  '8': 'technological',
  technological: 'technological',
};

export function buildSoa(ctx: Ctx, req: Requester, args: string): OutMessage {
  requireRoles(ctx, actorOf(req), READER_ROLES, 'see the Statement of Applicability', placeOf(req));
  const all = getSoa(ctx);
  let rows = all;
  const words = args.toLowerCase().split(/\s+/).filter(Boolean);
  for (const w of words) {
    const theme = THEMES[w.replace(/^a\./, '')];
    if (theme) rows = rows.filter((r) => r.theme === theme);
    else if (w === 'undecided') rows = rows.filter((r) => r.applicable === null);
    else if (w === 'excluded') rows = rows.filter((r) => r.applicable === false);
    else if (w === 'applicable') rows = rows.filter((r) => r.applicable === true);
    else
      throw new DomainError(
        'VALIDATION',
        `I don't know the filter "${w}". Use a theme (5, 6, 7, 8 or its name), applicable, excluded or undecided.`,
      );
  }
  const version = listSoaVersions(ctx).at(-1)?.version;
  return soaMessage(rows, all, words.length ? `filtered: ${words.join(', ')}` : 'all 93 controls', version);
}

export function createRiskViews({ db, clock }: { db: Db; clock: Clock }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const eph = (message: OutMessage): Reply[] => [{ type: 'ephemeral', message }];
  const risks: Subcommand = {
    name: 'risks',
    usage:
      'risks [level] [@owner] [accepted|pending|stale|expired|declined|treat] [modify|…|untreated] [overdue]',
    summary: 'the risk register with heat maps (ISMS roles, auditors; risk owners see their own)',
    run: async (req, args) => eph(buildRegister(ctxOf(req), req, args)),
  };
  const soa: Subcommand = {
    name: 'soa',
    usage: 'soa [5|6|7|8] [applicable|excluded|undecided]',
    summary: 'the Statement of Applicability: all 93 controls (ISMS roles, auditors)',
    run: async (req, args) => eph(buildSoa(ctxOf(req), req, args)),
  };
  return {
    subcommands: [risks, soa],
    action(req, a) {
      if (!a.actionId.startsWith(`${PAGE_ACTION}.`)) return undefined;
      return (async () => {
        const { args, page } = JSON.parse(a.value ?? '{}') as { args?: string; page?: number };
        return eph(buildRegister(ctxOf(req), req, String(args ?? ''), Number(page) || 1));
      })();
    },
  };
}
