/**
 * The 9.3.2 inputs pre-filled from live data, over a real SQLite file: a workspace with two scope
 * versions (one approved after the previous review), risks new and re-assessed since, an acceptance,
 * an overdue treatment action, and a previous review with one action done and one still open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/domain/context.ts';
import { reviewInputs } from '../../src/domain/review-inputs.ts';
import { completeReviewAction, saveApprovedReview } from '../../src/domain/reviews.ts';
import { decideAcceptance } from '../../src/domain/risk/acceptances.ts';
import { addTreatmentAction, createRisk, reassessRisk } from '../../src/domain/risk/risks.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { saveApprovedScope } from '../../src/domain/scope.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { domainOnDisk, owner, type TestClock } from '../helpers/domain.ts';

let db: Db;
let ctx: Ctx;
let clock: TestClock;
const dana = { userId: 'UDANA', name: 'dana' };
const risk = {
  scenario: 'A phished password opens the admin console',
  ownerId: dana.userId,
  likelihood: 4,
  impact: 4,
  treatment: 'modify' as const,
  controls: ['A.5.17'],
};
const byKey = (c: Ctx) => Object.fromEntries(reviewInputs(c).map((i) => [i.key, i]));
const scope = (external: string[], parties: string[]) => ({
  statement: 'The ISMS of Acme covers engineering.',
  answers: { organisation: 'Acme', external, internal: ['Small team'], parties, addressed: ['DPA'] },
  instanceId: 'sc-1',
  approvedBy: owner.userId,
});

beforeEach(() => {
  ({ db, ctx, clock } = domainOnDisk());
  claimOwnership(ctx, owner);
  changeRole(ctx, owner, { userId: dana.userId, name: dana.name, role: 'approver', grant: true });
});
afterEach(() => closeDatabase(db));

describe('review inputs', () => {
  it('on a new workspace: every input is there, and what the bot cannot know says so', () => {
    const inputs = reviewInputs(ctx);
    expect(inputs.map((i) => i.key)).toEqual(['a', 'b', 'c', 'd1', 'd2', 'd3', 'd4', 'e', 'f', 'g']);
    const k = byKey(ctx);
    expect(k.a?.prefilled).toMatch(/first management review/);
    expect(k.b?.prefilled).toMatch(/No scope is approved yet/);
    expect(k.f?.prefilled).toMatch(/risk register is empty/);
    for (const key of ['d1', 'd2', 'd3', 'd4', 'e', 'g']) {
      expect(k[key]?.known).toBe(false);
      expect(k[key]?.prefilled).toMatch(/isms-bot (does not|cannot)/);
    }
    expect(['a', 'b', 'c', 'f'].every((key) => k[key]?.known)).toBe(true);
  });

  it('since the previous review: its actions carried forward, scope diffs, the register and evidence', () => {
    saveApprovedScope(ctx, scope(['Customers want ISO 27001'], ['Customers: DPA']));
    createRisk(ctx, owner, { ...risk, title: 'Old phishing risk' }); // R-001, before the review
    createRisk(ctx, owner, { ...risk, title: 'Laptop theft', residualLikelihood: 2, residualImpact: 2 });
    clock.advanceDays(10);
    saveApprovedReview(ctx, {
      ref: 'MR-2026-01',
      instanceId: 'mr-1',
      heldOn: '2026-12-04',
      chairId: 'UBOSS',
      doc: { reviewId: 'MR-2026-01' } as never,
      minutes: 'Minutes of the first review.',
      approvedBy: 'UBOSS',
      actions: [
        { ref: 'MR-2026-01-A1', text: 'Write the access policy', owner: dana.userId, due: '2026-12-20' },
        { ref: 'MR-2026-01-A2', text: 'Book the internal audit', owner: owner.userId, due: '2027-01-31' },
      ],
    });
    clock.advanceDays(5);
    completeReviewAction(ctx, 'MR-2026-01-A1', dana, 'Published on the wiki');
    saveApprovedScope(
      ctx,
      scope(
        ['Customers want ISO 27001', 'NIS2 applies to a customer'],
        ['Customers: DPA', 'Insurer: annual audit'],
      ),
    );
    createRisk(ctx, owner, { ...risk, title: 'Supplier breach' }); // R-003, new since the review
    reassessRisk(ctx, owner, 'R-001', { ...risk, likelihood: 3 });
    decideAcceptance(ctx, dana, 'R-002', {
      decision: 'accepted',
      justification: 'Disk encryption on all laptops.',
      expiresOn: '2027-01-05',
    });
    addTreatmentAction(ctx, owner, 'R-003', {
      title: 'Review supplier contracts',
      ownerId: dana.userId,
      dueOn: '2026-12-15',
    });
    clock.advanceDays(60); // 2027-02-07: A2 and the treatment action are overdue, the acceptance expired

    const k = byKey(ctx);
    expect(k.a?.prefilled).toContain('Actions from MR-2026-01 (held 2026-12-04)');
    expect(k.a?.prefilled).toContain('1 open, 1 done');
    expect(k.a?.prefilled).toMatch(
      /MR-2026-01-A1 Write the access policy \(@dana, due 2026-12-20\): done 2026-12-09/,
    );
    expect(k.a?.prefilled).toMatch(
      /MR-2026-01-A2 Book the internal audit \(@olga, due 2027-01-31\): OPEN, OVERDUE/,
    );
    expect(k.b?.prefilled).toMatch(/Scope version 1 → 2/);
    expect(k.b?.prefilled).toContain('added: NIS2 applies to a customer');
    expect(k.b?.prefilled).not.toContain('added: Customers want ISO 27001');
    expect(k.c?.prefilled).toContain('added: Insurer: annual audit');
    const f = k.f?.prefilled ?? '';
    expect(f).toMatch(/^3 open risks by level/);
    expect(f).toContain('New since the last review: R-003. Re-assessed: R-001.');
    expect(f).toContain('Acceptances given: R-002.');
    expect(f).toContain('Expired: R-002.');
    expect(f).toMatch(
      /Treatment plan: 1 open actions, 1 overdue:\n• R-003: Review supplier contracts \(@dana, due 2026-12-15\)/,
    );
    expect(f).toMatch(/Evidence entries since 2026-12-04: \d+ \(/);
  });

  it('says nothing changed when the scope stayed as it was', () => {
    saveApprovedScope(ctx, scope(['Customers want ISO 27001'], ['Customers: DPA']));
    clock.advanceDays(1);
    saveApprovedReview(ctx, {
      ref: 'MR-2026-01',
      instanceId: 'mr-1',
      heldOn: '2026-11-25',
      chairId: 'UBOSS',
      doc: {} as never,
      minutes: 'Minutes.',
      approvedBy: 'UBOSS',
      actions: [],
    });
    expect(byKey(ctx).b?.prefilled).toMatch(
      /^No change: scope version 1 \(approved 2026-11-24\) is still current/,
    );
    expect(byKey(ctx).a?.prefilled).toMatch(/0 open, 0 done\.\n• none were decided/);
  });
});
