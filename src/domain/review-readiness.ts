/**
 * Readiness of clause 9.3 (management review results) from the reviews isms-bot ran: the last approved
 * review and its minutes, whether the next one is overdue against the workspace's management-review
 * reminder (its planned interval, a cron schedule), and the review actions still open (9.3.3). A
 * registered document stands in only while isms-bot holds no approved review.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { previousDues } from '../reminders/cron.ts';
import { reminderSchedules } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import type { DocumentRow } from './documents.ts';
import { findReview, openReviewActions } from './reviews.ts';

type Found = {
  readonly status: 'done' | 'partial' | 'missing';
  readonly evidence?: string | undefined;
  readonly next?: string | undefined;
};

const day = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);

/** The workspace's management-review reminder, when it has one that is not paused. */
function reviewSchedule(ctx: Ctx) {
  return ctx.db
    .select()
    .from(reminderSchedules)
    .where(
      and(
        eq(reminderSchedules.teamId, ctx.teamId),
        eq(reminderSchedules.kind, 'management_review'),
        isNull(reminderSchedules.parentId),
        isNull(reminderSchedules.deletedAt),
        eq(reminderSchedules.paused, false),
      ),
    )
    .get();
}

/**
 * The due moment a review is overdue for, if any: the schedule's latest due moment has passed and no
 * review was held since the one before it (a review counts for the next due moment when it was held
 * within the interval before it).
 */
function overdueSince(ctx: Ctx, heldOn: string): Date | undefined {
  const s = reviewSchedule(ctx);
  if (!s?.timeZone) return undefined;
  const [latest, before] = previousDues(s.cron, s.timeZone, ctx.clock.now(), 2);
  if (!latest || !before) return undefined;
  return heldOn < day(before) ? latest : undefined;
}

export function managementReviewReadiness(
  ctx: Ctx,
  opts: { doc?: DocumentRow | undefined; running: boolean },
): Found {
  const last = findReview(ctx);
  if (!last) {
    if (opts.doc)
      return {
        status: 'done',
        evidence: `registered document ${opts.doc.link} (${opts.doc.registeredAt.slice(0, 10)}, <@${opts.doc.registeredBy}>)`,
      };
    return opts.running
      ? {
          status: 'partial',
          evidence: 'a management review is running (`/isms flows`)',
          next: 'finish the management review and have the chair approve its minutes',
        }
      : { status: 'missing', next: 'hold a management review: `/isms review`' };
  }
  const today = day(ctx.clock.now());
  const open = openReviewActions(ctx);
  const late = open.filter((a) => a.dueOn < today);
  const overdue = overdueSince(ctx, last.heldOn);
  const evidence = [
    `last management review ${last.ref} held ${last.heldOn}, minutes approved ${day(last.approvedAt)} by <@${last.approvedBy}> (\`/isms review show\`, \`isms export minutes\`)`,
    overdue ? `the next was due ${day(overdue)}` : '',
    open.length ? `${open.length} review action(s) open${late.length ? `, ${late.length} overdue` : ''}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const todo = [
    overdue && !opts.running
      ? `hold the next management review, due since ${day(overdue)}: \`/isms review\``
      : '',
    overdue && opts.running ? 'finish the management review that is running' : '',
    late.length ? `close ${late.length} overdue review action(s): ${late.map((a) => a.ref).join(', ')}` : '',
  ].filter(Boolean);
  return todo.length ? { status: 'partial', evidence, next: todo.join('; ') } : { status: 'done', evidence };
}
