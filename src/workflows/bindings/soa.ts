/**
 * The SoA review (6.1.3 d) as the runtime runs it: the controls to decide (read from the store, with
 * the knowledge base's summary of each), the page checks that need the store, the rows written when a
 * page is submitted, and the approved version written when top management approves.
 */
import { fromPromise } from 'xstate';
import { FLOWS } from '../../../flows/index.ts';
import type { SoaReviewContext, SoaReviewEmitted } from '../../../flows/soa.ts';
import type { Ctx } from '../../domain/context.ts';
import type { FormValues } from '../../domain/flow-meta.ts';
import {
  approveSoa,
  checkSoaEntry,
  diffSoa,
  getSoa,
  listSoaVersions,
  type SoaEntryInput,
  type SoaRow,
  setSoaEntry,
  soaRowProblem,
  soaVersion,
} from '../../domain/soa.ts';
import { fieldFor, orderQueue, pageAt, pageEntries, type ReviewItem } from '../../domain/soa-review.ts';
import { controlSummaries } from '../../knowledge/control-summary.ts';
import { placeOf } from '../instances.ts';
import type { RuntimeFlow } from '../types.ts';
import { provideAll } from './provide.ts';

/** The controls still without a decision or whose row does not hold up; or exactly `ids`. */
export function reviewQueue(ctx: Ctx, ids?: readonly string[]): ReviewItem[] {
  const summaries = controlSummaries();
  const wanted = ids && new Set(ids);
  return orderQueue(
    getSoa(ctx).flatMap((r) => {
      // Applicable but with no implementation status yet (e.g. linked from a risk): not decided either.
      const problem = soaRowProblem(r) ?? (r.applicable && !r.status ? 'no implementation status yet' : null);
      if (wanted ? !wanted.has(r.controlId) : !problem) return [];
      return [
        {
          ref: r.controlId,
          title: r.title,
          theme: r.theme,
          summary: summaries.get(r.controlId) ?? '',
          risks: [...r.risks],
          problem: problem ?? 'revisited',
        },
      ];
    }),
  );
}

const LIMIT = 40;

/** What an approval would change, one line a control, for the approver (the evidence keeps it all). */
export function describeChanges(before: readonly SoaRow[], after: readonly SoaRow[]): string {
  const applicable = after.filter((r) => r.applicable).length;
  const head = `${applicable} applicable, ${after.length - applicable} excluded`;
  if (before.length === 0) return `First version: ${head} (all ${after.length} controls).`;
  const byControl = new Map<string, string[]>();
  for (const c of diffSoa(before, after)) {
    const show = (v: unknown) =>
      v === null || (Array.isArray(v) && v.length === 0) ? '—' : Array.isArray(v) ? v.join(', ') : String(v);
    byControl.set(c.controlId, [
      ...(byControl.get(c.controlId) ?? []),
      `${c.field} ${show(c.from)} → ${show(c.to)}`,
    ]);
  }
  if (byControl.size === 0) return `No changes since the last approved version: ${head}.`;
  const lines = [...byControl].map(([id, changes]) => `${id}: ${changes.join('; ')}`);
  return [
    `${byControl.size} controls changed (${head}):`,
    ...lines.slice(0, LIMIT),
    ...(lines.length > LIMIT ? [`… and ${lines.length - LIMIT} more`] : []),
  ].join('\n');
}

/** Ready for approval? Throws the rows that are not (the machine shows them to the owner). */
export function summarizeSoa(ctx: Ctx): string {
  const rows = getSoa(ctx);
  const problems = rows.flatMap((r) => {
    const p = soaRowProblem(r);
    return p ? [`${r.controlId} (${p})`] : [];
  });
  if (problems.length)
    throw new Error(
      `${problems.length} controls do not hold up: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ' …' : ''}. Revisit them.`,
    );
  const last = listSoaVersions(ctx).at(-1);
  return describeChanges(last ? soaVersion(ctx, last.version) : [], rows);
}

const toInput = (e: ReturnType<typeof pageEntries>[number]): SoaEntryInput => e as unknown as SoaEntryInput;

export function soaBinding(deps: { ctxOf?: ((teamId: string) => Ctx) | undefined }): RuntimeFlow {
  const entry = FLOWS.soa;
  if (!entry) throw new Error('soa flow missing from flows/index.ts');
  // The store the review's actors read: the runtime's own database (optional for other flows' tests).
  const ctxOf = (teamId: string): Ctx => {
    const ctx = deps.ctxOf?.(teamId);
    if (!ctx) throw new Error('the SoA review needs runtimeFlows({ ctxOf })');
    return ctx;
  };
  return {
    ...provideAll(entry, {
      actors: {
        loadControls: fromPromise(async ({ input }) => {
          const { teamId, controls } = input as { teamId: string; controls: string[] };
          return reviewQueue(ctxOf(teamId), controls);
        }),
        summarize: fromPromise(async ({ input }) =>
          summarizeSoa(ctxOf((input as { teamId: string }).teamId)),
        ),
      },
    }),
    singleton: true,
    input: (ctx) => ({ teamId: ctx.teamId, queue: reviewQueue(ctx) }),
    check(ctx, step, values: FormValues) {
      if (step.key !== 'reviewing') return {};
      const c = step.context as unknown as SoaReviewContext;
      const errors: Record<string, string> = {};
      for (const e of pageEntries(pageAt(c.queue, c.pos), values)) {
        const problem = checkSoaEntry(ctx, toInput(e));
        if (problem) errors[fieldFor(e.controlId, problem.field)] = problem.message;
      }
      return errors;
    },
    onEmitted: (ctx, emitted, instance) => {
      const e = emitted as unknown as SoaReviewEmitted;
      const actor = { userId: e.actor.userId, name: e.actor.name };
      if (e.type === 'soa.page.decided') {
        for (const row of e.entries) setSoaEntry(ctx, actor, toInput(row), placeOf(instance));
        return [];
      }
      if (e.type === 'soa.approved') approveSoa(ctx, actor, placeOf(instance), `review ${instance.id}`);
      return [];
    },
    document: (ctx) => {
      const v = listSoaVersions(ctx).at(-1);
      if (!v) return undefined;
      const rows = v.rows;
      const applicable = rows.filter((r) => r.applicable).length;
      return `*Statement of Applicability, version ${v.version}* (approved by <@${v.approvedBy}> on ${v.approvedAt.slice(0, 10)}): ${applicable} applicable, ${rows.length - applicable} excluded. \`/isms soa\` shows every row.`;
    },
    home: (ctx) => {
      const v = listSoaVersions(ctx).at(-1);
      const open = reviewQueue(ctx).length;
      return `*SoA:* ${v ? `version ${v.version}, approved ${v.approvedAt.slice(0, 10)}` : 'not approved yet'}${open ? ` · ${open} controls to decide (\`/isms soa review\`)` : ''}`;
    },
  };
}
