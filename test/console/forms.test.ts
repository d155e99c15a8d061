/**
 * Console forms as a new user meets them: pasted blocks, answers checked as they are given, a
 * confirmation before anything is submitted, what waits after a restart, and Slack markup rendered
 * for a terminal. Sessions run in-process (test/helpers/console-session.ts) on a real database.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';

const evidence = (dbPath: string, kind: string) => {
  const db = new Database(dbPath, { readonly: true });
  const rows = db
    .prepare("select data from evidence where team_id = 'TCONSOLE' and kind = ? order by seq")
    .pluck()
    .all(kind) as string[];
  db.close();
  return rows.map((r) => (JSON.parse(r) as { values?: Record<string, unknown> }).values);
};
const answersStored = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  const n = db.prepare('select count(*) from answers').pluck().get() as number;
  db.close();
  return n;
};

describe('console forms', () => {
  it('take a list one line per item and submit only after an explicit yes', async () => {
    const dbPath = tempDbPath();
    const r = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms scope',
        '1', // Fill in: Issues (4.1)
        // A pasted block: all its lines are this field's, up to the empty line.
        'Customers require ISO 27001',
        'GDPR applies to us',
        'what is a risk owner?',
        '',
        'Small team',
        '',
        'and this stray line', // not a yes: nothing is submitted
        '1', // change answer 1
        'Customers require ISO 27001',
        'GDPR applies to us',
        '',
        'yes',
      ].join('\n'),
    );
    expect(r.stdout).toContain(
      'Your answers:\n  1. External issues: Customers require ISO 27001 | GDPR applies to us | what is a risk owner?\n  2. Internal issues: Small team',
    );
    expect(r.stdout).toContain('Nothing was submitted yet: type yes, a number from 1 to 2, or cancel.');
    expect(r.stdout).toContain('1. External issues: Customers require ISO 27001 | GDPR applies to us\n');
    expect(evidence(dbPath, 'step.submitted')).toEqual([
      { external: ['Customers require ISO 27001', 'GDPR applies to us'], internal: ['Small team'] },
    ]);
    // No line of the form was taken as a question.
    expect(answersStored(dbPath)).toBe(0);
  });

  it('submit nothing when input ends before the answers are confirmed', async () => {
    const dbPath = tempDbPath();
    const r = await chatSession(dbPath, ['/isms setup', '/isms scope', '1', 'A', '', 'B', ''].join('\n'));
    expect(r.stdout).toContain('Your answers:');
    expect(r.stdout).toContain('Form closed; nothing was submitted.');
    expect(evidence(dbPath, 'step.submitted')).toEqual([]);
  });

  it('check each answer as it is given, with the field error before the next question', async () => {
    const dbPath = tempDbPath();
    const r = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms scope',
        '1',
        'A',
        '',
        'B',
        '',
        'yes',
        '1', // Fill in: Interested parties (4.2)
        'Customers want uptime',
        '',
        'Customers: signed DPA',
        '',
        'Signed DPA',
        '',
        'yes',
      ].join('\n'),
    );
    const error = r.stdout.indexOf('✗ Write each line as "Party: requirement".');
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(r.stdout.indexOf('Requirements the ISMS addresses'));
    // One hint for a list, the same everywhere; no "\n" escapes to learn.
    expect(r.stdout).not.toContain('\\n');
    expect(r.stdout).toContain('(an empty line ends it)');
    expect(evidence(dbPath, 'step.submitted')).toHaveLength(2);
    expect(evidence(dbPath, 'step.submitted')[1]).toMatchObject({ parties: ['Customers: signed DPA'] });
  });

  it('on a terminal, a bracketed paste is one answer: all its lines go to the list, and it never confirms', async () => {
    const dbPath = tempDbPath();
    const paste = (...lines: string[]) => `\x1b[200~${lines.join('\n')}\x1b[201~`;
    const r = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms scope',
        '1',
        paste('Customers require ISO 27001', 'GDPR applies to us'),
        '',
        paste('Small team', 'No security staff'),
        '',
        paste('yes', 'what is a risk owner?'), // a paste is never a confirmation
        'yes',
      ].join('\n'),
      { tty: true },
    );
    expect(evidence(dbPath, 'step.submitted')).toEqual([
      {
        external: ['Customers require ISO 27001', 'GDPR applies to us'],
        internal: ['Small team', 'No security staff'],
      },
    ]);
    expect(answersStored(dbPath)).toBe(0);
    expect(r.stdout).toContain('\x1b[?2004h'); // bracketed paste switched on, and off at the end
    expect(r.stdout.endsWith('\x1b[?2004l')).toBe(true);
  });
});

describe('console sessions', () => {
  it('after a restart say what waits and how to continue; a stray number is not a question', async () => {
    const dbPath = tempDbPath();
    const first = await chatSession(dbPath, '/isms setup\n/isms scope\n');
    const id = /Workflow `(sc-[0-9a-f]+)`/.exec(first.stdout)?.[1];
    expect(id).toBeDefined();
    const second = await chatSession(dbPath, '1\n');
    expect(second.stdout).toContain(
      `Waiting from before: ${id} ISMS scope (4.1–4.4), at "Context: external and internal issues": type /isms flows resume ${id} to continue it here.`,
    );
    expect(second.stdout).toContain(
      `There is no button [1] on screen. To continue ${id}, type /isms flows resume ${id}.`,
    );
    expect(answersStored(dbPath)).toBe(0);
  });

  it('render Slack markup for a terminal and understand @name', async () => {
    const dbPath = tempDbPath();
    const r = await chatSession(
      dbPath,
      ['/isms setup', '/isms roles add approver @dana', '/isms roles'].join('\n'),
    );
    expect(r.stdout).toContain('You are now the ISMS owner.');
    expect(r.stdout).toContain('@dana now holds: approver.');
    expect(r.stdout).not.toMatch(/<@U|\*ISMS owner\*/);
    const db = new Database(dbPath, { readonly: true });
    const dana = db.prepare("select user_id, name from people where name = 'dana'").get();
    db.close();
    expect(dana).toEqual({ user_id: 'UDANA', name: 'dana' });
  });
});
