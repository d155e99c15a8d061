/**
 * Slack over its real wire protocol: the app runs as `isms start` in HTTP mode against a local fake
 * Slack Web API, and receives requests signed exactly as Slack signs them.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { eventCallback, interaction, SIGNING_SECRET, sign, slashCommand } from '../helpers/slack-request.ts';

const h = useHttpApp({}, { restarts: true });

const mention = (ts: string, text: string, threadTs?: string) => ({
  type: 'app_mention',
  user: 'U1',
  text: `<@UBOT> ${text}`,
  ts,
  channel: 'C1',
  team: 'T1',
  event_ts: ts,
  ...(threadTs ? { thread_ts: threadTs } : {}),
});

describe('HTTP mode', () => {
  it('answers GET /healthz with JSON status', async () => {
    const res = await fetch(`${h.app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', mode: 'http' });
  });

  it('acks a signed /isms help at once and replies ephemerally through response_url', async () => {
    const t0 = performance.now();
    const res = await slashCommand(h.app.url, { text: 'help', response_url: h.slack.responseUrl('help-1') });
    const ackMs = performance.now() - t0;
    expect(res.status).toBe(200);
    expect(ackMs).toBeLessThan(3000); // Slack's own limit, not a performance target
    const reply = await waitFor(() => h.slack.responses.find((r) => r.id === 'help-1'), 5000, 'help reply');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.body)).toContain('/isms ask');
  });

  it('refuses a bad signature with 401 and does nothing', async () => {
    const before = h.slack.responses.length + h.slack.calls.length;
    const res = await slashCommand(
      h.app.url,
      { text: 'help', response_url: h.slack.responseUrl('bad-sig') },
      { signature: 'v0=deadbeef' },
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.responses.length + h.slack.calls.length).toBe(before);
  });

  it('refuses a request signed more than 5 minutes ago with 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = new URLSearchParams({
      command: '/isms',
      text: 'help',
      team_id: 'T1',
      user_id: 'U1',
      channel_id: 'C1',
      response_url: h.slack.responseUrl('old'),
    }).toString();
    const res = await fetch(`${h.app.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(old),
        'x-slack-signature': sign(body, old, SIGNING_SECRET),
      },
      body,
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.responses.find((r) => r.id === 'old')).toBeUndefined();
  });

  it('answers an @mention in its thread', async () => {
    const res = await eventCallback(
      h.app.url,
      'Ev-mention-1',
      mention('1700000001.000100', 'what does A.8.24 require?'),
    );
    expect(res.status).toBe(200);
    const post = await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000001.000100'),
      8000,
      'threaded reply',
    );
    expect(post.args.channel).toBe('C1');
    expect(JSON.stringify(post.args.blocks)).toContain('A.8.24');
  });

  it('handles an event delivered twice (Slack retry) exactly once, also after a restart', async () => {
    const event = mention('1700000002.000100', 'who must accept residual risks?');
    await eventCallback(h.app.url, 'Ev-dup-1', event);
    await eventCallback(h.app.url, 'Ev-dup-1', event, {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const replies = () =>
      h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000002.000100');
    await waitFor(() => replies().length >= 1, 8000, 'first reply');
    // A later, different event is answered: by then a duplicate would have been too.
    await eventCallback(h.app.url, 'Ev-sentinel-1', mention('1700000003.000100', 'what is a risk owner?'));
    await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000003.000100'),
      8000,
      'sentinel',
    );
    expect(replies()).toHaveLength(1);

    await h.restart();
    await eventCallback(h.app.url, 'Ev-dup-1', event, {
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' },
    });
    await eventCallback(h.app.url, 'Ev-sentinel-2', mention('1700000004.000100', 'what is a risk owner?'));
    await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000004.000100'),
      8000,
      'sentinel 2',
    );
    expect(replies()).toHaveLength(1);
  });

  it('answers a DM, and explains instead of crashing when Slack refuses the post', async () => {
    h.slack.fail('chat.postMessage', { error: 'channel_not_found' });
    await eventCallback(h.app.url, 'Ev-dm-1', {
      type: 'message',
      channel_type: 'im',
      user: 'U1',
      text: 'what is the SoA?',
      ts: '1700000005.000100',
      channel: 'D1',
      team: 'T1',
      event_ts: '1700000005.000100',
    });
    // The failed post is followed by a DM to the user that explains what happened.
    const explained = await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'U1'),
      8000,
      'explanation',
    );
    expect(String(explained.args.text)).toMatch(/can't see this channel/);
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('waits out a rate limit (429 + Retry-After) and delivers', async () => {
    h.slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await eventCallback(h.app.url, 'Ev-429', mention('1700000006.000100', 'what is clause 9.3 about?'));
    const post = await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000006.000100'),
      10000,
      'post after rate limit',
    );
    expect(post).toBeDefined();
    expect(h.slack.calls.some((c) => c.method === 'chat.postMessage!failed')).toBe(true);
  });

  it('publishes App Home when it is opened', async () => {
    await eventCallback(h.app.url, 'Ev-home-1', {
      type: 'app_home_opened',
      user: 'U1',
      channel: 'D1',
      tab: 'home',
      event_ts: '1700000007.000100',
    });
    const publish = await waitFor(() => h.slack.callsTo('views.publish')[0], 5000, 'views.publish');
    expect(publish.args.user_id).toBe('U1');
    expect(JSON.stringify(publish.args.view)).toContain('Your ISMS');
  });

  it('stores 👍 feedback on an answer from a button click', async () => {
    await slashCommand(h.app.url, {
      text: 'ask what is a risk owner?',
      response_url: h.slack.responseUrl('ask-1'),
    });
    const reply = await waitFor(() => h.slack.responses.find((r) => r.id === 'ask-1'), 8000, 'ask reply');
    const blocks = reply.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const up = blocks
      .find((b) => b.type === 'actions')
      ?.elements?.find((e) => e.action_id === 'answer.rate.up');
    expect(up).toBeDefined();
    await interaction(h.app.url, {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'U1', username: 'alice', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 't-1',
      response_url: h.slack.responseUrl('rate-1'),
      container: { type: 'message', message_ts: '1', channel_id: 'C1', is_ephemeral: true },
      channel: { id: 'C1', name: 'isms' },
      actions: [
        { type: 'button', action_id: 'answer.rate.up', block_id: 'b', value: up?.value, action_ts: '1' },
      ],
    });
    const thanks = await waitFor(() => h.slack.responses.find((r) => r.id === 'rate-1'), 5000, 'rating ack');
    expect(String(thanks.body.text)).toMatch(/glad it helped/);
    const db = new Database(h.dbPath, { readonly: true });
    const votes = db.prepare('select team_id, user_id, rating from answer_feedback').all();
    db.close();
    expect(votes).toEqual([{ team_id: 'T1', user_id: 'U1', rating: 'up' }]);
  });

  it('never writes the bot token or signing secret to its logs', () => {
    const logs = h.app.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('xoxb-test');
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
