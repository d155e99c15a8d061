/**
 * `/isms assets` (A.5.9): the asset inventory, shown only to ISMS roles and auditors, and
 * `/isms assets add`, a form for people with an ISMS role. The rules live in src/domain/assets.ts.
 */
import { Modal } from 'slack-block-builder';
import { ISMS_ROLES, READER_ROLES, requireRoles } from '../domain/access.ts';
import { ASSET_TYPES, type AssetInput, CIA_LABELS, createAsset, listAssets } from '../domain/assets.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { isDomainError } from '../domain/errors.ts';
import type { FieldSpec } from '../domain/flow-meta.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { ModalView, Requester, ViewResult } from './types.ts';
import { inputBlock, readFormValues } from './views/step.ts';
import { escapeMrkdwn, splitForSections } from './views/text.ts';

export const ASSET_FORM = 'assets.add';

const cia = CIA_LABELS.map((l, i) => ({ value: String(i + 1), label: `${i + 1} ${l}` }));
const FIELDS: readonly FieldSpec[] = [
  { id: 'name', type: 'text', label: 'Name', required: true, maxLength: 120, example: 'Customer database' },
  {
    id: 'type',
    type: 'select',
    label: 'Type',
    required: true,
    options: ASSET_TYPES.map((t) => ({ value: t, label: t })),
  },
  { id: 'ownerId', type: 'user', label: 'Owner', required: true },
  { id: 'location', type: 'text', label: 'System or location', required: false, maxLength: 200 },
  { id: 'confidentiality', type: 'select', label: 'Confidentiality', required: true, options: cia },
  { id: 'integrity', type: 'select', label: 'Integrity', required: true, options: cia },
  { id: 'availability', type: 'select', label: 'Availability', required: true, options: cia },
];

export function assetModal(channel: string): ModalView {
  return Modal({
    title: 'Add an asset',
    submit: 'Add',
    close: 'Cancel',
    callbackId: ASSET_FORM,
    privateMetaData: JSON.stringify({ channel }),
  })
    .blocks(FIELDS.map((f) => inputBlock(f, undefined)))
    .buildToObject() as ModalView;
}

export function createAssets({ db, clock }: { db: Db; clock: Clock }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });

  const assets: Subcommand = {
    name: 'assets',
    usage: 'assets [add]',
    summary: 'the asset inventory (A.5.9); `add` opens a form',
    async run(req, args) {
      const ctx = ctxOf(req);
      if (args.trim().toLowerCase() === 'add') {
        requireRoles(ctx, actorOf(req), ISMS_ROLES, 'add assets', placeOf(req));
        return [{ type: 'modal', view: assetModal(req.channelId) }];
      }
      if (args.trim()) return [ephemeral('Usage: `/isms assets` to list, `/isms assets add` to add one.')];
      requireRoles(ctx, actorOf(req), READER_ROLES, 'see the asset inventory', placeOf(req));
      const rows = listAssets(ctx);
      if (rows.length === 0) return [ephemeral('No assets yet. Add one with `/isms assets add`.')];
      const lines = rows.map(
        (a) =>
          `*${escapeMrkdwn(a.ref)}* ${escapeMrkdwn(a.name)} · ${a.type} · owner <@${a.ownerId}>${a.location ? ` · ${escapeMrkdwn(a.location)}` : ''} · C${a.confidentiality} I${a.integrity} A${a.availability}`,
      );
      const sections = splitForSections(lines.join('\n')).slice(0, 45);
      return [
        {
          type: 'ephemeral',
          message: {
            text: `Asset inventory: ${rows.length} assets`,
            blocks: [
              { type: 'header', text: { type: 'plain_text', text: `Asset inventory (${rows.length})` } },
              ...sections.map((s) => ({
                type: 'section' as const,
                text: { type: 'mrkdwn' as const, text: s },
              })),
            ],
          },
        },
      ];
    },
  };

  return {
    subcommands: [assets],
    view(req, view) {
      if (view.callbackId !== ASSET_FORM) return undefined;
      return (async (): Promise<ViewResult> => {
        const raw = readFormValues(FIELDS, view.values) as unknown as AssetInput;
        const ctx = ctxOf(req);
        requireRoles(ctx, actorOf(req), ISMS_ROLES, 'add assets', placeOf(req));
        try {
          const a = createAsset(ctx, actorOf(req), raw, placeOf(req));
          return { ok: true, replies: [ephemeral(`Added asset *${a.ref}* ${escapeMrkdwn(a.name)}.`)] };
        } catch (err) {
          if (isDomainError(err) && err.code !== 'FORBIDDEN') {
            const errors = Object.fromEntries(
              Object.entries(err.details ?? { name: err.message }).filter(([k]) =>
                FIELDS.some((f) => f.id === k),
              ),
            );
            return { ok: false, errors: Object.keys(errors).length ? errors : { name: err.message } };
          }
          throw err;
        }
      })();
    },
  };
}
