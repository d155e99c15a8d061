/**
 * The inbox with many workflow steps waiting: risk acceptances in their workflows, half for top
 * management (a role step), half for their risk owners (a person step), one handed over. Hand-overs
 * and leavers are read once for all instances, so the statements per `waitingFor` do not grow with
 * the number of instances (test/domain/inbox-queries.test.ts checks that; here: the time it takes).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../src/domain/context.ts';
import { waitingFor } from '../src/domain/inbox.ts';
import { recordHandOver } from '../src/domain/leavers.ts';
import { nextRiskRef } from '../src/domain/risk/refs.ts';
import { changeRole } from '../src/domain/roles.ts';
import type { Db } from '../src/store/db.ts';
import { workflowInstances } from '../src/store/schema/index.ts';
import type { Runtime } from '../src/workflows/runtime.ts';
import { line, ms, summarize } from './stats.ts';

/** Statements prepared (drizzle prepares one per query it runs) while `fn` runs. */
function statements(db: Db, fn: () => unknown): number {
  const client = db.$client;
  const prepare = client.prepare.bind(client);
  let n = 0;
  client.prepare = ((sql: string) => {
    n++;
    return prepare(sql);
  }) as typeof client.prepare;
  try {
    fn();
  } finally {
    client.prepare = prepare;
  }
  return n;
}

export async function benchInboxSteps(db: Db, clock: Clock, runtime: Runtime, each = 100): Promise<void> {
  const ctx = { db, teamId: 'T1', clock };
  const owner = { userId: 'UOWNER', name: 'owner' };
  const manager = { userId: 'UMGMT', name: 'mia' };
  const riskOwner = { userId: 'URISKO', name: 'ron' };
  changeRole(ctx, owner, { ...manager, role: 'management', grant: true });
  const i = await runtime.start({
    teamId: 'T1',
    flow: 'risk',
    actor: owner,
    channel: 'C1',
    subject: nextRiskRef(ctx),
  });
  const send = (id: string, type: string, actor = owner, values?: object) =>
    runtime.send({ teamId: 'T1', instanceId: id, event: { type, ...(values ? { values } : {}) }, actor });
  await send(i.id, 'risk.identify.submit', owner, { scenario: 'Ransomware encrypts the customer database.' });
  await send(i.id, 'risk.analyse.submit', owner, { likelihood: '4', impact: '4', ownerId: riskOwner.userId });
  await send(i.id, 'risk.evaluate.confirm');
  await send(i.id, 'risk.treat.submit', owner, { treatment: 'modify', controls: ['A.8.13'] });
  await send(i.id, 'risk.actions.done');
  // High on the 5×5 preset: the risk owner accepts, then top management.
  await send(i.id, 'risk.residual.submit', owner, { residualLikelihood: '3', residualImpact: '4' });
  const copy = (id: string) => {
    const row = db
      .select()
      .from(workflowInstances)
      .all()
      .find((r) => r.id === id);
    if (!row) throw new Error('no instance');
    const copyId = `ri-${randomBytes(16).toString('hex')}`;
    db.insert(workflowInstances)
      .values({ ...row, id: copyId })
      .run();
    return copyId;
  };
  const first = copy(i.id);
  await send(first, 'risk.accept', riskOwner, {
    justification: 'Acceptable with the monitoring in place.',
    expiresOn: '2026-12-20',
    confirm: 'yes',
  });
  const atManagement = [first, ...Array.from({ length: each - 1 }, () => copy(first))];
  for (let n = 0; n < each - 1; n++) copy(i.id);
  recordHandOver(ctx, {
    instanceId: atManagement[0] ?? first,
    step: 'managementAcceptance',
    from: [manager.userId],
    to: owner.userId,
    reason: 'away',
    actor: owner,
  });
  console.log(`\nInbox with ${2 * each} workflow steps waiting (${each} by role, ${each} by person)`);
  for (const [who, userId] of [
    ['top management (role step)', manager.userId],
    ['the risk owner (person step)', riskOwner.userId],
  ] as const) {
    const samples: number[] = [];
    let items = 0;
    for (let n = 0; n < 30; n++) {
      const s = performance.now();
      items = waitingFor(ctx, userId).length;
      samples.push(performance.now() - s);
    }
    const queries = statements(db, () => waitingFor(ctx, userId));
    const t = summarize(samples);
    line(`waitingFor, ${who}`, `p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  (${items} items, ${queries} statements)`);
  }
}
