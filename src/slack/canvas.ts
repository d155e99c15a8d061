/**
 * Publishing a document as a canvas in a channel (scope `canvases:write`): a canvas of its own,
 * tabbed in the channel (`canvases.create` with `channel_id`), where the workspace allows it; on a
 * plan that allows one canvas per channel, a section of the channel canvas (`conversations.info` finds
 * it, `conversations.canvases.create` makes it when there is none, `canvases.edit` appends to it, and
 * `canvases.sections.lookup` finds the section a retry already wrote). Where canvases are not allowed
 * at all the outcome says so and why: the PDF and its message in the thread are the copy then.
 * Any other failure (Slack down, rate limits) is thrown for the outbox to retry.
 */
import type { webApi } from '@slack/bolt';
import type { CanvasOutcome } from '../bot/types.ts';

export interface CanvasDoc {
  readonly channel: string;
  readonly title: string;
  readonly markdown: string;
  /** Text that identifies this document's section (its heading) in a shared channel canvas. */
  readonly key: string;
}

/** Codes saying this workspace, plan or installation allows no canvas here: final, not retried. */
const NOT_ALLOWED = new Set([
  'canvas_disabled_user_team',
  'missing_scope',
  'not_allowed_token_type',
  'team_tier_cannot_create_channel_canvases',
  'restricted_action',
  'no_permission',
  'access_denied',
  'team_access_not_granted',
  'not_allowed',
  'free_team_not_allowed',
  'canvas_editing_disabled',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
]);
/** Codes saying a canvas of its own is not allowed, but the channel's one canvas may be. */
const ONE_PER_CHANNEL = new Set([
  'free_team_canvas_tab_already_exists',
  'free_teams_cannot_create_standalone_canvases',
  'free_teams_cannot_create_non_tabbed_canvases',
  'team_tier_cannot_create_canvas_tabs',
]);

const codeOf = (err: unknown) => {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
};

/** Where canvases are not allowed, the outcome saying so; anything else is thrown again. */
function refusal(err: unknown): CanvasOutcome {
  const code = codeOf(err);
  if (code && NOT_ALLOWED.has(code)) return { how: 'unavailable', reason: code };
  throw err;
}

export async function publishCanvas(client: webApi.WebClient, doc: CanvasDoc): Promise<CanvasOutcome> {
  const content = { type: 'markdown' as const, markdown: doc.markdown };
  try {
    const made = await client.canvases.create({
      title: doc.title,
      document_content: content,
      channel_id: doc.channel,
    });
    return { how: 'canvas', id: made.canvas_id };
  } catch (err) {
    const code = codeOf(err);
    if (!code || !ONE_PER_CHANNEL.has(code)) return refusal(err);
  }
  try {
    return await inChannelCanvas(client, doc, content);
  } catch (err) {
    return refusal(err);
  }
}

async function inChannelCanvas(
  client: webApi.WebClient,
  doc: CanvasDoc,
  content: { type: 'markdown'; markdown: string },
): Promise<CanvasOutcome> {
  const info = await client.conversations.info({ channel: doc.channel });
  const props = info.channel?.properties as { canvas?: { file_id?: string } } | undefined;
  const existing = props?.canvas?.file_id;
  if (!existing) {
    const made = await client.conversations.canvases.create({
      channel_id: doc.channel,
      title: doc.title,
      document_content: content,
    });
    return { how: 'section', id: made.canvas_id };
  }
  // An earlier attempt may have added the section before its answer was lost: add it once.
  const found = await client.canvases.sections.lookup({
    canvas_id: existing,
    criteria: { section_types: ['h1'], contains_text: doc.key },
  });
  if (!found.sections?.length)
    await client.canvases.edit({
      canvas_id: existing,
      changes: [{ operation: 'insert_at_end', document_content: content }],
    });
  return { how: 'section', id: existing };
}
