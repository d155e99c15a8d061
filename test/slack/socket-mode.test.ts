/**
 * Socket Mode over its real protocol: the app opens its connection through apps.connections.open on
 * the fake Slack API, then receives envelopes on a local WebSocket server and acknowledges them.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { cleanEnv, type RunningApp, startIsms, tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';

const slack = new FakeSlack();
let wss: WebSocketServer;
let socket: WebSocket | undefined;
const received: Record<string, unknown>[] = [];
let app: RunningApp;

beforeAll(async () => {
  await slack.start();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  slack.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake' },
        connection_info: { app_id: 'A1' },
      }),
    );
  });
  app = await startIsms(
    cleanEnv({
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-1-A1-test',
      SLACK_API_URL: slack.apiUrl(),
      DATABASE_PATH: tempDbPath(),
    }),
  );
});

afterAll(async () => {
  await app?.stop();
  for (const c of wss.clients) c.terminate();
  await new Promise((r) => wss.close(r));
  await slack.stop();
});

describe('Socket Mode', () => {
  it('connects through SLACK_API_URL with the app token', () => {
    const open = slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-1-A1-test');
  });

  it('acknowledges a slash command envelope and answers through response_url', async () => {
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/isms',
          text: 'help',
          team_id: 'T1',
          channel_id: 'C1',
          user_id: 'U1',
          user_name: 'alice',
          response_url: slack.responseUrl('sm-help'),
          trigger_id: 't1',
        },
      }),
    );
    await waitFor(() => received.find((m) => m.envelope_id === 'env-1'), 5000, 'ack');
    const reply = await waitFor(() => slack.responses.find((r) => r.id === 'sm-help'), 5000, 'help');
    expect(JSON.stringify(reply.body)).toContain('/isms ask');
  });

  it('answers an @mention event in its thread', async () => {
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-2',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          type: 'event_callback',
          team_id: 'T1',
          api_app_id: 'A1',
          event_id: 'EvSock1',
          event_time: 1,
          event: {
            type: 'app_mention',
            user: 'U1',
            text: '<@UBOT> what does A.8.24 require?',
            ts: '1700000100.000100',
            channel: 'C1',
            team: 'T1',
          },
        },
      }),
    );
    await waitFor(() => received.find((m) => m.envelope_id === 'env-2'), 5000, 'ack');
    const post = await waitFor(
      () => slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000100.000100'),
      5000,
      'answer',
    );
    expect(JSON.stringify(post.args.blocks)).toContain('A.8.24');
  });
});
