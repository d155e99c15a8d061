/**
 * Claiming an event is not answering it (issue 7 item 6): the app is killed with kill -9 while the
 * Web API client waits out Slack's 429 to post an @mention's answer, then restarted on the same
 * database. The restarted app answers the question once, Slack's own redelivery of the event is
 * dropped, an event answered before the crash is not answered again, and events past the hour or
 * out of attempts are given up, their bodies dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { slackEvents } from '../../src/store/schema/index.ts';
import { waitFor } from '../helpers/app-process.ts';
import { HttpHarness } from '../helpers/http-app.ts';
import { eventCallback } from '../helpers/slack-request.ts';

const h = new HttpHarness({}, { restarts: true });
beforeAll(() => h.start());
afterAll(() => h.stop());

const mentionEvent = (user: string, channel: string, ts: string) => ({
  type: 'app_mention',
  user,
  text: '<@UBOT> what is a risk owner?',
  ts,
  channel,
  team: 'T1',
});
const answers = (channel: string) =>
  h.slack.postsTo(channel).filter((c) => /risk owner/i.test(String(c.args.text)));

function rows() {
  const db = openDatabase(h.dbPath);
  try {
    return db.select().from(slackEvents).all();
  } finally {
    closeDatabase(db);
  }
}

describe('an @mention whose answer a crash lost', () => {
  const lost = mentionEvent('UB', 'C9', '1700000002.000100');

  it('is acked, and its post waits out a 429 when the app is killed', async () => {
    await eventCallback(h.app.url, 'EvDone', mentionEvent('UA', 'C8', '1700000001.000100'));
    await waitFor(() => answers('C8').length === 1, 10000, 'answer before the crash');

    // Slack rate-limits the next post for 30 s: the client waits, and the app is killed meanwhile.
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    expect((await eventCallback(h.app.url, 'EvLost', lost)).status).toBe(200);
    await waitFor(
      () => h.slack.calls.some((c) => c.method === 'chat.postMessage!failed' && c.args.channel === 'C9'),
      10000,
      'the rate-limited post',
    );
    await h.app.stop('SIGKILL');
    expect(answers('C9')).toHaveLength(0);
  });

  it('is answered once after the restart; an answered one is not answered again', async () => {
    // Before the restart: one unanswered event from two hours ago, one already tried three times.
    const db = openDatabase(h.dbPath);
    const old = new Date(Date.now() - 2 * 3600_000).toISOString();
    for (const [eventId, channel, receivedAt, attempts] of [
      ['EvOld', 'C10', old, 1],
      ['EvTried', 'C11', new Date().toISOString(), 3],
    ] as const) {
      db.insert(slackEvents)
        .values({
          teamId: 'T1',
          eventId,
          receivedAt,
          attempts,
          claimedBy: 'an-earlier-start',
          body: {
            type: 'event_callback',
            team_id: 'T1',
            event_id: eventId,
            event: mentionEvent('UC', channel, '1700000003.000100'),
          },
        })
        .run();
    }
    closeDatabase(db);

    await h.restart('SIGKILL');
    // Slack's own redelivery of the lost event arrives too: it must not be a second answer.
    await eventCallback(h.app.url, 'EvLost', lost, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await waitFor(() => answers('C9').length === 1, 10000, 'the lost answer, after the restart');
    await new Promise((r) => setTimeout(r, 1000)); // nothing more may come
    expect(answers('C9')).toHaveLength(1);
    expect(answers('C9')[0]?.args.thread_ts).toBe('1700000002.000100');
    expect(answers('C8')).toHaveLength(1);
    expect(answers('C10')).toHaveLength(0);
    expect(answers('C11')).toHaveLength(0);

    const byId = new Map(rows().map((r) => [r.eventId, r]));
    expect(byId.get('EvLost')).toMatchObject({ attempts: 2, body: null });
    expect(byId.get('EvLost')?.deliveredAt).toBeTruthy();
    expect(byId.get('EvDone')).toMatchObject({ attempts: 1, body: null });
    // Given up: not answered, and the question is no longer kept.
    expect(byId.get('EvOld')).toMatchObject({ deliveredAt: null, body: null });
    expect(byId.get('EvTried')).toMatchObject({ deliveredAt: null, body: null, attempts: 3 });
  });
});
