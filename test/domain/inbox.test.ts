/** What waits for a person: steps by the one rule, acceptances to give, treatment actions due. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/domain/context.ts';
import { INBOX_SOURCES, type InboxSource, waitingFor } from '../../src/domain/inbox.ts';
import { decideAcceptance } from '../../src/domain/risk/acceptances.ts';
import { addTreatmentAction, createRisk } from '../../src/domain/risk/risks.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime, type Runtime } from '../../src/workflows/runtime.ts';
import { domainOnDisk, owner, type TestClock } from '../helpers/domain.ts';
import { formEvent as scopingFormEvent } from '../helpers/scoping-run.ts';

let db: Db;
let ctx: Ctx;
let clock: TestClock;
let rt: Runtime;
const dana = { userId: 'UDANA', name: 'dana' };
const boss = { userId: 'UBOSS', name: 'boss' };
const max = { userId: 'UMAX', name: 'max' };
const risk = {
  scenario: 'A phished password opens the admin console',
  ownerId: dana.userId,
  likelihood: 4,
  impact: 4,
  treatment: 'modify' as const,
  controls: ['A.5.17'],
};
const keys = (userId: string) => waitingFor(ctx, userId).map((i) => i.key);

beforeEach(() => {
  ({ db, ctx, clock } = domainOnDisk());
  claimOwnership(ctx, owner);
  changeRole(ctx, owner, { userId: boss.userId, role: 'management', grant: true });
  rt = createRuntime({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
    busyTimeoutMs: 2000,
  });
});
afterEach(() => closeDatabase(db));

describe('waitingFor', () => {
  it('a new workspace has nothing waiting for anyone', () => {
    expect(waitingFor(ctx, owner.userId)).toEqual([]);
    expect(waitingFor(ctx, max.userId)).toEqual([]);
  });

  it('follows a workflow step to whoever the step is addressed to, by role', async () => {
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: max, channel: 'C1' });
    // A step open to anyone waits for whoever started the flow.
    expect(keys(max.userId)).toEqual([`step:${i.id}:issues`]);
    expect(keys(owner.userId)).toEqual([]);
    const [item] = waitingFor(ctx, max.userId);
    expect(item).toMatchObject({
      kind: 'step',
      overdue: false,
      open: { kind: 'step', instanceId: i.id, step: 'issues' },
    });
    expect(item?.title).toContain('internal issues');
    for (const step of ['issues', 'parties', 'boundaries'])
      await rt.send({
        teamId: 'T1',
        instanceId: i.id,
        event: scopingFormEvent(step),
        actor: max,
        expectStep: step,
      });
    // The edit is the ISMS owner's, then the approval top management's (by DM).
    expect(keys(max.userId)).toEqual([]);
    expect(keys(owner.userId)).toEqual([`step:${i.id}:review`]);
    await rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: scopingFormEvent('review'),
      actor: owner,
      expectStep: 'review',
    });
    expect(keys(owner.userId)).toEqual([]);
    expect(keys(boss.userId)).toEqual([`step:${i.id}:approval`]);
    expect(waitingFor(ctx, boss.userId)[0]?.detail).toContain('DM');
    // A second holder of the role sees the same step.
    changeRole(ctx, owner, { userId: dana.userId, role: 'management', grant: true });
    expect(keys(dana.userId)).toEqual([`step:${i.id}:approval`]);
    await rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: { type: 'scope.approve' },
      actor: boss,
      expectStep: 'approval',
    });
    expect(keys(boss.userId)).toEqual([]);
    expect(keys(dana.userId)).toEqual([]);
  });

  it('lists acceptances to give: the risk owner first, then top management where the criteria say so', () => {
    createRisk(ctx, owner, { ...risk, residualLikelihood: 2, residualImpact: 2 });
    createRisk(ctx, owner, { ...risk, residualLikelihood: 3, residualImpact: 4 });
    expect(keys(dana.userId)).toEqual(['acceptance:R-001:1', 'acceptance:R-002:1']);
    expect(keys(boss.userId)).toEqual([]);
    const justification = 'MFA is enforced and alerts reach on-call.';
    decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-06-01' });
    decideAcceptance(ctx, dana, 'R-002', { decision: 'accepted', justification, expiresOn: '2027-01-01' });
    expect(keys(dana.userId)).toEqual([]);
    // R-002 is high: the owner's acceptance is not enough.
    expect(keys(boss.userId)).toEqual(['acceptance:R-002:1']);
    expect(waitingFor(ctx, boss.userId)[0]).toMatchObject({ open: { kind: 'risk', ref: 'R-002' } });
    decideAcceptance(ctx, boss, 'R-002', { decision: 'accepted', justification, expiresOn: '2027-01-01' });
    expect(keys(boss.userId)).toEqual([]);
    // Once an acceptance expires, the owner is asked again, and it is overdue.
    clock.advanceDays(40); // 2027-01-03: R-002's acceptance has ended
    const [expired] = waitingFor(ctx, dana.userId);
    expect(expired).toMatchObject({ key: 'acceptance:R-002:1', due: '2027-01-01', overdue: true });
  });

  it('lists open treatment actions due soon or overdue, overdue first, and not those far off or done', () => {
    createRisk(ctx, owner, { ...risk, ownerId: owner.userId });
    addTreatmentAction(ctx, owner, 'R-001', {
      title: 'Enforce MFA',
      ownerId: dana.userId,
      dueOn: '2026-11-27',
    });
    addTreatmentAction(ctx, owner, 'R-001', {
      title: 'Phishing drill',
      ownerId: dana.userId,
      dueOn: '2026-11-30',
    });
    addTreatmentAction(ctx, owner, 'R-001', {
      title: 'Hardware keys',
      ownerId: dana.userId,
      dueOn: '2027-03-01',
    });
    expect(waitingFor(ctx, dana.userId).map((i) => [i.title, i.due, i.overdue])).toEqual([
      ['Enforce MFA (treatment of R-001)', '2026-11-27', false],
      ['Phishing drill (treatment of R-001)', '2026-11-30', false],
    ]);
    clock.advanceDays(4); // 2026-11-28: MFA is late
    const items = waitingFor(ctx, dana.userId);
    expect(items[0]).toMatchObject({ key: 'action:1', overdue: true, detail: 'overdue since 2026-11-27' });
    expect(waitingFor(ctx, dana.userId, { soonDays: 200 })).toHaveLength(3);
    expect(waitingFor(ctx, owner.userId)).toEqual([]);
  });

  it('takes items from a source another feature adds', () => {
    const reviewInputs: InboxSource = ({ userId }) =>
      userId === boss.userId
        ? [
            {
              kind: 'review.input',
              key: 'review:MR-1:a',
              title: 'Confirm input a)',
              due: '2026-11-20',
              overdue: true,
              open: { kind: 'step', instanceId: 'mr-1', step: 'inputs' },
            },
          ]
        : [];
    INBOX_SOURCES.push(reviewInputs);
    try {
      createRisk(ctx, owner, { ...risk, ownerId: boss.userId, residualLikelihood: 1, residualImpact: 1 });
      expect(keys(boss.userId)).toEqual(['review:MR-1:a', 'acceptance:R-001:1']);
    } finally {
      INBOX_SOURCES.splice(INBOX_SOURCES.indexOf(reviewInputs), 1);
    }
  });
});
