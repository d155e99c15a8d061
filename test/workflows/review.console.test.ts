/**
 * A management review typed into console mode: planned by the ISMS owner, inputs confirmed and
 * written by their owner as DMs (`/as @dana`), the meeting run by the chair from top management
 * (`/as @mia`), decisions, an action item, minutes drafted from the template and approved (locked),
 * and the action closed by its owner.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';
import { testClock } from '../helpers/scoping-run.ts';

describe('management review in the terminal', () => {
  it('runs from the plan to approved minutes and a closed action', async () => {
    const dbPath = tempDbPath();
    const clock = testClock('2026-12-01T10:00:00.000Z');
    const first = await chatSession(
      dbPath,
      [
        '/isms setup',
        '/isms roles add management @UMIA',
        '/isms review',
        '1',
        '@UMIA',
        '2026-12-10',
        'Mia (CEO)',
        '',
        '@UDANA',
        '@UDANA',
        '@UDANA',
        'yes',
        '2', // a) confirm, typed by the owner at the terminal: refused, it is dana's
        '/as @dana',
        '2', // a) confirm as shown
        '1', // b) write or correct
        'The new NIS2 customer is a change.',
        '',
        'yes',
        '2', // c)
        '1', // d1: written, nothing to confirm
        'No nonconformities were raised.',
        '',
        'yes',
        ...['d2', 'd3', 'd4', 'e'].flatMap((k) => ['1', `Input ${k} from dana.`, '', 'yes']),
        '2', // f) confirm the register as shown
        '1', // g)
        'Automate the access review.',
        '',
        'yes',
        '/as @mia',
        '1', // Start the meeting
        ...['a', 'b', 'c', 'd1', 'd2', 'd3', 'd4', 'e', 'f', 'g'].flatMap((k) => [
          '1',
          `Discussed ${k}.`,
          '',
          'yes',
        ]),
        '1', // Decisions (9.3.3)
        'Automate access reviews',
        '',
        'Add the Berlin office to the scope',
        '',
        'yes',
        '1', // Add an action item
        'Update the scope statement',
        '@UDANA',
        '2026-12-31',
        'yes',
        '2', // Draft the minutes
        '2', // Approve the minutes
        '/as @dana',
        '1', // Mark as done (the action item's DM)
        'Scope v2 approved.',
        '',
        'yes',
        '/isms review show',
      ].join('\n'),
      { clock },
    );
    const out = first.stdout;
    expect(out).toMatch(/Plan the management review[\s\S]*MR-2026-01/);
    // One task for dana, sent as a DM, the review's thread saying whom it waits for.
    expect(out).toMatch(/\(DM to @UDANA\) == Management review input \(9\.3\.2\) ==/);
    expect(out).toMatch(/Waiting for @UDANA — asked by DM on 1 Dec/);
    expect(out).toMatch(/Only @UDANA can do this step\. Your attempt was recorded\./);
    expect(out).toMatch(/9\.3\.2 d\) 3\) Audit results: given by dana/);
    // The meeting: each input presented, its discussion kept in the thread.
    expect(out).toMatch(/Meeting: Status of actions from previous management reviews/);
    expect(out).toMatch(
      /9\.3\.2 b\) Changes in external and internal issues\nThe new NIS2 customer is a change\.\nDiscussion: Discussed b\./,
    );
    expect(out).toMatch(/MR-2026-01-A1 Update the scope statement \(owner UDANA, due 2026-12-31\)/);
    expect(out).toMatch(/Minutes approved[\s\S]*Changes to the ISMS: Add the Berlin office to the scope\./);
    expect(out).toMatch(/\(DM to @UDANA\) == Management review action \(9\.3\.3\) ==/);
    expect(out).toMatch(/Management review MR-2026-01 \(held 2026-12-10, minutes approved by @UMIA/);

    // No Slack to share the approved minutes in: the PDF is written beside the database, once.
    const written = [
      ...out.matchAll(/MR-2026-01-minutes\.pdf, \d+ bytes, SHA-256 ([0-9a-f]{64})\. Written to (\S+)/g),
    ];
    expect(written).toHaveLength(1);
    const [, printedSha, path] = written[0] ?? [];
    expect(path).toBe(join(dirname(dbPath), 'files', 'MR-2026-01-minutes.pdf'));
    const pdf = readFileSync(path ?? '');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(printedSha);

    const db = new Database(dbPath);
    const shared = db
      .prepare("select data from evidence where kind = 'review.minutes.shared'")
      .pluck()
      .all() as string[];
    expect(shared.map((d) => JSON.parse(d))).toMatchObject([{ sha256: printedSha, savedTo: path }]);
    const review = db.prepare('select ref, chair_id, minutes from management_reviews').get() as Record<
      string,
      string
    >;
    expect(review).toMatchObject({ ref: 'MR-2026-01', chair_id: 'UMIA' });
    expect(review.minutes).toMatch(/Continual improvement: Automate access reviews\./);
    // Approval locked them: the database itself refuses a change.
    expect(() => db.prepare("update management_reviews set minutes = 'rewritten'").run()).toThrow(/locked/);
    const action = db.prepare('select ref, status, done_by, note from review_actions').get();
    expect(action).toEqual({
      ref: 'MR-2026-01-A1',
      status: 'done',
      done_by: 'UDANA',
      note: 'Scope v2 approved.',
    });
    const kinds = db
      .prepare("select kind from evidence where team_id = 'TCONSOLE' order by seq")
      .pluck()
      .all();
    expect(kinds).toEqual(expect.arrayContaining(['review.approved', 'review.action.done', 'step.refused']));
    db.close();
    const check = openDatabase(dbPath);
    expect(verifyEvidence(check)).toMatchObject({ ok: true });
    closeDatabase(check);
  });
});
