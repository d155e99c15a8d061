/**
 * Register filters (4): by level, owner, acceptance state, treatment and overdue actions, from the
 * words after `/isms risks`. The level a filter matches is the risk's current one: residual when
 * rated, else inherent.
 */
import { TREATMENTS } from '../../store/schema/risk-versions.ts';
import { DomainError } from '../errors.ts';
import { parseMention } from '../person.ts';
import type { AcceptanceState } from './acceptance.ts';
import type { RiskView } from './views.ts';

export interface RiskFilter {
  readonly levels: readonly string[];
  readonly ownerId?: string;
  readonly states: readonly AcceptanceState[];
  readonly treatments: readonly string[];
  readonly overdue: boolean;
}

const STATE_WORDS: Record<string, readonly AcceptanceState[]> = {
  accepted: ['accepted'],
  pending: ['pending_owner', 'pending_management'],
  stale: ['stale'],
  expired: ['expired'],
  declined: ['declined'],
  treat: ['must_treat'],
  unrated: ['not_rated'],
};

/** `high overdue <@U1> page 2` → filter and page; an unknown word is a VALIDATION error. */
export function parseRiskFilter(
  args: string,
  levels: readonly { id: string; name: string }[],
): { filter: RiskFilter; page: number } {
  const words = args.split(/\s+/).filter(Boolean);
  const f = {
    levels: [] as string[],
    states: [] as AcceptanceState[],
    treatments: [] as string[],
    overdue: false,
  };
  let ownerId: string | undefined;
  let page = 1;
  for (let i = 0; i < words.length; i++) {
    const raw = words[i] as string;
    const w = raw.toLowerCase();
    const level = levels.find((l) => l.id === w || l.name.toLowerCase() === w);
    const user = parseMention(raw);
    if (w === 'page' && /^\d+$/.test(words[i + 1] ?? '')) page = Number(words[++i]);
    else if (level) f.levels.push(level.id);
    else if (user) ownerId = user.userId;
    else if (w === 'overdue') f.overdue = true;
    else if ((TREATMENTS as readonly string[]).includes(w) || w === 'untreated') f.treatments.push(w);
    else if (STATE_WORDS[w]) f.states.push(...(STATE_WORDS[w] ?? []));
    else
      throw new DomainError(
        'VALIDATION',
        `I don't know the filter "${raw}". Use a level (${levels.map((l) => l.name.toLowerCase()).join(', ')}), @owner, accepted, pending, stale, expired, declined, treat, unrated, modify, retain, avoid, share, untreated, overdue, or page N.`,
      );
  }
  return { filter: { ...f, ...(ownerId ? { ownerId } : {}) }, page };
}

export function filterRisks(views: readonly RiskView[], f: RiskFilter): RiskView[] {
  return views.filter(
    (v) =>
      (f.levels.length === 0 || f.levels.includes((v.residualLevel ?? v.inherent).id)) &&
      (f.ownerId === undefined || v.ownerId === f.ownerId) &&
      (f.states.length === 0 || f.states.includes(v.acceptance.state)) &&
      (f.treatments.length === 0 || f.treatments.includes(v.treatment ?? 'untreated')) &&
      (!f.overdue || v.overdueActions > 0),
  );
}

export function describeFilter(f: RiskFilter): string {
  const parts = [
    ...f.levels,
    ...(f.ownerId ? [`owner <@${f.ownerId}>`] : []),
    ...new Set(f.states),
    ...f.treatments,
    ...(f.overdue ? ['overdue'] : []),
  ];
  return parts.length ? `Filtered: ${parts.join(', ')}` : 'All risks';
}
