/**
 * `/isms status` (readiness against the mandatory documented information) and `/isms docs add|list`
 * (where documents kept elsewhere are). Both show data about the ISMS's gaps, so they are for ISMS
 * roles and auditors (anyone, before `/isms setup`, when there is nothing to show yet).
 */
import { READER_ROLES, requireRoles } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { currentDocuments, registerDocument } from '../domain/documents.ts';
import { readiness } from '../domain/readiness.ts';
import { holdersOf } from '../domain/roles.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Reply, Requester } from './types.ts';
import { documentsMessage, statusMessage } from './views/status.ts';

const DOCS_USAGE =
  'Usage: `/isms docs list`, or `/isms docs add <clause> <https link>` (ISMS owner), e.g. `/isms docs add 5.2 https://wiki.example.com/isms/policy`.';

export function createStatus({ db, clock }: { db: Db; clock: Clock }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const mayRead = (ctx: Ctx, req: Requester, what: string) => {
    if (holdersOf(ctx, 'owner').length === 0) return;
    requireRoles(ctx, actorOf(req), READER_ROLES, what, placeOf(req));
  };

  const status: Subcommand = {
    name: 'status',
    usage: 'status',
    summary:
      'readiness for certification: each mandatory document done, partial or missing, and what to do next',
    async run(req, args): Promise<Reply[]> {
      if (args.trim()) return [ephemeral('Usage: `/isms status`.')];
      const ctx = ctxOf(req);
      mayRead(ctx, req, 'see the readiness report');
      return [{ type: 'ephemeral', message: statusMessage(readiness(ctx)) }];
    },
  };

  const docs: Subcommand = {
    name: 'docs',
    usage: 'docs [list | add <clause> <link>]',
    summary: 'where the documents kept outside isms-bot are (the ISMS owner registers them)',
    async run(req, args): Promise<Reply[]> {
      const ctx = ctxOf(req);
      const [verb, ...rest] = args.trim().split(/\s+/).filter(Boolean);
      if (!verb || verb === 'list') {
        if (rest.length) return [ephemeral(DOCS_USAGE)];
        mayRead(ctx, req, 'see the registered documents');
        return [{ type: 'ephemeral', message: documentsMessage(currentDocuments(ctx)) }];
      }
      if (verb !== 'add' || rest.length < 2 || rest.length > 3) return [ephemeral(DOCS_USAGE)];
      // `6.1.3 d <link>` has the clause in two words; the link is always the last one.
      const link = rest.at(-1) ?? '';
      const doc = registerDocument(
        ctx,
        actorOf(req),
        { clause: rest.slice(0, -1).join(' '), link },
        placeOf(req),
      );
      return [
        ephemeral(
          `Registered <${doc.link}> as the document for clause ${doc.clause}; recorded as evidence. \`/isms status\` counts it now.`,
        ),
      ];
    },
  };

  return { subcommands: [status, docs] };
}
