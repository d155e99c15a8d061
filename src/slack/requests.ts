/**
 * What a Slack request must carry before any listener sees it. Bolt routes on a few fields and then
 * trusts the rest (`body.user.id`, `actions[0].action_id`, `view.state.values`): a signed body
 * without them threw inside Bolt or a listener, and was answered 404 after 3 s or 500. Here each kind
 * the app handles is checked for the fields its listener reads; anything else passes untouched, and
 * is acknowledged with 200 when no listener takes it.
 */
import { z } from 'zod';

/** Slack ids (U…, W…, T…, E…, C…, D…, G…): short, no spaces, never an object. */
const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'is not a Slack id');
const text = z.string().max(40_000);

const command = z.looseObject({
  command: z.string().min(1),
  team_id: id,
  user_id: id,
  channel_id: id,
  text: text.optional(),
  trigger_id: z.string().optional(),
  response_url: z.url().optional(),
});

const action = z.looseObject({
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
});

const interactiveUser = z.looseObject({ id, team_id: id.optional() });

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: interactiveUser,
  team: z.looseObject({ id }).nullish(),
  channel: z.looseObject({ id }).optional(),
  actions: z.array(action).min(1),
  trigger_id: z.string().optional(),
});

const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: interactiveUser,
  team: z.looseObject({ id }).nullish(),
  view: z.looseObject({
    callback_id: z.string(),
    private_metadata: z.string().max(3000).optional(),
    team_id: id.nullish(),
    // Each answer's shape is checked by the views listener (payloads.ts), as a field error.
    state: z.looseObject({ values: z.record(z.string(), z.unknown()) }),
  }),
});

// Only what Bolt itself reads to route it; the options listener checks the rest (payloads.ts).
const suggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  user: z.looseObject({ id: z.string() }),
  action_id: z.string(),
});

/** The events the app listens to, with the fields their listeners read. */
const events: Record<string, z.ZodType> = {
  app_mention: z.looseObject({ user: id, channel: id, ts: z.string(), text }),
  message: z.looseObject({ channel: id, channel_type: z.string().optional(), text: text.optional() }),
  app_home_opened: z.looseObject({ user: id }),
  user_change: z.looseObject({ user: z.looseObject({ id, deleted: z.boolean().optional() }) }),
};

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: z.string().min(1).max(255),
  event: z.looseObject({ type: z.string().min(1) }),
});

export type RequestCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const ok: RequestCheck = { ok: true };

/** Check a parsed request body; `reason` names the kind and the first field that is wrong. */
export function checkRequest(body: unknown): RequestCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'not an object' };
  const b = body as Record<string, unknown>;
  if ('event' in b || b.type === 'event_callback') {
    const r = check('event', eventCallback, b);
    if (!r.ok) return r;
    const event = b.event as { type: string };
    const schema = events[event.type];
    return schema ? check(`${event.type} event`, schema, event) : ok;
  }
  if ('command' in b) return check('slash command', command, b);
  if (b.type === 'block_actions') return check('block_actions', blockActions, b);
  if (b.type === 'view_submission') return check('view_submission', viewSubmission, b);
  if (b.type === 'block_suggestion') return check('block_suggestion', suggestion, b);
  // Bolt routes `actions` without a type as an action too; nothing here listens to those.
  if ('actions' in b) return { ok: false, reason: 'actions without a known type' };
  return ok;
}

function check(kind: string, schema: z.ZodType, value: unknown): RequestCheck {
  const r = schema.safeParse(value);
  if (r.success) return ok;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || '(body)';
  return { ok: false, reason: `${kind}: ${field} ${issue?.message ?? 'is invalid'}` };
}
