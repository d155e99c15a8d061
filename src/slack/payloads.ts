/**
 * Slack payloads parsed at the boundary (zod): what a listener hands to the bot has the shape the
 * bot's types promise, whatever was POSTed. A value of the wrong shape (an object where Slack sends
 * text, an id that cannot be one) is refused here, as a field error, before anything is stored.
 */
import { z } from 'zod';
import type { ViewValue, ViewValues } from '../bot/types.ts';
import { userId as userIdSchema } from '../domain/input.ts';

const text = z.string().max(10_000);
const option = z.object({ value: z.string().max(150) }).passthrough();

/** One input element's state as Slack sends it in `view.state.values`. */
const elementState = z
  .object({
    type: z.string().max(50),
    value: text.nullish(),
    selected_option: option.nullish(),
    selected_options: z.array(option).max(100).optional(),
    selected_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullish(),
    selected_user: userIdSchema.nullish(),
    selected_users: z.array(userIdSchema).max(100).optional(),
  })
  .passthrough();

/** `view.state.values` → the bot's `ViewValues`, plus an error for each block that is malformed. */
export function parseViewState(raw: unknown): { values: ViewValues; errors: Record<string, string> } {
  const values: Record<string, Record<string, ViewValue>> = {};
  const errors: Record<string, string> = {};
  const blocks = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!blocks.success) return { values, errors };
  for (const [blockId, actions] of Object.entries(blocks.data)) {
    const parsed = z.record(z.string(), elementState).safeParse(actions);
    if (parsed.success) values[blockId] = parsed.data as Record<string, ViewValue>;
    else errors[blockId] = 'This answer is not in a form I can read. Please answer again.';
  }
  return { values, errors };
}

/** A `block_suggestion`: someone typing into an external select. */
export const blockSuggestion = z.object({
  type: z.literal('block_suggestion'),
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).default(''),
  user: z.object({ id: userIdSchema, name: z.string().optional() }).passthrough(),
  team: z
    .object({ id: z.string().min(1).max(40) })
    .passthrough()
    .nullish(),
  view: z
    .object({ team_id: z.string().optional(), private_metadata: z.string().optional() })
    .passthrough()
    .optional(),
});
