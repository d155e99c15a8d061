/** The risk flow on the runtime over a real SQLite file, driven to the risk owner's acceptance. */
import pino from 'pino';
import { nextRiskRef } from '../../src/domain/risk/refs.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { openDatabase } from '../../src/store/db.ts';
import { runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';
import { tempDbPath } from './app-process.ts';
import { testClock } from './scoping-run.ts';

export const OWNER = { userId: 'UOWNER', name: 'olivia' };
export const RISK_OWNER = { userId: 'URO', name: 'ron' };
export const MIA = { userId: 'UMIA', name: 'mia' };

export function riskWorld(opts: { management?: boolean } = {}) {
  const db = openDatabase(tempDbPath());
  const clock = testClock('2026-12-01T10:00:00.000Z');
  const ctx = { db, teamId: 'T1', clock };
  claimOwnership(ctx, OWNER);
  if (opts.management) changeRole(ctx, OWNER, { ...MIA, role: 'management', grant: true });
  const runtime = createRuntime({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    flows: runtimeFlows({ draftScope: async () => 'unused' }),
  });
  const send = (id: string, type: string, actor: { userId: string; name: string }, values?: object) =>
    runtime.send({ teamId: 'T1', instanceId: id, event: { type, ...(values ? { values } : {}) }, actor });
  async function toAcceptance(residual = { residualLikelihood: '2', residualImpact: '2' }) {
    const ref = nextRiskRef(ctx);
    const i = await runtime.start({ teamId: 'T1', flow: 'risk', actor: OWNER, channel: 'C1', subject: ref });
    await send(i.id, 'risk.asset.add', OWNER, {
      name: 'Customer database',
      type: 'information',
      ownerId: 'URO',
      location: 'AWS eu-west-1',
      confidentiality: '3',
      integrity: '3',
      availability: '2',
    });
    await send(i.id, 'risk.identify.submit', OWNER, {
      title: 'Ransomware',
      assets: [],
      threat: 'Ransomware delivered by phishing',
      vulnerability: 'No offline backups',
      scenario: null,
    });
    await send(i.id, 'risk.analyse.submit', OWNER, { likelihood: '4', impact: '4', ownerId: 'URO' });
    await send(i.id, 'risk.evaluate.confirm', OWNER);
    await send(i.id, 'risk.treat.submit', OWNER, {
      treatment: 'modify',
      controls: ['A.8.13', 'A.8.7'],
      treatmentPlan: 'Offline backups and malware protection',
    });
    await send(i.id, 'risk.action.add', OWNER, {
      title: 'Set up offline backups',
      ownerId: 'URO',
      dueOn: '2027-01-15',
    });
    await send(i.id, 'risk.actions.done', OWNER);
    return { ref, i: await send(i.id, 'risk.residual.submit', OWNER, residual) };
  }
  return { db, clock, ctx, runtime, send, toAcceptance };
}
