/**
 * The risk flow through the runtime on a real SQLite file: what each step stores through the risk
 * domain verbs (the risk as version 1, a re-treatment as version 2, each decision as an append-only
 * acceptance with the residual frozen), management after the owner, and nothing stored by an event
 * the domain refuses.
 */
import { describe, expect, it } from 'vitest';
import { listAssets } from '../../src/domain/assets.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { nextRiskRef } from '../../src/domain/risk/refs.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { getRisk, riskHistory } from '../../src/domain/risk/views.ts';
import { MIA, OWNER, RISK_OWNER, riskWorld } from '../helpers/risk-world.ts';

const world = riskWorld;

describe('the risk flow on the runtime', () => {
  it('stores the risk with its new asset, controls and action, and the owner accepts it', async () => {
    const w = world();
    const { ref, i } = await w.toAcceptance();
    expect(ref).toBe('R-001');
    expect(i.subject).toBe('R-001');
    expect(i.step).toBe('ownerAcceptance');
    const stored = getRisk(w.ctx, ref);
    expect(stored).toMatchObject({
      version: 1,
      ownerId: 'URO',
      likelihood: 4,
      impact: 4,
      treatment: 'modify',
      controls: ['A.8.13', 'A.8.7'],
      residual: { likelihood: 2, impact: 2 },
      scenario: 'Ransomware delivered by phishing, exploiting: No offline backups',
    });
    expect(stored.inherent.id).toBe('high');
    expect(stored.assets.map((a) => a.name)).toEqual(['Customer database']);
    expect(listAssets(w.ctx).map((a) => a.ref)).toEqual(['A-001']);
    expect(stored.actions.map((a) => [a.title, a.ownerId, a.dueOn])).toEqual([
      ['Set up offline backups', 'URO', '2027-01-15'],
    ]);
    expect(stored.acceptance.state).toBe('pending_owner');
    // What was typed found its threat in the catalogue, and the controls that treat it.
    const view = w.runtime.step(i).context.view as { threats: string; controls: string };
    expect(view.threats).toMatch(/^• T-05 Ransomware and other malware/);
    expect(view.controls).toContain('A.8.13 Information backup');

    // Someone else than the risk owner is refused, and the refusal is evidence.
    await expect(
      w.send(i.id, 'risk.accept', OWNER, {
        justification: 'Fine by me, really.',
        expiresOn: '2027-03-01',
        confirm: 'yes',
      }),
    ).rejects.toThrow(/Only <@URO>/);
    expect(listEvidence(w.ctx).filter((e) => e.kind === 'step.refused')).toHaveLength(1);

    const done = await w.send(i.id, 'risk.accept', RISK_OWNER, {
      justification: 'Low once backups are offline.',
      expiresOn: '2027-03-01',
      confirm: 'yes',
    });
    expect(done.step).toBe('accepted');
    const accepted = getRisk(w.ctx, ref);
    expect(accepted.acceptance.state).toBe('accepted');
    expect(accepted.acceptances).toMatchObject([
      {
        decision: 'accepted',
        role: 'owner',
        decidedBy: 'URO',
        residualLikelihood: 2,
        residualImpact: 2,
        residualLevel: 'low',
        expiresOn: '2027-03-01',
      },
    ]);
    const kinds = listEvidence(w.ctx).map((e) => e.kind);
    for (const k of ['asset.created', 'risk.created', 'risk.action_planned', 'risk.accepted'])
      expect(kinds).toContain(k);
  });

  it('an expiry past the criteria is refused by the domain and nothing moves', async () => {
    const w = world();
    const { ref, i } = await w.toAcceptance();
    await expect(
      w.send(i.id, 'risk.accept', RISK_OWNER, {
        justification: 'Far too long an acceptance.',
        expiresOn: '2028-12-01',
        confirm: 'yes',
      }),
    ).rejects.toThrow(/at the latest 2027-12-01/);
    expect(w.runtime.get('T1', i.id).step).toBe('ownerAcceptance');
    expect(getRisk(w.ctx, ref).acceptances).toHaveLength(0);
  });

  it('a decline goes back to treatment, and the new treatment is version 2 with the history kept', async () => {
    const w = world();
    const { ref, i } = await w.toAcceptance();
    const back = await w.send(i.id, 'risk.decline', RISK_OWNER, {
      justification: 'Backups alone are not enough.',
    });
    expect(back.step).toBe('treat');
    expect(getRisk(w.ctx, ref).acceptance.state).toBe('declined');
    await w.send(i.id, 'risk.treat.submit', OWNER, {
      treatment: 'modify',
      controls: ['A.8.13', 'A.8.16'],
      treatmentPlan: null,
    });
    await w.send(i.id, 'risk.actions.done', OWNER);
    const again = await w.send(i.id, 'risk.residual.submit', OWNER, {
      residualLikelihood: '1',
      residualImpact: '2',
    });
    expect(again.step).toBe('ownerAcceptance');
    expect(riskHistory(w.ctx, ref).map((v) => [v.version, v.controls])).toEqual([
      [1, ['A.8.13', 'A.8.7']],
      [2, ['A.8.13', 'A.8.16']],
    ]);
    expect(getRisk(w.ctx, ref).acceptance.state).toBe('pending_owner');
  });

  it('management follows the owner when the criteria say so; the first decision counts', async () => {
    const w = world({ management: true });
    // 5×5: 3 × 4 = 12 is High, which the owner accepts and then top management.
    const { ref, i } = await w.toAcceptance({ residualLikelihood: '3', residualImpact: '4' });
    const next = await w.send(i.id, 'risk.accept', RISK_OWNER, {
      justification: 'Acceptable with the monitoring in place.',
      expiresOn: '2027-02-15',
      confirm: 'yes',
    });
    expect(next.step).toBe('managementAcceptance');
    expect(getRisk(w.ctx, ref).acceptance.state).toBe('pending_management');
    // The ISMS owner is not top management here, so may not decide.
    await expect(
      w.send(i.id, 'risk.accept', OWNER, {
        justification: 'Me instead of mia.',
        expiresOn: '2027-02-15',
        confirm: 'yes',
      }),
    ).rejects.toThrow(/top management/);
    const done = await w.send(i.id, 'risk.accept', MIA, {
      justification: 'Agreed for this quarter.',
      expiresOn: '2027-02-15',
      confirm: 'yes',
    });
    expect(done.step).toBe('accepted');
    expect(getRisk(w.ctx, ref).acceptances.map((a) => [a.role, a.decidedBy])).toEqual([
      ['owner', 'URO'],
      ['management', 'UMIA'],
    ]);
  });

  it('a level nobody may accept goes back to treatment without asking anyone', async () => {
    const w = world();
    const { ref, i } = await w.toAcceptance({ residualLikelihood: '5', residualImpact: '5' });
    expect(i.step).toBe('treat');
    expect(getRisk(w.ctx, ref).acceptance.state).toBe('must_treat');
  });

  it('numbers risks from the workspace counter, past ids already in the register', async () => {
    const w = world();
    expect(nextRiskRef(w.ctx)).toBe('R-001');
    expect(nextRiskRef(w.ctx)).toBe('R-002');
    const { ref } = await w.toAcceptance();
    expect(ref).toBe('R-003');
    // An import that kept its own R-010: the next flow goes on after it.
    createRisk(w.ctx, OWNER, {
      ref: 'R-010',
      scenario: 'Imported',
      ownerId: 'URO',
      likelihood: 1,
      impact: 1,
    });
    expect(nextRiskRef(w.ctx)).toBe('R-011');
    expect(createRisk(w.ctx, OWNER, { scenario: 'Next', ownerId: 'URO', likelihood: 1, impact: 1 }).ref).toBe(
      'R-012',
    );
  });
});
