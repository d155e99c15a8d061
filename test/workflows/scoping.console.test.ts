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
        '1', // Approve scope
        '/isms scope show',
      ].join('\n'),
    );
    expect(second.stdout).toContain(`\`${id}\` ISMS scope (4.1–4.4): Boundaries and applicability`);
    expect(second.stdout).toMatch(/Scope statement: approval/);
    expect(second.stdout).toMatch(/✅ Complete/);
    expect(second.stdout).toMatch(/ISMS scope, version 1.*\n.*Acme Ltd covers Engineering and Support/);

    const db = new Database(dbPath, { readonly: true });
    const kinds = db
      .prepare("select kind from evidence where team_id = 'TCONSOLE' order by seq")
      .pluck()
      .all();
    db.close();
    expect(kinds).toContain('scope.approved');
    // `isms evidence verify` itself is tested in test/evidence; here: the chain the sessions wrote.
    const check = openDatabase(dbPath);
    expect(verifyEvidence(check)).toMatchObject({ ok: true });
    closeDatabase(check);
  });
});
