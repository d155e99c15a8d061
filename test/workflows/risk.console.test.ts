/**
 * The risk flow typed into console mode: from `/isms risk new` to the risk owner's acceptance, which
 * is shown as a DM to them, refused for the person at the terminal, and given after `/as @ron`.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';
import { testClock } from '../helpers/scoping-run.ts';

describe('the risk flow in the terminal', () => {
  it('takes a risk from identification to the owner’s acceptance, acting as the owner with /as', async () => {
    const dbPath = tempDbPath();
    const clock = testClock('2026-12-01T10:00:00.000Z');
    const { stdout } = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms risk',
        '/isms risk new',
        '1', // Fill in: Identify the risk
        'Ransomware', // short title
        '', // assets: none yet (a searched list; an empty line skips it)
        'Ransomware delivered by phishing',
        'No offline backups',
        '', // scenario: not needed with a threat and a vulnerability
        'yes',
        '1', // Fill in: Analyse the risk
        '4', // likelihood: 4 Likely
        '4', // impact: 4 Major
        '@ron', // risk owner
        'yes',
        '1', // Decide the treatment
        '1', // Fill in: Treat the risk
        '1', // modify
        'backup', // search the controls
        '1', // A.8.13 Information backup
        '', // no plan
        'yes',
        '1', // Add an action
        'Set up offline backups',
        '@ron',
        '2020-01-01', // in the past: refused at once
        '2027-01-15',
        'yes',
        '2', // Continue to the residual risk
        '1', // Fill in: Residual risk
        '2', // 2 Unlikely
        '1', // 1 Negligible
        'yes',
        '1', // Accept, as the ISMS owner: the step is ron's
        '/as @ron',
        '1', // Accept
        'Low once the offline backups run.',
        '',
        '2027-03-01',
        '1', // confirm
        'yes',
        '/as me',
        '/isms risk show R-001',
      ].join('\n'),
      { clock },
    );
    expect(stdout).toMatch(/Usage: `?\/isms risk new/);
    expect(stdout).toMatch(/Step 1 of 7[\s\S]*Identify the risk/);
    expect(stdout).toContain('4. 4 Likely — Expected about once a year');
    expect(stdout).toContain('T-05 Ransomware and other malware');
    expect(stdout).toMatch(/High \(likelihood 4 Likely × impact 4 Major\)/);
    expect(stdout).toContain('✗ Due date cannot be in the past.');
    expect(stdout).toMatch(
      /\(DM to [^)]+\) == Risk assessment and treatment[\s\S]*Acceptance by the risk owner/,
    );
    expect(stdout).toMatch(/Only .* can do this step\. Your attempt was recorded\./);
    expect(stdout).toContain('Residual risk accepted');
    expect(stdout).toMatch(/R-001 Ransomware[\s\S]*accepted by .* as risk owner/);

    const ro = new Database(dbPath, { readonly: true });
    try {
      expect(ro.prepare('select decision, role, decided_by, expires_on from risk_acceptances').all()).toEqual(
        [{ decision: 'accepted', role: 'owner', decided_by: 'URON', expires_on: '2027-03-01' }],
      );
      // The acceptance was made as a colleague in console mode, and its evidence says so.
      const decided = ro
        .prepare(
          "select actor_id, data from evidence where kind = 'step.submitted' and data like '%risk.accept%'",
        )
        .all() as { actor_id: string; data: string }[];
      expect(decided.map((e) => [e.actor_id, String(JSON.parse(e.data).via)])).toEqual([
        ['URON', expect.stringMatching(/^console, as ron by /)],
      ]);
    } finally {
      ro.close();
    }
    const db = openDatabase(dbPath);
    try {
      expect(verifyEvidence(db, 'TCONSOLE').ok).toBe(true);
    } finally {
      closeDatabase(db);
    }
  });
});
