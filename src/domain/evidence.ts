/**
 * Tamper-evident evidence: every decision is appended to a per-team hash chain.
 *
 * hash = SHA-256 of the RFC 8785 canonical JSON of the entry's fields (below) including the
 * previous entry's hash, so an auditor can recompute the chain with any JCS implementation.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../store/db.ts';
import { evidence } from '../store/schema/index.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { wellFormed, wellFormedDeep } from './unicode.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type EvidenceRow = typeof evidence.$inferSelect;

export interface NewEvidence {
  readonly actor: Actor;
  readonly kind: string;
  readonly subject?: string | undefined;
  readonly step?: string | undefined;
  readonly data: unknown;
  readonly place?: Place | undefined;
}

type Hashed = Omit<EvidenceRow, 'id' | 'hash'>;

export function hashEntry(e: Hashed): string {
  const body = canonicalize({
    teamId: e.teamId,
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName ?? null,
    kind: e.kind,
    subject: e.subject ?? null,
    step: e.step ?? null,
    data: e.data ?? null,
    channel: e.channel ?? null,
    threadTs: e.threadTs ?? null,
    permalink: e.permalink ?? null,
    prevHash: e.prevHash,
  });
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

/**
 * Append one entry. Synchronous on purpose: call it inside the same `db.transaction` that changes
 * the data it records, so the data and its evidence commit or roll back together.
 */
export function appendEvidence(ctx: Ctx, entry: NewEvidence): EvidenceRow {
  const teamId = wellFormed(ctx.teamId);
  return ctx.db.transaction(
    (tx) => {
      const last = tx
        .select({ seq: evidence.seq, hash: evidence.hash })
        .from(evidence)
        .where(eq(evidence.teamId, teamId))
        .orderBy(desc(evidence.seq))
        .limit(1)
        .get();
      // Round-trip through JSON so the hash covers exactly what is stored and read back, and make
      // every text valid Unicode first: no input can give an entry that fails verification.
      const data = wellFormedDeep(JSON.parse(JSON.stringify(entry.data ?? null)));
      const text = (v: string | undefined | null) => (v == null ? null : wellFormed(v));
      const row: Hashed = {
        teamId,
        seq: (last?.seq ?? 0) + 1,
        at: ctx.clock.now().toISOString(),
        actorId: wellFormed(entry.actor.userId),
        actorName: text(entry.actor.name),
        kind: wellFormed(entry.kind),
        subject: text(entry.subject),
        step: text(entry.step),
        data,
        channel: text(entry.place?.channel),
        threadTs: text(entry.place?.threadTs),
        permalink: text(entry.place?.permalink),
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      return tx
        .insert(evidence)
        .values({ ...row, hash: hashEntry(row) })
        .returning()
        .get();
    },
    { behavior: 'immediate' },
  );
}

export function listEvidence(ctx: Ctx, options: { afterSeq?: number; subject?: string } = {}): EvidenceRow[] {
  const filters = [eq(evidence.teamId, ctx.teamId)];
  if (options.afterSeq !== undefined) filters.push(gt(evidence.seq, options.afterSeq));
  if (options.subject !== undefined) filters.push(eq(evidence.subject, options.subject));
  return ctx.db
    .select()
    .from(evidence)
    .where(and(...filters))
    .orderBy(asc(evidence.seq))
    .all();
}

export interface BrokenEntry {
  readonly teamId: string;
  readonly seq: number;
  readonly id: number;
  readonly reason: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly teams: number;
  readonly broken?: BrokenEntry;
}

/** Recompute every team's chain (or one team's); report the first entry that does not hold. */
export function verifyEvidence(db: Db, teamId?: string): VerifyResult {
  const rows = db
    .select()
    .from(evidence)
    .where(teamId ? eq(evidence.teamId, teamId) : undefined)
    .orderBy(asc(evidence.teamId), asc(evidence.seq))
    .all();
  let entries = 0;
  const teams = new Set<string>();
  let prev: { teamId: string; seq: number; hash: string } | undefined;
  for (const row of rows) {
    entries += 1;
    teams.add(row.teamId);
    const sameTeam = prev?.teamId === row.teamId;
    const expectedSeq = sameTeam && prev ? prev.seq + 1 : 1;
    const expectedPrev = sameTeam && prev ? prev.hash : GENESIS_HASH;
    const at = { teamId: row.teamId, seq: row.seq, id: row.id };
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        entries,
        teams: teams.size,
        broken: { ...at, reason: `expected entry #${expectedSeq} here: an entry is missing` },
      };
    }
    if (row.prevHash !== expectedPrev) {
      return {
        ok: false,
        entries,
        teams: teams.size,
        broken: { ...at, reason: 'its previous-hash does not match the entry before it' },
      };
    }
    if (hashEntry(row) !== row.hash) {
      return {
        ok: false,
        entries,
        teams: teams.size,
        broken: { ...at, reason: 'its content does not match its hash (altered)' },
      };
    }
    prev = { teamId: row.teamId, seq: row.seq, hash: row.hash };
  }
  return { ok: true, entries, teams: teams.size };
}
