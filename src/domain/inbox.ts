/**
 * What waits for a person: the one list App Home, the daily digest and anything else that asks "what
 * is on my plate" read. Each kind of work is a source in `INBOX_SOURCES`; a feature that creates work
 * for people (review inputs, review actions …) adds its source there, nowhere else.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { FLOWS } from '../../flows/index.ts';
import { risks, treatmentActions, workflowInstances } from '../store/schema/index.ts';
import { knownPeople, mayAct } from './assignment.ts';
import type { Ctx } from './context.ts';
import type { Assignee, StepMeta } from './flow-meta.ts';
import { dayOf } from './input.ts';
import { reviewActionSource, reviewInputSource } from './review-inbox.ts';
import { decidesForManagement, mayDecide } from './risk/acceptances.ts';
import { listRiskRatings, type RiskRating } from './risk/ratings.ts';
import { listRiskViews, type RiskView } from './risk/views.ts';

/** How a surface opens an item: a workflow step (its buttons and forms), or an entry in a register. */
export type InboxOpen =
  | { readonly kind: 'step'; readonly instanceId: string; readonly step: string }
  | { readonly kind: 'risk'; readonly ref: string }
  | { readonly kind: 'action'; readonly id: number; readonly ref: string };

export interface InboxItem {
  /** `step`, `acceptance`, `action`, or a source's own kind (`review.input` …). */
  readonly kind: string;
  /** Stable for the same piece of work (`step:<instanceId>:<state>`), so digests can skip what they sent. */
  readonly key: string;
  readonly title: string;
  /** One more line: why it waits for this person, what it is about. */
  readonly detail?: string | undefined;
  /** YYYY-MM-DD, when the work has a due date. */
  readonly due?: string | undefined;
  readonly overdue: boolean;
  readonly open: InboxOpen;
}

export interface InboxOptions {
  /** Work due within this many days counts as due soon (default 7); later work is left out. */
  readonly soonDays?: number;
  /** The full register, when the caller has already read it (otherwise only candidates are read). */
  readonly risks?: readonly RiskView[];
}

/** What a source gets: the person, today, the soon horizon, and lazily read shared data. */
export interface InboxQuery {
  readonly ctx: Ctx;
  readonly userId: string;
  readonly today: string;
  /** Last day (YYYY-MM-DD) that counts as due soon. */
  readonly soonUntil: string;
  /** Where every risk sits (cheap), read once for all sources. */
  ratings(): readonly RiskRating[];
  /** Full views of these risks (or the register the caller passed in). */
  risks(refs: readonly string[]): readonly RiskView[];
}

export type InboxSource = (q: InboxQuery) => readonly InboxItem[];

const DAY = 86_400_000;

/** The definition an instance runs on (its meta is read, nothing runs: no implementations needed). */
function definition(flow: string, version: number): AnyStateMachine | undefined {
  const entry = FLOWS[flow];
  if (!entry) return undefined;
  return version === entry.version ? entry.machine : entry.previous?.[version];
}

/**
 * Workflow steps addressed to the person, by the one rule (`mayAct` on the step's `meta.to`), so the
 * holders of a role see its steps. A step open to anyone (no `to`) waits for whoever started the flow.
 */
export const stepSource: InboxSource = ({ ctx, userId }) => {
  const rows = ctx.db
    .select({
      id: workflowInstances.id,
      flow: workflowInstances.flow,
      machineVersion: workflowInstances.machineVersion,
      subject: workflowInstances.subject,
      step: workflowInstances.step,
      snapshot: workflowInstances.snapshot,
      startedBy: workflowInstances.startedBy,
      createdAt: workflowInstances.createdAt,
    })
    .from(workflowInstances)
    .where(and(eq(workflowInstances.teamId, ctx.teamId), eq(workflowInstances.status, 'active')))
    .orderBy(asc(workflowInstances.createdAt))
    .all();
  // Meta is static per state: resolve each (flow, version, state) once, not once per instance.
  const metas = new Map<string, StepMeta | undefined>();
  // A role step asks the same of everyone holding the role: decide it once per role. Hand-overs and
  // leavers are read once for all instances, not once per instance.
  const byRole = new Map<string, boolean>();
  const known = rows.length ? knownPeople(ctx) : undefined;
  const items: InboxItem[] = [];
  for (const r of rows) {
    const persisted = r.snapshot as { value: AnyMachineSnapshot['value']; context: Record<string, unknown> };
    const metaKey = `${r.flow}@${r.machineVersion}:${r.step}`;
    if (!metas.has(metaKey)) {
      const machine = definition(r.flow, r.machineVersion);
      const snap = machine?.resolveState({ value: persisted.value, context: persisted.context });
      const all = Object.values((snap?.getMeta() ?? {}) as Record<string, StepMeta>);
      metas.set(metaKey, all[all.length - 1]);
    }
    const meta = metas.get(metaKey);
    if (!meta || meta.busy || (!meta.form && !meta.choices?.length)) continue;
    const subject = {
      context: persisted.context,
      startedBy: r.startedBy,
      instanceId: r.id,
      step: r.step,
      known,
    };
    const to: Assignee | undefined = meta.to;
    let mine: boolean;
    if (!to) mine = r.startedBy === userId;
    else if (typeof to === 'object' && 'role' in to && !known?.handOvers.has(`${r.id}:${r.step}`)) {
      const k = JSON.stringify(to);
      if (!byRole.has(k)) byRole.set(k, mayAct(ctx, to, userId, subject));
      mine = byRole.get(k) === true;
    } else mine = mayAct(ctx, to, userId, subject);
    if (!mine) continue;
    const flowTitle = FLOWS[r.flow]?.title ?? r.flow;
    items.push({
      kind: 'step',
      key: `step:${r.id}:${r.step}`,
      title: `${meta.title}${r.subject ? ` (${r.subject})` : ''}`,
      detail: `${flowTitle}, step ${meta.index} of ${meta.of}${meta.where === 'dm' ? ', also sent to you by DM' : ''}`,
      overdue: false,
      open: { kind: 'step', instanceId: r.id, step: r.step },
    });
  }
  return items;
};

