/** The Statement of Applicability: 93 rows, risks linked from treatments, approval and diffs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROLS } from '../../src/domain/catalog.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createRisk, reassessRisk } from '../../src/domain/risk/risks.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import {
  approveSoa,
  diffSoa,
  getSoa,
  listSoaVersions,
  setSoaEntry,
  soaVersion,
} from '../../src/domain/soa.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { domainOnDisk, owner } from '../helpers/domain.ts';

let db: Db;
let ctx: Ctx;
const boss = { userId: 'UBOSS' };
const risk = {
  scenario: 'Laptop stolen from a car',
  ownerId: 'UDANA',
  likelihood: 3,
  impact: 3,
  treatment: 'modify' as const,
  controls: ['A.8.1', 'A.8.24'],
};

beforeEach(() => {
  ({ db, ctx } = domainOnDisk());
  claimOwnership(ctx, owner);
});
afterEach(() => closeDatabase(db));

/** Decide every control not linked to a risk: applicable for a business reason. */
function decideTheRest() {
  for (const row of getSoa(ctx).filter((r) => r.applicable === null))
    setSoaEntry(ctx, owner, {
      controlId: row.controlId,
      applicable: true,
      reasons: ['business'],
      justification: 'Customers ask for it in security questionnaires.',
    });
}

describe('Statement of Applicability', () => {
  it('lists all 93 controls and links risks from their treatments', () => {
    createRisk(ctx, owner, risk);
    createRisk(ctx, owner, { ...risk, controls: ['A.8.24'] });
    const soa = getSoa(ctx);
    expect(soa).toHaveLength(93);
    expect(soa.map((r) => r.controlId)).toEqual(CONTROLS.map((c) => c.ref));
    expect(soa.find((r) => r.controlId === 'A.8.24')).toMatchObject({
      applicable: true,
      risks: ['R-001', 'R-002'],
    });
    expect(soa.find((r) => r.controlId === 'A.8.1')).toMatchObject({ applicable: true, risks: ['R-001'] });
    expect(soa.filter((r) => r.applicable === null)).toHaveLength(91);
    // A re-assessment that drops a control unlinks it.
    reassessRisk(ctx, owner, 'R-001', { ...risk, controls: ['A.8.24'] });
    expect(getSoa(ctx).find((r) => r.controlId === 'A.8.1')).toMatchObject({ applicable: null, risks: [] });
  });

  it('wants every row justified, and refuses excluding a control a risk treatment picks', () => {
    createRisk(ctx, owner, risk);
    expect(() => setSoaEntry(ctx, owner, { controlId: 'A.7.4', applicable: true })).toThrow(
      'A.7.4 cannot be saved: applicable with no risk and no legal, contractual or business reason.',
    );
    expect(() => setSoaEntry(ctx, owner, { controlId: 'A.7.4', applicable: false })).toThrow(
      /excluded without a justification/,
    );
    expect(() =>
      setSoaEntry(ctx, owner, {
        controlId: 'A.8.24',
        applicable: false,
        justification: 'We do not encrypt.',
      }),
    ).toThrow('A.8.24 cannot be saved: excluded but treats R-001.');
    expect(() => setSoaEntry(ctx, owner, { controlId: 'A.9.1', applicable: true })).toThrow(
      /not an Annex A control/,
    );
    const row = setSoaEntry(ctx, owner, {
      controlId: '7.4',
      applicable: false,
      justification: 'No offices: everyone works remotely.',
    });
    expect(row).toMatchObject({ controlId: 'A.7.4', applicable: false, status: null });
    expect(listEvidence(ctx).at(-1)).toMatchObject({ kind: 'soa.entry_set', subject: 'soa:A.7.4' });
  });

  it('is approved by top management only when every row is ready, and versions show their changes', () => {
    createRisk(ctx, owner, risk);
    changeRole(ctx, owner, { userId: boss.userId, role: 'management', grant: true });
    expect(() => approveSoa(ctx, boss)).toThrow(/^91 of 93 controls are not ready: A\.5\.1 \(not decided\)/);
    decideTheRest();
    expect(() => approveSoa(ctx, owner)).toThrow(
      'Only top management can approve the Statement of Applicability.',
    );
    expect(listEvidence(ctx).at(-1)?.kind).toBe('soa.approval_refused');
    expect(approveSoa(ctx, boss)).toEqual({ version: 1 });
    setSoaEntry(ctx, owner, {
      controlId: 'A.7.4',
      applicable: false,
      justification: 'No offices: everyone works remotely.',
    });
    setSoaEntry(ctx, owner, {
      controlId: 'A.8.24',
      applicable: true,
      status: 'implemented',
      ownerId: 'UDANA',
      evidenceRef: 'wiki/crypto-policy',
    });
    expect(approveSoa(ctx, boss, undefined, 'Remote-only')).toEqual({ version: 2 });
    expect(listSoaVersions(ctx).map((v) => [v.version, v.approvedBy])).toEqual([
      [1, 'UBOSS'],
      [2, 'UBOSS'],
    ]);
    const changes = diffSoa(soaVersion(ctx, 1), soaVersion(ctx, 2));
    expect(changes).toEqual([
      { controlId: 'A.7.4', field: 'applicable', from: true, to: false },
      { controlId: 'A.7.4', field: 'reasons', from: ['business'], to: [] },
      {
        controlId: 'A.7.4',
        field: 'justification',
        from: 'Customers ask for it in security questionnaires.',
        to: 'No offices: everyone works remotely.',
      },
      { controlId: 'A.8.24', field: 'status', from: null, to: 'implemented' },
      { controlId: 'A.8.24', field: 'ownerId', from: null, to: 'UDANA' },
      { controlId: 'A.8.24', field: 'evidenceRef', from: null, to: 'wiki/crypto-policy' },
    ]);
    expect(listEvidence(ctx).at(-1)).toMatchObject({ kind: 'soa.approved', data: { version: 2, changes } });
  });

  it('lets the ISMS owner approve when nobody holds top management', () => {
    decideTheRest();
    expect(approveSoa(ctx, owner)).toEqual({ version: 1 });
  });
});
