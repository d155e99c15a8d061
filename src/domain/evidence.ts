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
import { notifyChange } from './changes.ts';
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
      const stored = tx
        .insert(evidence)
        .values({ ...row, hash: hashEntry(row) })
        .returning()
        .get();
      notifyChange(teamId);
      return stored;
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

/**
 * The newest entry of the team's chain, as a checkpoint: `<seq>:<hash>`. A chain proves everything
 * before its last entry, but not that entries were not cut from its end; a checkpoint kept outside
 * the database (posted to the ISMS channel, written in a ticket) is the witness that they were not.
 */
export interface EvidenceHead {
  readonly teamId: string;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export function evidenceHead(ctx: Ctx): EvidenceHead | undefined {
  return ctx.db
    .select({ teamId: evidence.teamId, seq: evidence.seq, hash: evidence.hash, at: evidence.at })
    .from(evidence)
    .where(eq(evidence.teamId, ctx.teamId))
    .orderBy(desc(evidence.seq))
    .limit(1)
    .get();
}

/** `<seq>:<hash>`, the form `isms evidence head` prints and `verify --expect` reads. */
export function formatCheckpoint(head: Pick<EvidenceHead, 'seq' | 'hash'>): string {
  return `${head.seq}:${head.hash}`;
}

export function parseCheckpoint(text: string): { seq: number; hash: string } | undefined {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: (m[2] ?? '').toLowerCase() } : undefined;
}

/** The workspaces that have evidence, in id order. */
export function evidenceTeams(db: Db): string[] {
  return db
    .selectDistinct({ teamId: evidence.teamId })
    .from(evidence)
    .orderBy(asc(evidence.teamId))
    .all()
    .map((t) => t.teamId);
}

/**
 * Whether the team's chain still holds the checkpointed entry unchanged. Together with
 * `verifyEvidence` this proves nothing up to that entry was altered, removed or cut off.
 */
export function checkCheckpoint(
  ctx: Ctx,
  expected: { seq: number; hash: string },
): { ok: true } | { ok: false; reason: string } {
  const row = ctx.db
    .select({ hash: evidence.hash })
    .from(evidence)
    .where(and(eq(evidence.teamId, ctx.teamId), eq(evidence.seq, expected.seq)))
    .get();
  if (!row) {
    const head = evidenceHead(ctx);
    return {
      ok: false,
      reason: `entry #${expected.seq} of the checkpoint is missing: the chain ends at #${head?.seq ?? 0} (entries removed from its end)`,
    };
  }
  if (row.hash !== expected.hash)
    return {
      ok: false,
      reason: `entry #${expected.seq} differs from the checkpoint (its hash is ${row.hash})`,
    };
  return { ok: true };
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
