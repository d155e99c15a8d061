/**
 * kill -9 between the claim and Slack's answer: the app is killed while Slack holds its answers to the
 * posts a due reminder led to, then restarted on the same database. The reminder's effect happens once,
 * and no DM is posted twice: the restarted app finds its earlier posts in the DM's history by their
 * message metadata.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { waitFor } from '../helpers/app-process.ts';
import { HttpHarness } from '../helpers/http-app.ts';
import { MIA, scopingWorld, testClock } from '../helpers/scoping-run.ts';

const h = new HttpHarness({}, { restarts: true });

/** An Etc/GMT zone in which it is now about noon, so the reminder is inside working hours. */
function noonZone(): string {
  let offset = 12 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset >= 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

beforeAll(async () => {
  // Three days ago the scope went to top management for approval; the reminder fell due yesterday.
  const db = openDatabase(h.dbPath);
  const clock = testClock(new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString());
  await scopingWorld(db, clock, { management: true }).toApproval();
  closeDatabase(db);
  h.slack.users.set(MIA.userId, { tz: noonZone(), team_id: 'T1', deleted: false, is_bot: false });
  h.slack.hold(MIA.userId); // Slack takes the DMs to mia but the app never hears back
  await h.start();
});
afterAll(() => h.stop());

describe('a crash between the claim and Slack’s answer', () => {
  it('fires the reminder once and posts each DM once after a restart', async () => {
    const posts = () => h.slack.postsTo(MIA.userId);
    // The catch-up tick fired the reminder, posted the thread status, and is stuck on the DM to mia.
    await waitFor(() => h.slack.postsTo(MIA.userId).length >= 1, 10000, 'first DM');
    await h.app.stop('SIGKILL');
    h.slack.release();
    const before = h.slack.callsTo('chat.postMessage').length;

    await h.restart('SIGKILL');
    await waitFor(() => posts().some((c) => /Reminder/.test(String(c.args.text))), 10000, 'reminder DM');
    await waitFor(
      () => posts().some((c) => /Approve/.test(JSON.stringify(c.args.blocks ?? ''))),
      10000,
      'approval DM',
    );
    await new Promise((r) => setTimeout(r, 1500)); // a few more ticks: nothing more may come
    const marks = posts().map(
      (c) => (c.args.metadata as { event_payload?: { id?: string } })?.event_payload?.id,
    );
    expect(new Set(marks).size).toBe(marks.length); // no message posted twice
    expect(posts().filter((c) => /Reminder/.test(String(c.args.text)))).toHaveLength(1);
    expect(h.slack.callsTo('conversations.history').length).toBeGreaterThan(0);
    expect(h.slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(before);

    const db = new Database(h.dbPath, { readonly: true });
    const timed = db.prepare("select count(*) as n from evidence where kind = 'step.timed'").get() as {
      n: number;
    };
    const remind = db.prepare("select outcome from pending_events where key = 'approval.remind'").get();
    db.close();
    expect(timed.n).toBe(1);
    expect(remind).toEqual({ outcome: 'late' });
  });
});
