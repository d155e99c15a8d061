/**
 * Bolt's App with a gate in front of its dispatch, whatever the receiver (HTTP or Socket Mode):
 * a body missing what its listener reads is acknowledged and dropped with a warning, a replay of
 * signed bytes already accepted is dropped, an error anywhere in dispatch is logged with the
 * request's context, and a request no listener acknowledged gets its 200 at once (Bolt leaves it
 * to a 3-second timer that answers 404, and Slack then retries or disables the subscription).
 */
import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { SIGNATURE_PROPERTY } from './http-receiver.ts';
import { checkRequest } from './requests.ts';
import { checkTenant, type Installation, OTHER_WORKSPACE } from './tenant.ts';

export interface RequestGate {
  readonly logger: Logger;
  /** Claim a request's signature once (dedupe.ts); false for a replay. */
  readonly claim: (signature: string) => boolean;
}

export class GuardedApp extends App {
  /** The workspace the bot token belongs to (auth.test), set once the app is initialised. */
  installation?: Installation;

  constructor(
    options: AppOptions,
    private readonly gate: RequestGate,
  ) {
    super(options);
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      acked = true;
      await event.ack(response);
    };
    // An options request is answered with no options; anything else with an empty 200.
    const options = (event.body as { type?: unknown }).type === 'block_suggestion';
    const empty = options ? { options: [] } : undefined;
    const ackIfNeeded = async () => {
      if (!acked) await ack(empty).catch(() => undefined);
    };
    const where = describe(event.body);
    const check = checkRequest(event.body);
    if (!check.ok) {
      this.gate.logger.warn({ ...where, reason: check.reason }, `request ignored: ${check.reason}`);
      return ackIfNeeded();
    }
    const tenant = this.installation ? checkTenant(event.body, this.installation) : { ok: true as const };
    if (!tenant.ok) {
      this.gate.logger.warn(
        { ...where, requestTeam: tenant.teamId, installation: this.installation?.teamId },
        tenant.who === 'person'
          ? 'request refused: a person from another workspace'
          : 'request ignored: for another installation',
      );
      if (tenant.who === 'person') return this.refuseOutsider(event.body, ack);
      return ackIfNeeded();
    }
    const { [SIGNATURE_PROPERTY]: signature, ...customProperties } = event.customProperties ?? {};
    // Options requests change nothing and carry no id of their own: typing the same text again
    // within a second sends the same bytes, and must be answered again.
    if (typeof signature === 'string' && !options && !this.gate.claim(signature)) {
      this.gate.logger.warn(where, 'request ignored: the same signed request was already accepted (replay)');
      return ackIfNeeded();
    }
    try {
      await super.processEvent({ ...event, ack, customProperties });
    } catch (err) {
      this.gate.logger.error({ err, ...where }, 'request failed in dispatch');
    }
    await ackIfNeeded();
  }

  private async refuseOutsider(body: Record<string, unknown>, ack: ReceiverEvent['ack']): Promise<void> {
    try {
      await refuse(this, body, ack);
    } catch (err) {
      this.gate.logger.warn({ err, ...describe(body) }, 'could not tell a person from another workspace');
    }
  }
}

/** Tell a person from another workspace why nothing happened, the way their request can be answered. */
async function refuse(app: App, body: Record<string, unknown>, ack: ReceiverEvent['ack']): Promise<void> {
  const b = body as {
    type?: string;
    command?: string;
    response_url?: string;
    event?: { type?: string; channel?: string; user?: string };
  };
  if (b.command) return ack({ response_type: 'ephemeral', text: OTHER_WORKSPACE });
  if (b.type === 'view_submission')
    return ack({
      response_action: 'update',
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Not available' },
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: OTHER_WORKSPACE } }],
      },
    });
  if (b.type === 'block_suggestion') return ack({ options: [] });
  if (b.type !== 'event_callback') await ack(undefined);
  if (b.response_url) {
    await fetch(b.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: OTHER_WORKSPACE }),
    });
  } else if (b.event?.channel && b.event.user) {
    await app.client.chat.postEphemeral({
      channel: b.event.channel,
      user: b.event.user,
      text: OTHER_WORKSPACE,
    });
  }
}

/** What a log line needs to find the request again, read defensively from an unchecked body. */
function describe(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 64) : undefined);
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  return {
    kind: str(b.type) ?? (b.command ? 'slash_command' : undefined),
    teamId: str(b.team_id) ?? str(obj(b.team).id),
    userId: str(b.user_id) ?? str(obj(b.user).id),
    eventId: str(b.event_id),
    eventType: str(obj(b.event).type),
  };
}
