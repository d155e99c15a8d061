/**
 * What no request may do, over the wire against `isms start` in HTTP mode: stop the process, get in
 * with a timestamp from the future, or be applied twice by sending the same signed bytes again
 * (also after a restart). Malformed bodies get 400 at once; well-formed ones the app does not use, 200.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { post, replayable, slashCommand, slashCommandBody } from '../helpers/slack-request.ts';

const h = useHttpApp({}, { restarts: true });
const events = (body: string, contentType = 'application/json') =>
  post(`${h.app.url}/slack/events`, body, contentType);
const form = (fields: Record<string, string>) =>
  events(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');

/** Rows in every table a request could write to. */
function stored(): Record<string, number> {
  const db = new Database(h.dbPath, { readonly: true });
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\'")
    .pluck()
    .all() as string[];
  // The scheduler's weekly evidence checkpoint comes on its own clock, whatever a request does.
  const where: Record<string, string> = { evidence: "where kind != 'evidence.checkpoint'" };
  const counts = Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`select count(*) from "${t}" ${where[t] ?? ''}`)
        .pluck()
        .get() as number,
    ]),
  );
  db.close();
  return counts;
}

/** The tables after `stillServes()`: the same, except the claim of its own signed request. */
const unchangedBut = (before: Record<string, number>, more: Record<string, number> = {}) => ({
  ...before,
  slack_requests: (before.slack_requests ?? 0) + 1,
  ...more,
});

async function stillServes(): Promise<void> {
  expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  const id = `alive-${Math.random().toString(36).slice(2)}`;
  await slashCommand(h.app.url, { text: 'help', response_url: h.slack.responseUrl(id) });
  await waitFor(() => h.slack.responses.find((r) => r.id === id), 8000, 'reply after bad input');
}

const blockActions = {
  type: 'block_actions',
  team: { id: 'T1', domain: 'acme' },
  user: { id: 'U1', username: 'alice', team_id: 'T1' },
  api_app_id: 'A1',
  trigger_id: 't-bad',
  channel: { id: 'C1', name: 'isms' },
  actions: [{ type: 'button', action_id: 'answer.rate.up', block_id: 'b', value: 'x:up', action_ts: '1' }],
};

