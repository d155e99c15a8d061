/**
 * `/isms status` for clause 9.3 from the reviews isms-bot ran (real SQLite, the real migrations, a clock
 * the test sets): missing before any review, done after an approved one, overdue against the
 * workspace's management-review reminder (yearly on 15 January by default) once a full interval has
 * passed, partial while review actions are overdue; a registered document counts only while no review
 * was approved here, and a paused reminder plans nothing to be overdue against.
 */
import { describe, expect, it } from 'vitest';
import { registerDocument } from '../../src/domain/documents.ts';
import { readiness } from '../../src/domain/readiness.ts';
import type { MinutesDoc } from '../../src/domain/review-minutes.ts';
import { completeReviewAction, saveApprovedReview } from '../../src/domain/reviews.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { ensureDefaults, setPaused } from '../../src/reminders/schedules.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';

const owner = { userId: 'UOWNER', name: 'olga' };

function workspace() {
  let now = new Date('2026-12-01T10:00:00Z');
  const clock = { now: () => new Date(now) };
  const ctx = { db: openDatabase(tempDbPath()), teamId: 'T1', clock };
  claimOwnership(ctx, owner);
  ensureDefaults(ctx);
  return {
    ctx,
    at: (iso: string) => {
      now = new Date(iso);
    },
    item: () => readiness(ctx).find((i) => i.clause === '9.3'),
  };
}

function approveReview(ctx: ReturnType<typeof workspace>['ctx'], ref: string, heldOn: string) {
  saveApprovedReview(ctx, {
    ref,
    instanceId: `mr-${ref}`,
    heldOn,
    chairId: 'UMIA',
    doc: {} as MinutesDoc,
    minutes: 'The review was held and its decisions recorded.',
    approvedBy: 'UMIA',
    actions: [{ ref: `${ref}-A1`, text: 'Update the scope statement', owner: 'UDANA', due: '2026-12-31' }],
  });
}

describe('/isms status: management review results (9.3)', () => {
  it('is missing until a review is held, and says how to hold one', () => {
    const w = workspace();
    expect(w.item()).toMatchObject({ status: 'missing', next: 'hold a management review: `/isms review`' });
  });

  it('is done after an approved review, naming it, with its open actions', () => {
    const w = workspace();
    w.at('2026-12-10T15:00:00Z');
    approveReview(w.ctx, 'MR-2026-01', '2026-12-10');
    w.at('2026-12-15T10:00:00Z');
    const item = w.item();
    expect(item?.status).toBe('done');
    expect(item?.evidence).toContain('last management review MR-2026-01 held 2026-12-10');
    expect(item?.evidence).toContain('1 review action(s) open');
    expect(item?.next).toBeUndefined();
    // The reminder on 15 January 2027 comes within the interval after this review: not overdue.
    w.at('2027-01-20T10:00:00Z');
    expect(w.item()?.evidence).not.toContain('was due');
  });

  it('is partial while a review action is overdue, and done again once it is closed', () => {
    const w = workspace();
    approveReview(w.ctx, 'MR-2026-01', '2026-12-10');
    w.at('2027-01-05T10:00:00Z');
    expect(w.item()).toMatchObject({
      status: 'partial',
      next: 'close 1 overdue review action(s): MR-2026-01-A1',
    });
    completeReviewAction(w.ctx, 'MR-2026-01-A1', { userId: 'UDANA' }, null);
    expect(w.item()?.status).toBe('done');
  });

  it('is overdue once a full interval of the reminder passed without a review, unless it is paused', () => {
    const w = workspace();
    approveReview(w.ctx, 'MR-2026-01', '2026-12-10');
    completeReviewAction(w.ctx, 'MR-2026-01-A1', { userId: 'UDANA' }, null);
    w.at('2028-01-15T08:59:00Z');
    expect(w.item()?.status).toBe('done');
    w.at('2028-01-15T09:00:00Z');
    expect(w.item()).toMatchObject({
      status: 'partial',
      next: 'hold the next management review, due since 2028-01-15: `/isms review`',
    });
    expect(w.item()?.evidence).toContain('the next was due 2028-01-15');
    // A registered document does not hide the overdue review isms-bot knows of.
    registerDocument(w.ctx, owner, { clause: '9.3', link: 'https://wiki.example.com/isms/review' });
    expect(w.item()?.status).toBe('partial');
    setPaused(w.ctx, owner, 'management-review', true);
    expect(w.item()?.status).toBe('done');
  });

  it('counts a registered document while isms-bot holds no approved review', () => {
    const w = workspace();
    registerDocument(w.ctx, owner, { clause: '9.3', link: 'https://wiki.example.com/isms/review' });
    expect(w.item()).toMatchObject({
      status: 'done',
      evidence: expect.stringContaining('https://wiki.example.com/isms/review'),
    });
  });
});
