/**
 * The inputs a management review must consider (9.3.2 a–g, d in four parts), filled from what the ISMS
 * already holds: actions of the last review carried forward (a), scope changes since it (b, c), the
 * risk register and treatment plan (f) with the evidence recorded since. What isms-bot cannot know
 * says so, and is completed by a person (the review flow asks them by DM).
 */
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import {
  evidence,
  managementReviews,
  people,
  reviewActions,
  riskVersions,
  scopeVersions,
} from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import { dayOf } from './input.ts';
import { INPUTS, type InputKey, type ReviewInput } from './review-agenda.ts';
import { inForce } from './risk/acceptance.ts';
import { listRiskViews } from './risk/views.ts';

export type { InputKey, ReviewInput } from './review-agenda.ts';

const UNKNOWN: Partial<Record<InputKey, string>> = {
  d1: 'isms-bot does not track nonconformities yet: list those raised since the last review, their causes and the corrective actions with their status.',
  d2: 'isms-bot does not hold monitoring results: summarise what was measured (e.g. patch times, access reviews, incidents) and the trend.',
  d3: 'isms-bot does not hold audit results: give the findings of internal (and any external) audits since the last review.',
  d4: 'isms-bot does not hold the security objectives: say for each objective whether it was met, and why not where it was not.',
  e: 'isms-bot cannot know what interested parties said: summarise feedback from customers, staff, suppliers or regulators.',
  g: 'isms-bot cannot know this: list the opportunities for continual improvement the team sees.',
};

export type PreviousReview = typeof managementReviews.$inferSelect;

export function lastReview(ctx: Ctx): PreviousReview | undefined {
  return ctx.db
    .select()
    .from(managementReviews)
    .where(eq(managementReviews.teamId, ctx.teamId))
    .orderBy(desc(managementReviews.approvedAt))
    .limit(1)
    .get();
}

/** `@name` for a person the ISMS knows, else their user id: the text is shown escaped, not as a mention. */
export function personLabel(ctx: Ctx, userId: string): string {
  const row = ctx.db
    .select({ name: people.name })
    .from(people)
    .where(and(eq(people.teamId, ctx.teamId), eq(people.userId, userId)))
    .get();
  return row?.name ? `@${row.name}` : userId;
}

const bullets = (lines: readonly string[], none: string) =>
  lines.length ? lines.map((l) => `• ${l}`).join('\n') : none;

/** (a) the previous review's actions, and older ones still open, carried forward. */
function previousActions(ctx: Ctx, prev: PreviousReview | undefined, today: string): string {
  if (!prev) return 'This is the first management review: there are no earlier actions.';
  const rows = ctx.db
    .select()
    .from(reviewActions)
    .where(eq(reviewActions.teamId, ctx.teamId))
    .orderBy(asc(reviewActions.ref))
    .all()
    .filter((r) => r.reviewRef === prev.ref || r.status === 'open');
  const line = (r: (typeof rows)[number]) =>
    `${r.ref} ${r.text} (${personLabel(ctx, r.ownerId)}, due ${r.dueOn}): ${
      r.status === 'done'
        ? `done ${r.doneAt?.slice(0, 10) ?? ''}`.trim()
        : r.dueOn < today
          ? 'OPEN, OVERDUE'
          : 'open'
    }`;
  const done = rows.filter((r) => r.status === 'done');
  const open = rows.filter((r) => r.status === 'open');
  return [
    `Actions from ${prev.ref} (held ${prev.heldOn}) and earlier reviews still open: ${open.length} open, ${done.length} done.`,
    bullets(rows.map(line), '• none were decided'),
  ].join('\n');
}

const listOf = (answers: Record<string, unknown> | undefined, key: string): string[] => {
  const v = answers?.[key];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
};

/** What was added and removed in the named scope answers between the version at `since` and now. */
function scopeChanges(ctx: Ctx, since: string | undefined, keys: readonly string[], what: string): string {
  const versions = ctx.db
    .select()
    .from(scopeVersions)
    .where(eq(scopeVersions.teamId, ctx.teamId))
    .orderBy(asc(scopeVersions.version))
    .all();
  const current = versions.at(-1);
  if (!current) return `No scope is approved yet (\`/isms scope\`), so no ${what} are recorded.`;
  const before = since ? versions.filter((v) => v.approvedAt <= since).at(-1) : undefined;
  const later = versions.filter((v) => !since || v.approvedAt > since);
  if (before && later.length === 0)
    return `No change: scope version ${current.version} (approved ${current.approvedAt.slice(0, 10)}) is still current.`;
  const lines: string[] = [];
  for (const key of keys) {
    const was = new Set(listOf(before?.answers, key));
    const now = listOf(current.answers, key);
    for (const item of now) if (!was.has(item)) lines.push(`added: ${item}`);
    for (const item of was) if (!now.includes(item)) lines.push(`removed: ${item}`);
  }
  const head = before
    ? `Scope version ${before.version} → ${current.version} (${later.map((v) => v.approvedAt.slice(0, 10)).join(', ')}):`
    : `Scope version ${current.version} (approved ${current.approvedAt.slice(0, 10)}) is the first on record; its ${what}:`;
  return [head, bullets(lines, '• no change to these answers')].join('\n');
}

