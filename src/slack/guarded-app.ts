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

export interface RequestGate {
  readonly logger: Logger;
  /** Claim a request's signature once (dedupe.ts); false for a replay. */
  readonly claim: (signature: string) => boolean;
}

export class GuardedApp extends App {
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
