/** A domain context over a real SQLite file with the real migrations, and a clock tests can move. */
import type { Ctx } from '../../src/domain/context.ts';
import type { RiskMethod } from '../../src/domain/risk/method.ts';
import { type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from './app-process.ts';

export class TestClock {
  constructor(private at = new Date('2026-11-24T09:00:00Z')) {}
  now(): Date {
    return new Date(this.at);
  }
  advanceDays(days: number): void {
    this.at = new Date(this.at.getTime() + days * 86_400_000);
  }
}

export function domainOnDisk(teamId = 'T1'): { db: Db; ctx: Ctx; clock: TestClock } {
  const db = openDatabase(tempDbPath());
  const clock = new TestClock();
  return { db, clock, ctx: { db, teamId, clock } };
}

export const owner = { userId: 'UOWNER', name: 'olga' };

/** A 4×4 an auditor accepted elsewhere: not a product (likelihood weighs more than impact). */
export const custom4x4: RiskMethod = {
  name: 'Acme 4×4',
  likelihood: [1, 2, 3, 4].map((v) => ({ value: v, label: `L${v}`, description: `likelihood ${v}` })),
  impact: [1, 2, 3, 4].map((v) => ({ value: v, label: `I${v}`, description: `impact ${v}` })),
  levels: [
    { id: 'green', name: 'Green', colour: '#00AA00', acceptance: { by: 'owner', maxDays: 365 } },
    { id: 'amber', name: 'Amber', colour: '#FFBF00', acceptance: { by: 'management', maxDays: 60 } },
    { id: 'red', name: 'Red', colour: '#DD0000', acceptance: { by: 'none', maxDays: null } },
  ],
  grid: [
    ['green', 'green', 'green', 'amber'],
    ['green', 'green', 'amber', 'amber'],
    ['amber', 'amber', 'red', 'red'],
    ['amber', 'red', 'red', 'red'],
  ],
};
