/** The SoA review typed into console mode: a page with a bad row fixed on the spot, then approval. */
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../../src/domain/catalog.ts';
import { systemClock } from '../../src/domain/context.ts';
import { getSoa, listSoaVersions, setSoaEntry } from '../../src/domain/soa.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';

const LEFT = ['A.5.1', 'A.5.2'];

describe('SoA review in the terminal', () => {
  it('decides the controls left, refuses a row without a reason, and approves version 1', async () => {
    const dbPath = tempDbPath();
    await chatSession(dbPath, '/isms setup');
    const db = openDatabase(dbPath);
    const ctx = { db, teamId: 'TCONSOLE', clock: systemClock };
    for (const c of CONTROLS.filter((x) => !LEFT.includes(x.ref)))
      setSoaEntry(
        ctx,
        { userId: 'UCONSOLE' },
        {
          controlId: c.ref,
          applicable: true,
          reasons: ['business'],
          justification: 'Customers ask for it.',
          status: 'implemented',
        },
      );
    closeDatabase(db);

    const { stdout } = await chatSession(
      dbPath,
      [
        '/isms soa review',
        '1', // Fill in: SoA review
        '2', // A.5.1: not applicable
        '', // reasons: none
        'One short policy set covers it', // justification
        '',
        '', // status
        '', // owner
        '', // evidence
        '1', // A.5.2: applicable
        '', // reasons: none, and no risk links it: refused at once, asked again
        '3', // business
        'Customer contracts name a security contact',
        '',
        '', // status
        '', // owner
        '', // evidence
        'yes',
        '2', // Send for approval (1 is Revisit controls)
        '1', // Approve the SoA: the owner, as nobody is top management
        '/isms soa review show',
      ].join('\n'),
    );
    expect(stdout).toMatch(/A\.5\.1 Policies for information security\n\s+Written policies/);
    expect(stdout).toContain('A.5.2: applicable with no risk and no legal, contractual or business reason.');
    expect(stdout).toMatch(/Every control has a decision/);
    expect(stdout).toMatch(/First version: 92 applicable, 1 excluded/);
    expect(stdout).toMatch(/Statement of Applicability, version 1 \(approved by/);

    const check = openDatabase(dbPath);
    const soa = getSoa({ db: check, teamId: 'TCONSOLE', clock: systemClock });
    expect(soa.find((r) => r.controlId === 'A.5.2')).toMatchObject({
      applicable: true,
      reasons: ['business'],
      justification: 'Customer contracts name a security contact',
    });
    expect(listSoaVersions({ db: check, teamId: 'TCONSOLE', clock: systemClock })).toHaveLength(1);
    closeDatabase(check);
  });
});
