/**
 * The asset inventory (A.5.9): what the ISMS protects, who owns it, where it lives and how much its
 * confidentiality, integrity and availability matter. Risks name the assets they threaten.
 */
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { assets } from '../store/schema/index.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import { formatRef, seqOf } from './human-ids.ts';
import { parseInput, rating, userId } from './input.ts';

export const ASSET_TYPES = [
  'information',
  'software',
  'hardware',
  'service',
  'people',
  'site',
  'other',
] as const;
export const CIA_LABELS = ['low', 'medium', 'high'] as const;

export const assetInput = z.object({
  name: z.string().trim().min(1, 'is required').max(120),
  type: z.enum(ASSET_TYPES, { message: `must be one of ${ASSET_TYPES.join(', ')}` }),
  ownerId: userId,
  location: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((s) => s || null),
  confidentiality: rating(3),
  integrity: rating(3),
  availability: rating(3),
});
export const ASSET_LABELS = {
  name: 'Name',
  type: 'Type',
  ownerId: 'Owner',
  location: 'System or location',
  confidentiality: 'Confidentiality',
  integrity: 'Integrity',
  availability: 'Availability',
};
export type AssetInput = z.input<typeof assetInput>;
export type Asset = typeof assets.$inferSelect;

const ref = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$/, 'must be letters, digits, ., _ or - (at most 30)');

export function listAssets(ctx: Ctx): Asset[] {
  return ctx.db.select().from(assets).where(eq(assets.teamId, ctx.teamId)).orderBy(asc(assets.id)).all();
}

/** Assets by ref or (case-insensitive) name; a VALIDATION error names every one not found. */
export function findAssets(ctx: Ctx, keys: readonly string[]): Asset[] {
  if (keys.length === 0) return [];
  const all = listAssets(ctx);
  const found: Asset[] = [];
  const missing: string[] = [];
  for (const k of keys) {
    const key = k.trim().toLowerCase();
    const a = all.find((x) => x.ref.toLowerCase() === key || x.name.toLowerCase() === key);
    if (a) found.push(a);
    else missing.push(k);
  }
  if (missing.length)
    throw new DomainError('VALIDATION', `No asset called ${missing.map((m) => `"${m}"`).join(', ')}.`);
  return [...new Map(found.map((a) => [a.id, a])).values()];
}

export function assetsByIds(ctx: Ctx, ids: readonly number[]): Asset[] {
  if (ids.length === 0) return [];
  return ctx.db
    .select()
    .from(assets)
    .where(and(eq(assets.teamId, ctx.teamId), inArray(assets.id, [...ids])))
    .all();
}

/** Add an asset (with its own `ref` when imported); the row and its evidence commit together. */
export function createAsset(
  ctx: Ctx,
  actor: Actor,
  input: AssetInput & { ref?: string | undefined },
  place?: Place,
): Asset {
  const a = parseInput(assetInput, input, 'This asset cannot be added', ASSET_LABELS);
  const own =
    input.ref === undefined ? undefined : parseInput(ref, input.ref, 'This asset id cannot be used');
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const clash = tx
        .select({ ref: assets.ref, name: assets.name })
        .from(assets)
        .where(
          and(
            eq(assets.teamId, ctx.teamId),
            sql`(lower(${assets.name}) = lower(${a.name}) or lower(${assets.ref}) = lower(${own ?? ''}))`,
          ),
        )
        .get();
      if (clash)
        throw new DomainError(
          'CONFLICT',
          clash.name.toLowerCase() === a.name.toLowerCase()
            ? `There is already an asset called "${clash.name}" (${clash.ref}).`
            : `The asset id ${clash.ref} is already used.`,
        );
      const next =
        (tx
          .select({ n: max(assets.seq) })
          .from(assets)
          .where(eq(assets.teamId, ctx.teamId))
          .get()?.n ?? 0) + 1;
      const assetRef = own ?? formatRef('A', next);
      const row = tx
        .insert(assets)
        .values({
          teamId: ctx.teamId,
          ref: assetRef,
          seq: seqOf('A', assetRef),
          ...a,
          createdBy: actor.userId,
          createdAt: ctx.clock.now().toISOString(),
        })
        .returning()
        .get();
      appendEvidence(t, { actor, kind: 'asset.created', subject: `asset:${row.ref}`, data: a, place });
      return row;
    },
    { behavior: 'immediate' },
  );
}
