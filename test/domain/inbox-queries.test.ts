/**
 * The inbox reads hand-overs and leavers once for all running instances, not once per instance: the
 * number of SQL statements `waitingFor` runs is the same for 2 and for 40 risk acceptances waiting
 * for top management (a role step) or for their risk owners (a person step), hand-overs included.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitingFor } from '../../src/domain/inbox.ts';
import { recordHandOver } from '../../src/domain/leavers.ts';
import { workflowInstances } from '../../src/store/schema/index.ts';
import { MIA, OWNER, RISK_OWNER, riskWorld } from '../helpers/risk-world.ts';

/** Statements prepared (drizzle prepares one per query it runs) while `fn` runs. */
function statements(db: ReturnType<typeof riskWorld>['db'], fn: () => unknown): number {
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

/** `n` more instances just like `id` (same step, same context), as many risks would be. */
function copies(w: ReturnType<typeof riskWorld>, id: string, n: number): string[] {
  const row = w.db
    .select()
    .from(workflowInstances)
    .all()
    .find((r) => r.id === id);
  if (!row) throw new Error('no instance');
  return Array.from({ length: n }, () => {
    const copyId = `ri-${randomBytes(16).toString('hex')}`;
    w.db
      .insert(workflowInstances)
      .values({ ...row, id: copyId })
      .run();
    return copyId;
  });
}

describe('the inbox at size', () => {
  it('runs as many statements for 40 waiting steps as for 2, by role and by person', async () => {
    const w = riskWorld({ management: true });
    const { i: atOwner } = await w.toAcceptance({ residualLikelihood: '3', residualImpact: '4' });
    const [second] = copies(w, atOwner.id, 1);
    const atManagement = await w.send(second ?? '', 'risk.accept', RISK_OWNER, {
      justification: 'Acceptable with the monitoring in place.',
      expiresOn: '2027-02-15',
      confirm: 'yes',
    });
    expect(atManagement.step).toBe('managementAcceptance');
    const count = (userId: string) => {
      let items = 0;
      const n = statements(w.db, () => {
        items = waitingFor(w.ctx, userId).length;
      });
      return { n, items };
    };
    const few = { mia: count(MIA.userId), ron: count(RISK_OWNER.userId) };
    expect(few.mia.items).toBe(1);
    expect(few.ron.items).toBe(1);

    const more = [...copies(w, atManagement.id, 39), ...copies(w, atOwner.id, 39)];
    // One of them handed to the ISMS owner: still read with the others.
    recordHandOver(w.ctx, {
      instanceId: more[0] ?? '',
      step: 'managementAcceptance',
      from: [MIA.userId],
      to: OWNER.userId,
      reason: 'Mia is away',
      actor: OWNER,
    });
    const many = { mia: count(MIA.userId), ron: count(RISK_OWNER.userId) };
    expect(many.mia.items).toBe(39);
    expect(many.ron.items).toBe(40);
    expect(many.mia.n).toBe(few.mia.n);
    expect(many.ron.n).toBe(few.ron.n);
  });
});
