/** Requests signed exactly as Slack signs them (v0 HMAC-SHA256 of `v0:timestamp:body`). */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = '8f742231b10e8888abcd99eeeeee85a5';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  readonly timestamp?: number;
  readonly signature?: string;
  readonly headers?: Record<string, string>;
}

export async function post(
  url: string,
  body: string,
  contentType: string,
  o: SendOptions = {},
): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? sign(body, timestamp),
      ...o.headers,
    },
    body,
  });
}

export function slashCommand(base: string, fields: Record<string, string>, o?: SendOptions) {
  const body = new URLSearchParams({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'isms',
    user_id: 'U1',
    user_name: 'alice',
    command: '/isms',
    text: '',
    api_app_id: 'A1',
    trigger_id: `trigger-${Date.now()}`,
    ...fields,
  }).toString();
  return post(`${base}/slack/events`, body, 'application/x-www-form-urlencoded', o);
}

export function eventCallback(
  base: string,
  eventId: string,
  event: Record<string, unknown>,
  o?: SendOptions,
) {
  const body = JSON.stringify({
    token: 'deprecated',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event,
  });
  return post(`${base}/slack/events`, body, 'application/json', o);
}

export function interaction(base: string, payload: Record<string, unknown>, o?: SendOptions) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(`${base}/slack/events`, body, 'application/x-www-form-urlencoded', o);
}

/** The form body of a slash command as Slack sends it (fields override the defaults). */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'isms',
    user_id: 'U1',
    user_name: 'alice',
    command: '/isms',
    text: '',
    api_app_id: 'A1',
    trigger_id: `trigger-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    ...fields,
  }).toString();
}

/**
 * One signed request that can be sent again byte for byte (same timestamp, same signature), as an
 * attacker who captured it would replay it inside Slack's 5-minute window.
 */
export function replayable(body: string, contentType = 'application/x-www-form-urlencoded') {
  const timestamp = Math.floor(Date.now() / 1000);
  return (base: string) => post(`${base}/slack/events`, body, contentType, { timestamp });
}

/** Someone typing `value` into an external select (`block_suggestion`), as Slack sends it to the options URL. */
export function blockSuggestion(
  base: string,
  f: {
    actionId: string;
    value: string;
    blockId?: string;
    user?: string;
    team?: string;
    view?: Record<string, unknown>;
  },
  o?: SendOptions,
) {
  const team = f.team ?? 'T1';
  return interaction(
    base,
    {
      type: 'block_suggestion',
      user: { id: f.user ?? 'U1', username: 'alice', name: 'alice', team_id: team },
      container: { type: 'view', view_id: 'V1' },
      api_app_id: 'A1',
      token: 'deprecated',
      action_id: f.actionId,
      block_id: f.blockId ?? 'b',
      value: f.value,
      team: { id: team, domain: 'acme' },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: 'V1', team_id: team, type: 'modal', private_metadata: '', ...f.view },
    },
    o,
  );
}