/** (f) the register by level, what changed since, acceptances, and the treatment plan's actions. */
function riskStatus(ctx: Ctx, since: string | undefined, today: string): string {
  const views = listRiskViews(ctx).filter((v) => v.status === 'open');
  if (views.length === 0) return 'The risk register is empty: no risk has been assessed yet.';
  const byLevel = new Map<string, number>();
  for (const v of views) {
    const level = (v.residualLevel ?? v.inherent).name;
    byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
  }
  const after = (iso: string) => !since || iso > since;
  const versions = ctx.db
    .select({ riskId: riskVersions.riskId, version: riskVersions.version, at: riskVersions.assessedAt })
    .from(riskVersions)
    .where(eq(riskVersions.teamId, ctx.teamId))
    .all()
    .filter((r) => after(r.at));
  const newIds = new Set(versions.filter((r) => r.version === 1).map((r) => r.riskId));
  const changedIds = new Set(
    versions.filter((r) => r.version > 1 && !newIds.has(r.riskId)).map((r) => r.riskId),
  );
  const fresh = views.filter((v) => newIds.has(v.id));
  const accepted = views.flatMap((v) =>
    // A superseded acceptance (taken by mistake) was not given.
    inForce(v.acceptances)
      .filter((a) => a.decision === 'accepted' && after(a.decidedAt))
      .map(() => v.ref),
  );
  const soon = dayOf(new Date(new Date(`${today}T00:00:00Z`).getTime() + 30 * 86_400_000));
  const stale = views.filter((v) => v.acceptance.state === 'stale').map((v) => v.ref);
  const expired = views.filter((v) => v.acceptance.state === 'expired').map((v) => v.ref);
  const expiring = views
    .filter((v) => v.acceptance.state === 'accepted' && (v.acceptance.current?.expiresOn ?? '9999') <= soon)
    .map((v) => `${v.ref} (${v.acceptance.current?.expiresOn})`);
  const overdue = views.flatMap((v) =>
    v.actions
      .filter((a) => a.status === 'open' && a.dueOn < today)
      .map((a) => `${v.ref}: ${a.title} (${personLabel(ctx, a.ownerId)}, due ${a.dueOn})`),
  );
  const openActions = views.reduce((n, v) => n + v.actions.filter((a) => a.status === 'open').length, 0);
  const refs = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none');
  return [
    `${views.length} open risks by level (residual where rated): ${[...byLevel].map(([l, n]) => `${l} ${n}`).join(', ')}.`,
    `New since the last review: ${refs(fresh.map((v) => v.ref))}. Re-assessed: ${refs(views.filter((v) => changedIds.has(v.id)).map((v) => v.ref))}.`,
    `Acceptances given: ${refs(accepted)}. Stale: ${refs(stale)}. Expired: ${refs(expired)}. Expiring within 30 days: ${refs(expiring)}.`,
    `Treatment plan: ${openActions} open actions, ${overdue.length} overdue${overdue.length ? ':' : '.'}`,
    ...overdue.map((o) => `• ${o}`),
  ].join('\n');
}

/** Evidence recorded since the last review, by kind: what the ISMS did in the period. */
function evidenceSince(ctx: Ctx, since: string | undefined): string {
  const rows = ctx.db
    .select({ kind: evidence.kind })
    .from(evidence)
    .where(and(eq(evidence.teamId, ctx.teamId), since ? gt(evidence.at, since) : undefined))
    .all();
  const byKind = new Map<string, number>();
  for (const r of rows) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  const top = [...byKind].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 6);
  return `Evidence entries since ${since ? since.slice(0, 10) : 'the start'}: ${rows.length}${
    top.length ? ` (${top.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''
  }.`;
}

/** Every 9.3.2 input, in order, filled from the workspace as it is now. */
export function reviewInputs(ctx: Ctx): ReviewInput[] {
  const prev = lastReview(ctx);
  const since = prev?.approvedAt;
  const today = dayOf(ctx.clock.now());
  const filled: Partial<Record<InputKey, string>> = {
    a: previousActions(ctx, prev, today),
    b: scopeChanges(ctx, since, ['external', 'internal'], 'external and internal issues (4.1)'),
    c: scopeChanges(ctx, since, ['parties', 'addressed'], 'interested parties and requirements (4.2)'),
    f: `${riskStatus(ctx, since, today)}\n${evidenceSince(ctx, since)}`,
  };
  return INPUTS.map((i) => {
    const known = filled[i.key];
    return { ...i, prefilled: known ?? UNKNOWN[i.key] ?? '', known: known !== undefined };
  });
}
