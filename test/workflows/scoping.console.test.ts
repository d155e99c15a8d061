/** The scoping flow typed into console mode, stopped halfway and finished in a second session. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';

describe('scoping in the terminal', () => {
  it('scopes the ISMS from setup to approval across two sessions', async () => {
    const dbPath = tempDbPath();
    const first = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms scope',
        '1', // Fill in: Issues (4.1)
        'Customers require ISO 27001', // a list: one item per line, an empty line ends it
        'GDPR applies to us',
        '',
        'Small team without security staff',
        '',
        'yes', // the answers are shown and confirmed before the step is submitted
        '1', // Fill in: Interested parties (4.2)
        'Customers want uptime', // not "Party: requirement": refused at once, asked again
        '',
        'Customers: signed DPA',
        '',
        'Signed DPA',
        '',
        'yes',
      ].join('\n'),
    );
    expect(first.stdout).toContain('You are now the ISMS owner.');
    expect(first.stdout).toMatch(/Step 1 of 5/);
    expect(first.stdout).toContain('External issues');
    expect(first.stdout).toContain('✗ Write each line as "Party: requirement".');
    expect(first.stdout).toMatch(/\(updated\)[\s\S]*Step 3 of 5[\s\S]*Boundaries and applicability/);
    const id = /Workflow `(sc-[0-9a-f]+)`/.exec(first.stdout)?.[1];
    expect(id).toBeDefined();

    const second = await chatSession(
      dbPath,
      [
        '/isms flows',
        `/isms flows resume ${id}`,
        '/isms roles add management @UDANA',
        '1', // Fill in: Boundaries (4.3)
        'Acme Ltd',
        'Engineering',
        'Support',
        '',
        'Remote, EU',
        '',
        'AWS eu-west-1 production',
        '',
        'customer data',
        '',
        '', // interfaces: optional
        'Office Wi-Fi — no production access',
        '',
        'yes',
        '1', // Fill in: Scope statement
        '', // an empty line keeps the draft
        '', // review date: optional
        'yes',
        '1', // Approve scope, in dana's DM: refused, the owner is not top management
        '/as @dana',
        '1', // Approve scope, as dana
        '/as me',
        '/isms scope show',
      ].join('\n'),
    );
    expect(second.stdout).toContain(`\`${id}\` ISMS scope (4.1–4.4): Boundaries and applicability`);
    expect(second.stdout).toMatch(/Scope statement: approval/);
    // The approval goes to top management by DM, shown as a DM to them; the thread says so.
    expect(second.stdout).toMatch(/\(DM to @UDANA\)[^\n]*\n?[\s\S]*Approve scope/);
    expect(second.stdout).toMatch(/Waiting for .*asked by DM/);
    expect(second.stdout).toMatch(/Only the top management .*recorded/);
    expect(second.stdout).toMatch(/You now act as @dana/);
    expect(second.stdout).toMatch(/✅ Complete/);
    expect(second.stdout).toMatch(/ISMS scope, version 1.*\n.*Acme Ltd covers Engineering and Support/);

    const db = new Database(dbPath, { readonly: true });
    const kinds = db
      .prepare("select kind from evidence where team_id = 'TCONSOLE' order by seq")
      .pluck()
      .all();
    db.close();
    expect(kinds).toContain('scope.approved');
    const decided = new Database(dbPath, { readonly: true });
    const by = decided
      .prepare("select actor_id, data from evidence where kind = 'step.decided' order by seq desc limit 1")
      .get() as { actor_id: string; data: string };
    decided.close();
    expect(by.actor_id).toBe('UDANA');
    expect(JSON.parse(by.data)).toMatchObject({ via: expect.stringMatching(/^console, as dana by /) });
    // `isms evidence verify` itself is tested in test/evidence; here: the chain the sessions wrote.
    const check = openDatabase(dbPath);
    expect(verifyEvidence(check)).toMatchObject({ ok: true });
    closeDatabase(check);
  });
});
