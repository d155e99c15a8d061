/** Risk records: ids, versions, validation, acceptance criteria, frozen residuals, staleness, expiry. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAsset } from '../../src/domain/assets.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import {
  acceptancesExpiring,
  changeRiskMethod,
  decideAcceptance,
} from '../../src/domain/risk/acceptances.ts';
import { presetMethod } from '../../src/domain/risk/presets.ts';
import { addTreatmentAction, createRisk, reassessRisk } from '../../src/domain/risk/risks.ts';
import { getRisk, listRiskViews, riskHistory } from '../../src/domain/risk/views.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { custom4x4, domainOnDisk, owner, type TestClock } from '../helpers/domain.ts';

let db: Db;
let ctx: Ctx;
let clock: TestClock;
const dana = { userId: 'UDANA', name: 'dana' };
const boss = { userId: 'UBOSS', name: 'boss' };
const base = {
  scenario: 'A phished password opens the admin console',
  ownerId: dana.userId,
  likelihood: 4,
  impact: 4,
  treatment: 'modify' as const,
  controls: ['A.5.17', '8.5'],
};
const justification = 'MFA is enforced and alerts reach on-call.';

beforeEach(() => {
  ({ db, ctx, clock } = domainOnDisk());
  claimOwnership(ctx, owner);
  changeRole(ctx, owner, { userId: boss.userId, role: 'management', grant: true });
});
afterEach(() => closeDatabase(db));

describe('risk records', () => {
  it('numbers risks per team, keeps imported ids, and stores method version and levels', () => {
    createAsset(ctx, owner, {
      name: 'Admin console',
      type: 'software',
      ownerId: dana.userId,
      confidentiality: 3,
      integrity: 3,
      availability: 2,
    });
    const r1 = createRisk(ctx, owner, { ...base, assets: ['admin console'] });
    expect(r1).toMatchObject({ ref: 'R-001', version: 1, methodVersion: 1, controls: ['A.5.17', 'A.8.5'] });
    expect(r1.assets).toEqual([{ ref: 'A-001', name: 'Admin console' }]);
    expect(r1.inherent.id).toBe('high');
    expect(createRisk(ctx, owner, { ...base, ref: 'R-010' }).ref).toBe('R-010');
    expect(createRisk(ctx, owner, { ...base, ref: 'RISK-OLD-3' }).ref).toBe('RISK-OLD-3');
    expect(createRisk(ctx, owner, base).ref).toBe('R-011');
    expect(createRisk({ ...ctx, teamId: 'T2' }, owner, base).ref).toBe('R-001');
    expect(listRiskViews(ctx).map((r) => r.ref)).toEqual(['R-001', 'R-010', 'RISK-OLD-3', 'R-011']);
    expect(() => createRisk(ctx, owner, { ...base, ref: 'R-010' })).toThrow(
      'The risk id R-010 is already used.',
    );
    expect(listEvidence(ctx).filter((e) => e.kind === 'risk.created')).toHaveLength(4);
  });

  it('refuses bad input with a clear message and stores nothing', () => {
    const before = listEvidence(ctx).length;
    const bad: [object, RegExp][] = [
      [{ scenario: '  ' }, /Scenario is required/],
      [{ likelihood: 6 }, /Likelihood 6 is off the scale: pick 1 to 5/],
      [{ controls: ['A.9.9'] }, /Control "A.9.9" is not an Annex A control/],
      [{ ownerId: 'dana@example.com' }, /Risk owner must be a Slack user id/],
      [{ controls: [] }, /Control must name at least one control/],
      [{ residualLikelihood: 2 }, /Residual impact and residual likelihood go together/],
      [{ residualLikelihood: 2, residualImpact: 9 }, /Residual impact 9 is off the scale/],
      [{ assets: ['Nope'] }, /No asset called "Nope"/],
      [
        { actions: [{ title: 'Roll out MFA', ownerId: 'UIT', dueOn: '2026-11-23' }] },
        /due date 2026-11-23 of "Roll out MFA" is in the past/,
      ],
    ];
    for (const [patch, message] of bad)
      expect(() => createRisk(ctx, owner, { ...base, ...patch })).toThrow(message);
    expect(listRiskViews(ctx)).toHaveLength(0);
    // The default method is stored on first use, in the same transaction: rolled back too.
    expect(listEvidence(ctx)).toHaveLength(before);
  });

  it('re-assesses as a new version on the current method and keeps the history', () => {
    createRisk(ctx, owner, base);
    changeRiskMethod(ctx, owner, { method: custom4x4 });
    const v2 = reassessRisk(ctx, owner, 'R-001', { ...base, likelihood: 4, impact: 1 });
    expect(v2).toMatchObject({ version: 2, methodVersion: 2 });
    expect(v2.inherent.id).toBe('amber');
    expect(riskHistory(ctx, 'R-001').map((v) => [v.version, v.methodVersion, v.likelihood])).toEqual([
      [1, 1, 4],
      [2, 2, 4],
    ]);
    expect(() => db.$client.prepare('UPDATE risk_versions SET likelihood = 1').run()).toThrow(/append-only/);
    expect(() => reassessRisk(ctx, owner, 'R-404', base)).toThrow('There is no risk R-404.');
  });

  it('flags overdue treatment actions', () => {
    createRisk(ctx, owner, base);
    addTreatmentAction(ctx, owner, 'R-001', { title: 'Enforce MFA', ownerId: 'UIT', dueOn: '2026-11-30' });
    expect(() =>
      addTreatmentAction(ctx, owner, 'R-001', { title: 'x', ownerId: 'UIT', dueOn: '2026-11-01' }),
    ).toThrow(/in the past/);
    expect(getRisk(ctx, 'R-001').overdueActions).toBe(0);
    clock.advanceDays(7);
    expect(getRisk(ctx, 'R-001').overdueActions).toBe(1);
  });
});

describe('acceptance', () => {
  it('lets the owner accept a level the criteria give to the owner, within its limit', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 2, residualImpact: 2 });
    expect(getRisk(ctx, 'R-001').acceptance).toMatchObject({ state: 'pending_owner', level: { id: 'low' } });
    expect(() =>
      decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-11-25' }),
    ).toThrow(/at the latest 2027-11-24 \(365 days for Low\)/);
    expect(() => decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification: 'ok' })).toThrow(
      /Justification needs a sentence/,
    );
    const { status } = decideAcceptance(ctx, dana, 'R-001', {
      decision: 'accepted',
      justification,
      expiresOn: '2027-06-01',
    });
    expect(status.state).toBe('accepted');
    expect(listEvidence(ctx).at(-1)).toMatchObject({
      kind: 'risk.accepted',
      actorId: 'UDANA',
      data: { residualLikelihood: 2, residualImpact: 2, residualLevel: 'low', expiresOn: '2027-06-01' },
    });
    expect(() => db.$client.prepare('DELETE FROM risk_acceptances').run()).toThrow(/append-only/);
  });

  it('refuses anyone but the risk owner, and records the attempt', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 2, residualImpact: 2 });
    expect(() =>
      decideAcceptance(ctx, boss, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-01' }),
    ).toThrow('Only the risk owner (<@UDANA>) can decide on R-001.');
    expect(listEvidence(ctx).at(-1)).toMatchObject({ kind: 'risk.decision_refused', actorId: 'UBOSS' });
    expect(getRisk(ctx, 'R-001').acceptances).toHaveLength(0);
  });

  it('needs management after the owner when the criteria say so', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 4, residualImpact: 3 });
    decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-15' });
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('pending_management');
    expect(() =>
      decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-15' }),
    ).toThrow(/waits for top management/);
    expect(() =>
      decideAcceptance(ctx, boss, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-03-01' }),
    ).toThrow(/90 days for High/);
    expect(
      decideAcceptance(ctx, boss, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-02-01' })
        .status.state,
    ).toBe('accepted');
  });

  it('offers no acceptance for a level that must be treated', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 5, residualImpact: 4 });
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('must_treat');
    expect(() =>
      decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-01' }),
    ).toThrow(/R-001 is Critical after treatment, which nobody may accept: treat it further/);
    createRisk(ctx, owner, { ...base, treatment: null, controls: [] });
    expect(() => decideAcceptance(ctx, dana, 'R-002', { decision: 'declined', justification })).toThrow(
      /Rate the residual risk/,
    );
  });

  it('goes stale when the residual rating changes, and a decline sends it back to treatment', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 2, residualImpact: 2 });
    decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-01' });
    reassessRisk(ctx, owner, 'R-001', {
      ...base,
      residualLikelihood: 2,
      residualImpact: 2,
      threat: 'same rating',
    });
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('accepted');
    reassessRisk(ctx, owner, 'R-001', { ...base, residualLikelihood: 3, residualImpact: 2 });
    const stale = getRisk(ctx, 'R-001').acceptance;
    expect(stale).toMatchObject({
      state: 'stale',
      next: 'owner',
      current: { residualLikelihood: 2, residualImpact: 2 },
    });
    decideAcceptance(ctx, dana, 'R-001', {
      decision: 'declined',
      justification: 'Not while the VPN is unpatched.',
    });
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('declined');
    reassessRisk(ctx, owner, 'R-001', { ...base, residualLikelihood: 1, residualImpact: 2 });
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('pending_owner');
  });

  it('expires after its last day, and lists acceptances due for re-review', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 2, residualImpact: 2 });
    decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-10' });
    expect(acceptancesExpiring(ctx, '2026-12-31')).toEqual([]);
    clock.advanceDays(17); // 2026-12-11: 30 days before
    expect(acceptancesExpiring(ctx, '2027-01-10')).toEqual([
      { ref: 'R-001', ownerId: 'UDANA', expiresOn: '2027-01-10' },
    ]);
    clock.advanceDays(30); // 2027-01-10: last day in force
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('accepted');
    clock.advanceDays(1);
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('expired');
  });

  it('refuses a method change that strands open acceptances, naming the risks', () => {
    createRisk(ctx, owner, { ...base, residualLikelihood: 2, residualImpact: 2 });
    createRisk(ctx, owner, { ...base, residualLikelihood: 1, residualImpact: 1 });
    createRisk(ctx, owner, { ...base, residualLikelihood: 1, residualImpact: 2 });
    decideAcceptance(ctx, dana, 'R-001', { decision: 'accepted', justification, expiresOn: '2027-01-01' });
    decideAcceptance(ctx, dana, 'R-002', { decision: 'accepted', justification, expiresOn: '2027-01-01' });
    // On the custom grid 2×2 is still "green" but green is not "low": both acceptances are stranded.
    expect(() => changeRiskMethod(ctx, owner, { method: custom4x4 })).toThrow(
      'This method would leave open acceptances judged by criteria it no longer has: R-001, R-002. Re-assess those risks first, or keep their levels and criteria.',
    );
    // On the 4×4 preset 2×2 is Medium: only R-001 is judged by criteria that would be gone.
    expect(() => changeRiskMethod(ctx, owner, { preset: '4x4' })).toThrow(
      /criteria it no longer has: R-001\./,
    );
    // Shorter acceptances for Low strand both; new wording and colours strand nothing.
    const shorter = presetMethod('5x5');
    shorter.levels = shorter.levels.map((l) =>
      l.id === 'low' ? { ...l, acceptance: { by: 'owner', maxDays: 200 } } : l,
    );
    expect(() => changeRiskMethod(ctx, owner, { method: shorter })).toThrow(/R-001, R-002/);
    const reworded = presetMethod('5x5');
    reworded.name = 'Our 5×5';
    reworded.levels = reworded.levels.map((l) => ({ ...l, colour: '#123456' }));
    expect(changeRiskMethod(ctx, owner, { method: reworded }).version).toBe(2);
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('accepted');
  });
});