describe('bodies that cannot be parsed', () => {
  it.each([
    ['payload=null', 'payload=null', 'application/x-www-form-urlencoded'],
    ['JSON null', 'null', 'application/json'],
    ['payload=[]', 'payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ['a JSON number', '42', 'application/json'],
    ['broken JSON', '{"type": "event_callback",', 'application/json'],
    ['a payload that is not JSON', 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
  ])('%s: 400, nothing stored, the process keeps serving', async (_name, body, type) => {
    const before = stored();
    const res = await events(body, type);
    expect(res.status).toBe(400);
    await stillServes();
    expect(stored()).toEqual(unchangedBut(before));
  });
});

describe('well-formed requests the app does not use', () => {
  it.each([
    ['an event without `event`', { type: 'event_callback', team_id: 'T1', event_id: 'Ev-noevent' }, 0],
    [
      'an event of a type nobody listens to',
      {
        type: 'event_callback',
        team_id: 'T1',
        event_id: 'Ev-reaction',
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
        event: { type: 'reaction_added', user: 'U1', reaction: 'x', event_ts: '1.1' },
      },
      1,
    ],
    ['an unknown body type', { type: 'something_new', team_id: 'T1' }, 1],
  ])('%s: 200 at once, nothing stored', async (_name, body, claims) => {
    const before = stored();
    const res = await events(JSON.stringify(body));
    expect(res.status).toBe(200);
    await stillServes();
    const after = stored();
    // A body that passes the checks is claimed (replays), and an event of a type nobody handles is
    // claimed too, so Slack's retry of it is not run twice; nothing else is written.
    expect({ ...after, slack_events: before.slack_events }).toEqual(
      unchangedBut(before, { slack_requests: (before.slack_requests ?? 0) + 1 + claims }),
    );
  });

  it.each([
    ['block_actions with `actions: []`', { ...blockActions, actions: [] }],
    ['block_actions without `user`', { ...blockActions, user: undefined }],
    ['block_actions whose action has no action_id', { ...blockActions, actions: [{ type: 'button' }] }],
    [
      'a view submission without `state`',
      {
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'U1', team_id: 'T1' },
        view: { id: 'V1', team_id: 'T1', callback_id: 'x', private_metadata: '' },
      },
    ],
    ['a slash command without user_id', undefined],
  ])('%s: 200 at once, a warning logged, nothing stored', async (name, payload) => {
    const before = stored();
    const logged = h.app.logs().length;
    const res = payload
      ? await form({ payload: JSON.stringify(payload) })
      : await events(slashCommandBody({ text: 'setup', user_id: '' }), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    await stillServes();
    expect(stored()).toEqual(unchangedBut(before));
    // The warning is the app's stderr, read by this process a little after the response arrived.
    const warned = /"level":40.*"msg":"request ignored: [^"]+"/;
    await waitFor(() => warned.test(h.app.logs().slice(logged)), 5000, `the warning for ${name}`);
  });
});

describe('timestamps', () => {
  it.each([
    ['6 minutes in the future', 6 * 60],
    ['a day in the future', 24 * 3600],
    ['6 minutes old', -6 * 60],
  ])('a request signed %s is refused with 401 and does nothing', async (_name, offset) => {
    const before = stored();
    const id = `ts-${offset}`;
    const res = await slashCommand(
      h.app.url,
      { text: 'setup', user_id: 'UFUTURE', response_url: h.slack.responseUrl(id) },
      { timestamp: Math.floor(Date.now() / 1000) + offset },
    );
    expect(res.status).toBe(401);
    await stillServes();
    expect(h.slack.responses.find((r) => r.id === id)).toBeUndefined();
    expect(stored()).toEqual(unchangedBut(before));
  });
});

describe('replayed requests', () => {
  const evidenceKinds = () => {
    const db = new Database(h.dbPath, { readonly: true });
    const kinds = db.prepare("select kind from evidence where team_id = 'T1' order by seq").pluck().all();
    db.close();
    return kinds as string[];
  };
  const answers = () => {
    const db = new Database(h.dbPath, { readonly: true });
    const n = db.prepare("select count(*) from answers where question like '%retention%'").pluck().get();
    db.close();
    return n as number;
  };
  let replayGrant: (base: string) => Promise<Response>;
  let replayAsk: (base: string) => Promise<Response>;

  it('applies a slash command once when the same signed bytes come again', async () => {
    await slashCommand(h.app.url, {
      text: 'setup',
      user_id: 'UOWNER',
      response_url: h.slack.responseUrl('own'),
    });
    await waitFor(() => h.slack.responses.find((r) => r.id === 'own'), 8000, 'setup');
    replayGrant = replayable(
      slashCommandBody({
        text: 'roles add approver <@UAPPROVER|dana>',
        user_id: 'UOWNER',
        response_url: h.slack.responseUrl('grant'),
      }),
    );
    const first = await replayGrant(h.app.url);
    expect(first.status).toBe(200);
    await waitFor(() => h.slack.responses.find((r) => r.id === 'grant'), 8000, 'grant');
    const second = await replayGrant(h.app.url);
    expect(second.status).toBe(200);
    await stillServes();
    expect(evidenceKinds().filter((k) => k === 'roles.granted')).toHaveLength(1);
    expect(h.slack.responses.filter((r) => r.id === 'grant')).toHaveLength(1);

    replayAsk = replayable(
      slashCommandBody({ text: 'ask what is a retention policy?', response_url: h.slack.responseUrl('ask') }),
    );
    await replayAsk(h.app.url);
    await waitFor(() => h.slack.responses.find((r) => r.id === 'ask'), 8000, 'answer');
    await Promise.all([replayAsk(h.app.url), replayAsk(h.app.url)]);
    await stillServes();
    expect(answers()).toBe(1);
    expect(h.slack.responses.filter((r) => r.id === 'ask')).toHaveLength(1);
  });

  it('still applies it once after a restart', async () => {
    await h.restart();
    expect((await replayGrant(h.app.url)).status).toBe(200);
    expect((await replayAsk(h.app.url)).status).toBe(200);
    await stillServes();
    expect(evidenceKinds().filter((k) => k === 'roles.granted')).toHaveLength(1);
    expect(answers()).toBe(1);
  });
});
