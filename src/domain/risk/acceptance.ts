/**
 * Risk acceptance rules (6.1.3 f, 8.3): which decision a risk waits for, given its method's
 * criteria and the append-only decisions so far. Pure: the verbs in acceptances.ts apply it.
 */
import type { Rating } from './level.ts';
import { riskLevel } from './level.ts';
import type { Acceptor, RiskLevelDef, RiskMethod } from './method.ts';

export interface AcceptanceRecord {
  readonly decision: 'accepted' | 'declined' | 'superseded';
  readonly role: 'owner' | 'management';
  readonly decidedBy: string;
  readonly residualLikelihood: number;
  readonly residualImpact: number;
  readonly residualLevel: string;
  readonly criteriaBy: string;
  readonly criteriaMaxDays: number | null;
  readonly expiresOn: string | null;
  readonly decidedAt: string;
}

export type AcceptanceState =
  /** No residual rating yet: nothing to accept. */
  | 'not_rated'
  /** The residual level may not be accepted by anyone: treat it further. */
  | 'must_treat'
  | 'pending_owner'
  | 'pending_management'
  /** The owner declined: back to treatment. */
  | 'declined'
  | 'accepted'
  /** Accepted, but the residual rating changed since: the owner is asked again. */
  | 'stale'
  | 'expired';

export interface AcceptanceStatus {
  readonly state: AcceptanceState;
  /** Who decides next, when anyone does. */
  readonly next?: 'owner' | 'management';
  readonly level?: RiskLevelDef;
  /** The acceptance in force (accepted, stale or expired). */
  readonly current?: AcceptanceRecord;
}

/**
 * The decisions that count, oldest first: without those a later `superseded` row withdrew, and
 * without the `superseded` rows themselves (they stay in the history, shown with who and why).
 */
export function inForce<T extends { id: number; decision: string; supersedes: number | null }>(
  rows: readonly T[],
): T[] {
  const withdrawn = new Set(rows.flatMap((r) => (r.supersedes === null ? [] : [r.supersedes])));
  return rows.filter((r) => r.decision !== 'superseded' && !withdrawn.has(r.id));
}

/**
 * Every decision for the history (registers, exports), oldest first, each with the row that
 * superseded it when it was taken by mistake (who and why); the `superseded` rows are not listed
 * on their own.
 */
export function decisionHistory<T extends { id: number; decision: string; supersedes: number | null }>(
  rows: readonly T[],
): { decision: T; supersededBy?: T }[] {
  const by = new Map(rows.flatMap((r) => (r.supersedes === null ? [] : [[r.supersedes, r] as const])));
  return rows
    .filter((r) => r.decision !== 'superseded')
    .map((r) => {
      const c = by.get(r.id);
      return c ? { decision: r, supersededBy: c } : { decision: r };
    });
}

/** A decision no longer matches the residual rating it was taken on. */
export function isStale(record: AcceptanceRecord, residual: Rating, levelId: string): boolean {
  return (
    record.residualLikelihood !== residual.likelihood ||
    record.residualImpact !== residual.impact ||
    record.residualLevel !== levelId
  );
}

/**
 * `records` oldest first, those in force (`inForce`). `today` is YYYY-MM-DD: an acceptance is in force through its expiry day.
 */
export function acceptanceStatus(
  method: RiskMethod,
  residual: Rating | null,
  records: readonly AcceptanceRecord[],
  today: string,
): AcceptanceStatus {
  if (!residual) return { state: 'not_rated' };
  const level = riskLevel(method, residual);
  const by: Acceptor = level.acceptance.by;
  if (by === 'none') return { state: 'must_treat', level };
  const last = records.at(-1);
  if (!last) return { state: 'pending_owner', next: 'owner', level };
  if (isStale(last, residual, level.id)) {
    // A decline on an older rating is moot once the treatment changed the rating; an acceptance is stale.
    return last.decision === 'declined'
      ? { state: 'pending_owner', next: 'owner', level }
      : { state: 'stale', next: 'owner', level, current: last };
  }
  if (last.decision === 'declined') return { state: 'declined', next: 'owner', level };
  if (last.role === 'owner' && by === 'management')
    return { state: 'pending_management', next: 'management', level };
  if (last.expiresOn !== null && last.expiresOn < today)
    return { state: 'expired', next: 'owner', level, current: last };
  return { state: 'accepted', level, current: last };
}

const DAY = 86_400_000;

/** The last day (YYYY-MM-DD, UTC) an acceptance of `level` decided at `now` may be in force. */
export function latestExpiry(level: RiskLevelDef, now: Date): string {
  return new Date(now.getTime() + (level.acceptance.maxDays ?? 0) * DAY).toISOString().slice(0, 10);
}

/** Why an expiry is not allowed for `level` decided at `now`, or undefined when it is. */
export function expiryProblem(level: RiskLevelDef, expiresOn: string, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const latest = latestExpiry(level, now);
  if (expiresOn > today && expiresOn <= latest) return undefined;
  return `The expiry must be after today and at the latest ${latest} (${level.acceptance.maxDays ?? 0} days for ${level.name}).`;
}

export const STATE_LABELS: Record<AcceptanceState, string> = {
  not_rated: 'residual not rated',
  must_treat: 'must be treated',
  pending_owner: 'awaiting owner',
  pending_management: 'awaiting management',
  declined: 'declined',
  accepted: 'accepted',
  stale: 'stale (re-accept)',
  expired: 'expired',
};

/**
 * Would this acceptance still be judged the same under `next`? False when the level it was judged
 * at is gone, the residual cell now maps elsewhere, or that level's criteria changed.
 */
export function survivesMethod(record: AcceptanceRecord, next: RiskMethod): boolean {
  const onScale =
    record.residualLikelihood <= next.likelihood.length && record.residualImpact <= next.impact.length;
  if (!onScale) return false;
  const level = riskLevel(next, { likelihood: record.residualLikelihood, impact: record.residualImpact });
  return (
    level.id === record.residualLevel &&
    level.acceptance.by === record.criteriaBy &&
    level.acceptance.maxDays === record.criteriaMaxDays
  );
}
