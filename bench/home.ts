/**
 * App Home at size: a workspace with 1,000 risks and 200 open treatment actions, a running workflow
 * and some decided SoA rows; the whole Home (inbox, glance, heat map) built for the ISMS owner and for
 * a risk owner with actions due (target < 200 ms).
 */
import pino from 'pino';
import { createHome } from '../src/bot/home.ts';
import { CONTROLS } from '../src/domain/catalog.ts';
import { waitingFor } from '../src/domain/inbox.ts';
import { decideAcceptance } from '../src/domain/risk/acceptances.ts';
import { createRisk } from '../src/domain/risk/risks.ts';
import { claimOwnership } from '../src/domain/roles.ts';
import { templateStatement } from '../src/domain/scope-statement.ts';
import { setSoaEntry } from '../src/domain/soa.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { runtimeFlows } from '../src/workflows/flows.ts';
import { createRuntime } from '../src/workflows/runtime.ts';
import { tempDbPath } from '../test/helpers/app-process.ts';
import { benchInboxSteps } from './inbox-steps.ts';
import { line, ms, summarize } from './stats.ts';

const RISKS = 1000;
const ACTIONS = 200;

export async function runHomeBench(): Promise<void> {
  console.log(`\nApp Home (${RISKS} risks, ${ACTIONS} open actions)`);
  const db = openDatabase(tempDbPath());
  const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
  const ctx = { db, teamId: 'T1', clock };
  const owner = { userId: 'UOWNER' };
  claimOwnership(ctx, owner);
  const t0 = performance.now();
  for (let i = 0; i < RISKS; i++) {
    const owned = `UOWN${i % 20}`;
    createRisk(ctx, owner, {
      title: `Risk ${i}`,
      scenario: `Scenario ${i}: a threat exploits a weakness`,
      ownerId: owned,
      likelihood: (i % 5) + 1,
      impact: ((i * 7) % 5) + 1,
      treatment: 'modify',
      controls: [CONTROLS[i % 93]?.ref ?? 'A.5.1'],
      residualLikelihood: 1,
      residualImpact: (i % 3) + 1,
      // Due dates spread over December: some within the week, most later.
      actions:
        i < ACTIONS
          ? [
              {
                title: `Action ${i}`,
                ownerId: owned,
                dueOn: `2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
              },
            ]
          : [],
    });
    if (i % 3 === 0)
      decideAcceptance(ctx, { userId: owned }, `R-${String(i + 1).padStart(3, '0')}`, {
        decision: 'accepted',
        justification: 'Controls in place and monitored.',
        expiresOn: '2027-03-01',
      });
  }
  for (const c of CONTROLS.slice(0, 40))
    setSoaEntry(ctx, owner, {
      controlId: c.ref,
      applicable: true,
      reasons: ['business'],
      justification: 'Needed.',
      status: 'implemented',
    });
  const runtime = createRuntime({
    db,
    clock,
    logger: pino({ level: 'silent' }),
    flows: runtimeFlows({ draftScope: async ({ answers }) => templateStatement(answers) }),
  });
  await runtime.start({ teamId: 'T1', flow: 'scoping', actor: owner, channel: 'C1' });
  line('seeded', ms(performance.now() - t0));
  const home = createHome({ db, clock, runtime, startCommands: () => [] });
  for (const [who, userId] of [
    ['ISMS owner', 'UOWNER'],
    ['risk owner (50 risks, 10 actions)', 'UOWN3'],
  ] as const) {
    const samples: number[] = [];
    let blocks = 0;
    for (let n = 0; n < 30; n++) {
      const s = performance.now();
      blocks = home.build('T1', userId).length;
      samples.push(performance.now() - s);
    }
    const t = summarize(samples);
    line(
      `Home for the ${who}`,
      `p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  max ${ms(t.max)}  (${blocks} blocks; target < 200 ms)`,
    );
  }
  // The inbox alone (what the daily digest reads per person).
  const inbox: number[] = [];
  for (let n = 0; n < 30; n++) {
    const s = performance.now();
    waitingFor(ctx, 'UOWN3');
    inbox.push(performance.now() - s);
  }
  const w = summarize(inbox);
  line('waitingFor, the risk owner', `p50 ${ms(w.p50)}  p95 ${ms(w.p95)}`);
  await benchInboxSteps(db, clock, runtime);
  closeDatabase(db);
}