const DECISION_STATES = new Set(['pending_owner', 'pending_management', 'stale', 'expired']);

/**
 * Risk acceptances (6.1.3 f) the person is the one to give: as risk owner, or as top management
 * after the owner. A risk whose workflow already asks for it shows up as that step instead.
 */
export const acceptanceSource: InboxSource = (q) => {
  // Only risks this person could be the one to decide are read in full: their own, and, for top
  // management (or the owner standing in for it), those whose residual level needs management.
  const manages = decidesForManagement(q.ctx, q.userId);
  const candidates = q
    .ratings()
    .filter(
      (r) =>
        r.status === 'open' &&
        r.residual &&
        (r.ownerId === q.userId || (manages && r.level.acceptance.by === 'management')),
    )
    .map((r) => r.ref);
  if (candidates.length === 0) return [];
  return q.risks(candidates).flatMap((v): InboxItem[] => {
    if (v.status !== 'open' || !DECISION_STATES.has(v.acceptance.state)) return [];
    if (!mayDecide(q.ctx, v, q.userId)) return [];
    const expiresOn = v.acceptance.current?.expiresOn ?? undefined;
    const why =
      v.acceptance.state === 'stale'
        ? 'the residual rating changed since it was accepted'
        : v.acceptance.state === 'expired'
          ? `the acceptance expired on ${expiresOn}`
          : v.acceptance.next === 'management'
            ? 'the owner accepted; the criteria need top management too'
            : 'you own this risk';
    return [
      {
        kind: 'acceptance',
        key: `acceptance:${v.ref}:${v.version}`,
        title: `Accept or decline residual risk ${v.ref}: ${v.title}`,
        detail: `${v.residualLevel?.name ?? ''} residual risk; ${why}`,
        ...(v.acceptance.state === 'expired' ? { due: expiresOn } : {}),
        overdue: v.acceptance.state === 'expired',
        open: { kind: 'risk', ref: v.ref },
      },
    ];
  });
};

/** Open treatment actions (6.1.3 e) the person owns that are overdue or due within the horizon. */
export const actionSource: InboxSource = ({ ctx, userId, today, soonUntil }) =>
  ctx.db
    .select({
      id: treatmentActions.id,
      title: treatmentActions.title,
      due: treatmentActions.dueOn,
      ref: risks.ref,
    })
    .from(treatmentActions)
    .innerJoin(risks, eq(risks.id, treatmentActions.riskId))
    .where(
      and(
        eq(treatmentActions.teamId, ctx.teamId),
        eq(treatmentActions.ownerId, userId),
        eq(treatmentActions.status, 'open'),
        lte(treatmentActions.dueOn, soonUntil),
      ),
    )
    .all()
    .map((a) => ({
      kind: 'action',
      key: `action:${a.id}`,
      title: `${a.title} (treatment of ${a.ref})`,
      detail: a.due < today ? `overdue since ${a.due}` : `due ${a.due}`,
      due: a.due,
      overdue: a.due < today,
      open: { kind: 'action', id: a.id, ref: a.ref },
    }));

/** Every source, in one place. Add yours here. */
export const INBOX_SOURCES: InboxSource[] = [
  stepSource,
  acceptanceSource,
  actionSource,
  reviewInputSource,
  reviewActionSource,
];

/** Overdue first, then by due date, then undated work in source order. */
function byUrgency(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.due && b.due) return a.due.localeCompare(b.due);
  return a.due ? -1 : b.due ? 1 : 0;
}

export function waitingFor(ctx: Ctx, userId: string, opts: InboxOptions = {}): InboxItem[] {
  const now = ctx.clock.now();
  let ratings: readonly RiskRating[] | undefined;
  const q: InboxQuery = {
    ctx,
    userId,
    today: dayOf(now),
    soonUntil: dayOf(new Date(now.getTime() + (opts.soonDays ?? 7) * DAY)),
    ratings: () => {
      ratings ??= listRiskRatings(ctx);
      return ratings;
    },
    risks: (refs) => {
      if (!opts.risks) return listRiskViews(ctx, refs);
      const wanted = new Set(refs);
      return opts.risks.filter((v) => wanted.has(v.ref));
    },
  };
  const all = INBOX_SOURCES.flatMap((source) => source(q));
  // The workflow step about a risk is the way to open it: drop the bare register item beside it.
  const inFlow = new Set(
    ctx.db
      .select({ subject: workflowInstances.subject })
      .from(workflowInstances)
      .where(and(eq(workflowInstances.teamId, ctx.teamId), eq(workflowInstances.status, 'active')))
      .all()
      .flatMap((r) => (r.subject ? [r.subject] : [])),
  );
  // A source that says more about a step (due date, what it is) shows it instead of the bare step.
  const told = new Set(
    all.flatMap((i) => (i.kind !== 'step' && i.open.kind === 'step' ? [i.open.instanceId] : [])),
  );
  return all
    .filter((i) => !(i.kind === 'step' && i.open.kind === 'step' && told.has(i.open.instanceId)))
    .filter((i) => !(i.kind === 'acceptance' && i.open.kind === 'risk' && inFlow.has(i.open.ref)))
    .sort(byUrgency);
}
