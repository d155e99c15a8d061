/**
 * `/isms export risks|soa|assets|method [csv|xlsx|md|json]` (6): the register as a file shared
 * where it was asked for, for ISMS roles and auditors, and only in a DM or a private channel (a
 * register lists the company's weaknesses). Refusals and exports are evidence; the export's SHA-256
 * lets an auditor check that the file they hold is the one that was handed over.
 */
import { createHash } from 'node:crypto';
import { type ChannelDirectory, mayHoldRegister, READER_ROLES, requireRoles } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Reply, Requester } from './types.ts';

const KINDS = {
  risks: 'the risk register',
  soa: 'the Statement of Applicability',
  assets: 'the asset inventory',
  method: 'the risk method',
} as const;
type Kind = keyof typeof KINDS;
const FORMATS = ['xlsx', 'csv', 'md', 'json'] as const;
type Format = (typeof FORMATS)[number];

const TITLES: Record<Kind, string> = {
  risks: 'Risk register',
  soa: 'Statement of Applicability',
  assets: 'Asset inventory',
  method: 'Risk assessment method',
};

const WHERE: Record<string, string> = {
  public: 'this is a public channel',
  mpim: 'this is a group DM',
  unknown: 'I cannot tell who can see this conversation (is the app in it?)',
};

export function parseExportArgs(args: string): { kind: Kind; format: Format } {
  const [kind, format = 'xlsx', ...rest] = args.toLowerCase().split(/\s+/).filter(Boolean);
  const usage =
    'Usage: `/isms export risks|soa|assets|method [xlsx|csv|md|json]` (md and json: the method only).';
  if (!kind || !(kind in KINDS) || rest.length) throw new DomainError('VALIDATION', usage);
  if (!(FORMATS as readonly string[]).includes(format)) throw new DomainError('VALIDATION', usage);
  if ((format === 'md' || format === 'json') && kind !== 'method') throw new DomainError('VALIDATION', usage);
  return { kind: kind as Kind, format: format as Format };
}

export function createExports({
  db,
  clock,
  channels,
}: {
  db: Db;
  clock: Clock;
  channels: ChannelDirectory;
}): Feature {
  const command: Subcommand = {
    name: 'export',
    usage: 'export risks|soa|assets|method [xlsx|csv|md|json]',
    summary: 'the register as a file, shared here: only in a DM or a private channel (ISMS roles, auditors)',
    async run(req: Requester, args: string): Promise<Reply[]> {
      const ctx: Ctx = { db, teamId: req.teamId, clock };
      const { kind, format } = parseExportArgs(args);
      const what = `export ${KINDS[kind]}`;
      requireRoles(ctx, actorOf(req), READER_ROLES, what, placeOf(req));
      const where = await channels.kind(req.teamId, req.channelId);
      if (!mayHoldRegister(where)) {
        appendEvidence(ctx, {
          actor: actorOf(req),
          kind: 'access.refused',
          data: { what, where },
          place: placeOf(req),
        });
        return [
          ephemeral(
            `:lock: I share registers only in a DM or a private channel, and ${WHERE[where] ?? 'this is not one'}. Run \`/isms export ${kind}\` in your DM with me instead. Your request was recorded.`,
          ),
        ];
      }
      // exceljs is loaded only when a file is made (it costs start-up time otherwise).
      const { exportRegister } = await import('../exports/index.ts');
      const { body, rows } = await exportRegister(ctx, kind, format);
      const day = clock.now().toISOString().slice(0, 10);
      const filename = `isms-${kind}-${day}.${format}`;
      const sha256 = createHash('sha256').update(body).digest('hex');
      appendEvidence(ctx, {
        actor: actorOf(req),
        kind: 'register.exported',
        subject: kind,
        data: { format, rows, bytes: body.byteLength, sha256, filename, where },
        place: placeOf(req),
      });
      return [
        {
          type: 'file',
          channel: req.channelId,
          file: {
            filename,
            title: `${TITLES[kind]} (${day})`,
            content: body,
            comment: `${TITLES[kind]}, ${rows} rows, for <@${req.userId}>. SHA-256 \`${sha256}\` (in the evidence log).`,
            threadTs: req.threadTs,
          },
          message: {
            text: `${filename}: ${rows} rows, ${body.byteLength} bytes, SHA-256 ${sha256}. In a terminal, \`isms export ${kind} --format ${format} --out FILE\` writes it to a file.`,
          },
        },
      ];
    },
  };
  return { subcommands: [command] };
}
