/** A workspace with an approved scope, a method, risks (one accepted, one waiting) and a finished SoA. */

import { CONTROLS } from '../../src/domain/catalog.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { decideAcceptance } from '../../src/domain/risk/acceptances.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { saveApprovedScope } from '../../src/domain/scope.ts';
import { approveSoa, setSoaEntry } from '../../src/domain/soa.ts';

export function populate(ctx: Ctx, owner: { userId: string; name?: string }, riskOwner: string): void {
  saveApprovedScope(ctx, {
    statement: 'The SaaS platform and the people who build and run it.',
    answers: {},
    instanceId: 'sc-test',
    approvedBy: owner.userId,
  });
  const base = {
    ownerId: riskOwner,
    likelihood: 3,
    impact: 3,
    treatment: 'modify' as const,
    controls: ['A.5.17'],
  };
  createRisk(ctx, owner, {
    ...base,
    scenario: 'A phished password opens the admin console',
    residualLikelihood: 1,
    residualImpact: 2,
  });
  createRisk(ctx, owner, {
    ...base,
    scenario: 'Backups fail silently',
    residualLikelihood: 2,
    residualImpact: 2,
  });
  decideAcceptance(ctx, { userId: riskOwner }, 'R-001', {
    decision: 'accepted',
    justification: 'MFA is enforced for every admin account.',
    expiresOn: '2027-06-01',
  });
  for (const c of CONTROLS)
    setSoaEntry(ctx, owner, {
      controlId: c.ref,
      applicable: c.ref === 'A.5.17',
      ...(c.ref === 'A.5.17'
        ? { status: 'implemented' as const }
        : { justification: 'Not relevant to a small SaaS team at this stage.' }),
    });
  approveSoa(ctx, owner);
}
