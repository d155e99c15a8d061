/**
 * Registers and exports at size: 1,000 risks (with assets, controls, actions and acceptances) —
 * the `/isms risks` view built (target < 300 ms) and the XLSX export written (target < 2 s).
 */
import { buildRegister, buildSoa } from '../src/bot/risks.ts';
import { createAsset } from '../src/domain/assets.ts';
import { CONTROLS } from '../src/domain/catalog.ts';
import { decideAcceptance } from '../src/domain/risk/acceptances.ts';
import { createRisk } from '../src/domain/risk/risks.ts';
import { claimOwnership } from '../src/domain/roles.ts';
import { exportRegister } from '../src/exports/index.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { tempDbPath } from '../test/helpers/app-process.ts';
import { line, ms, summarize } from './stats.ts';

const RISKS = 1000;

async function time<T>(n: number, fn: () => T | Promise<T>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export async function runRegistersBench(): Promise<void> {
  console.log(`\nRegisters and exports (${RISKS} risks)`);
  const db = openDatabase(tempDbPath());
  const ctx = { db, teamId: 'T1', clock: { now: () => new Date('2026-11-24T09:00:00Z') } };
  const owner = { userId: 'UOWNER' };
  claimOwnership(ctx, owner);
  const t0 = performance.now();
  for (let a = 0; a < 50; a++)
    createAsset(ctx, owner, {
      name: `Asset ${a}`,
      type: 'software',
      ownerId: 'UIT',
      confidentiality: (a % 3) + 1,
      integrity: 2,
      availability: 2,
    });
  for (let i = 0; i < RISKS; i++) {
    const owned = `UOWN${i % 20}`;
    createRisk(ctx, owner, {
      title: `Risk ${i}`,
      scenario: `Scenario ${i}: a threat exploits a weakness of asset ${i % 50}`,
      assets: [`Asset ${i % 50}`],
      ownerId: owned,
      likelihood: (i % 5) + 1,
      impact: ((i * 7) % 5) + 1,
      treatment: 'modify',
      controls: [CONTROLS[i % 93]?.ref ?? 'A.5.1', CONTROLS[(i * 3) % 93]?.ref ?? 'A.5.2'],
      residualLikelihood: 1,
      residualImpact: (i % 3) + 1,
      actions: [{ title: `Action for ${i}`, ownerId: owned, dueOn: '2027-01-31' }],
    });
    if (i % 4 === 0)
      decideAcceptance(ctx, { userId: owned }, `R-${String(i + 1).padStart(3, '0')}`, {
        decision: 'accepted',
        justification: 'Controls in place and monitored.',
        expiresOn: '2027-03-01',
      });
  }
  line('seeded (risks, actions, acceptances)', ms(performance.now() - t0));
  const req = { teamId: 'T1', userId: 'UOWNER', channelId: 'C1' };
  const view = summarize(await time(20, () => buildRegister(ctx, req, '')));
  line('/isms risks view built', `p50 ${ms(view.p50)}  p95 ${ms(view.p95)}  (target < 300 ms)`);
  const filtered = summarize(await time(20, () => buildRegister(ctx, req, 'high overdue page 2')));
  line('/isms risks filtered, page 2', `p50 ${ms(filtered.p50)}  p95 ${ms(filtered.p95)}`);
  const soa = summarize(await time(10, () => buildSoa(ctx, req, '')));
  line('/isms soa view built', `p50 ${ms(soa.p50)}  p95 ${ms(soa.p95)}`);
  let bytes = 0;
  const xlsx = summarize(
    await time(5, async () => {
      bytes = (await exportRegister(ctx, 'risks', 'xlsx')).body.length;
    }),
  );
  line(
    'risk register XLSX export',
    `p50 ${ms(xlsx.p50)}  max ${ms(xlsx.max)}  (${Math.round(bytes / 1024)} KiB; target < 2 s)`,
  );
  const csv = summarize(await time(5, () => exportRegister(ctx, 'risks', 'csv')));
  line('risk register CSV export', `p50 ${ms(csv.p50)}  max ${ms(csv.max)}`);
  closeDatabase(db);
}
