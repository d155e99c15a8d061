/**
 * Turning the bot's replies into Web API calls, and Slack API errors into sentences for people:
 * a reply that cannot be posted is explained to its requester, never a crash.
 */
import type { RespondFn, types, webApi } from '@slack/bolt';
import type { Reply } from '../bot/types.ts';
import type { Logger } from '../logger.ts';
import { publishCanvas } from './canvas.ts';
import { uploadFile } from './upload.ts';

export interface Target {
  readonly channel: string;
  readonly userId: string;
  readonly teamId: string;
  /** response_url helper (slash commands and interactivity): works even where the bot is not a member. */
  readonly respond?: RespondFn | undefined;
  readonly triggerId?: string | undefined;
}

/** The Slack error code (`not_in_channel` …) of a Web API failure, if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Why Slack's Web API could not be reached at all (`ECONNREFUSED`, `ENOTFOUND`, a timeout …), or
 * undefined when Slack answered. The client has then already retried (clientOptions.retryConfig).
 */
export function unreachableCause(err: unknown): string | undefined {
  const e = err as {
    code?: string;
    original?: { code?: string; message?: string; cause?: { code?: string; message?: string } };
  };
  if (e?.code !== 'slack_webapi_request_error') return undefined;
  return e.original?.cause?.code ?? e.original?.code ?? e.original?.cause?.message ?? e.original?.message;
}

/** Codes saying the channel itself cannot take a message from the bot. */
const CHANNEL_GONE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

const EXPLAIN: Record<string, string> = {
  not_in_channel:
    "I'm not a member of this channel, so I can't post here. Invite me with `/invite @isms-bot` and try again.",
  channel_not_found:
    "I can't see this channel (it may be private or I was removed). Invite me with `/invite @isms-bot` and try again.",
  is_archived: 'This channel is archived, so I cannot post in it.',
  expired_trigger_id: 'That took too long for Slack to open the form. Please click the button again.',
  msg_too_long: 'My reply was too long for Slack. Please narrow the question down.',
  missing_scope: 'I am missing a Slack permission for this (the app needs reinstalling with its manifest).',
  upload_failed: 'Slack did not take the file. Please try again in a moment.',
};

/**
 * Post the replies in order. True when each reached Slack, or its failure reached the person (or the
 * outbox, for a tracked workflow message); false when someone may not have heard back at all (an
 * event is then answered again after a restart, dedupe.ts).
 */
export async function deliver(
  client: webApi.WebClient,
  target: Target,
  replies: readonly Reply[],
  logger: Logger,
): Promise<boolean> {
  let delivered = true;
  for (const reply of replies) {
    if (reply.type === 'later') {
      const more = await reply.replies.catch((err: unknown) => {
        logger.error({ err, teamId: target.teamId }, 'follow-up work failed');
        return [] as readonly Reply[];
      });
      if (!(await deliver(client, target, more, logger))) delivered = false;
      continue;
    }
    try {
      await deliverOne(client, target, reply);
    } catch (err) {
      const cause = unreachableCause(err);
      if (cause) {
        // One line for the whole failure: the client's own per-attempt warnings are debug (logger.ts),
        // and no explanation can reach the person through an API that cannot be reached.
        logger.warn(
          { cause, teamId: target.teamId, channel: target.channel, userId: target.userId, reply: reply.type },
          `Slack's Web API is unreachable (${cause}): a reply was not delivered after the client's retries`,
        );
        if ('onFailed' in reply && reply.onFailed) reply.onFailed('unreachable');
        else delivered = false;
        continue;
      }
      const code = slackErrorCode(err);
      logger.warn(
        { err, code, teamId: target.teamId, channel: target.channel, reply: reply.type },
        'slack delivery failed',
      );
      // A tracked workflow message is tried again by the outbox (with backoff); nobody needs telling.
      if ('onFailed' in reply && reply.onFailed) {
        reply.onFailed(code ?? 'delivery_failed');
        continue;
      }
      const sentence =
        (code && EXPLAIN[code]) ?? 'I could not post my reply in Slack. Please try again in a moment.';
      // Where the channel itself refused the post, an ephemeral message there would fail too.
      if (!(await explain(client, target, sentence, logger, code !== undefined && CHANNEL_GONE.has(code))))
        delivered = false;
    }
  }
  return delivered;
}

async function deliverOne(
  client: webApi.WebClient,
  target: Target,
  reply: Exclude<Reply, { type: 'later' }>,
): Promise<void> {
  const blocks =
    reply.type === 'modal' || reply.type === 'file' || reply.type === 'canvas'
      ? undefined
      : (reply.message.blocks as types.KnownBlock[] | undefined);
  switch (reply.type) {
    case 'ephemeral':
      await privately(client, target, { text: reply.message.text, blocks });
      return;
    case 'message':
    case 'dm': {
      const channel = reply.type === 'dm' ? reply.userId : (reply.channel ?? target.channel);
      const threadTs = reply.type === 'message' ? reply.threadTs : undefined;
      // After an attempt that may have reached Slack unrecorded, look for it before posting again.
      const found = reply.mark?.recheck ? await findMarked(client, channel, reply.mark.id) : undefined;
      const posted =
        found ??
        (await client.chat.postMessage({
          channel,
          text: reply.message.text,
          blocks,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(reply.mark
            ? { metadata: { event_type: MARK_EVENT, event_payload: { id: reply.mark.id } } }
            : {}),
        }));
      if (reply.onDelivered && posted.ts && posted.channel) {
        const link = await client.chat
          .getPermalink({ channel: posted.channel, message_ts: posted.ts })
          .catch(() => undefined);
        reply.onDelivered({ channel: posted.channel, ts: posted.ts, permalink: link?.permalink });
      }
      return;
    }
    case 'update':
      await client.chat.update({ channel: reply.channel, ts: reply.ts, text: reply.message.text, blocks });
      reply.onDelivered?.({ channel: reply.channel, ts: reply.ts });
      return;
    case 'file': {
      const { fileId } = await uploadFile(client, { ...reply.file, channel: reply.channel });
      reply.onDelivered?.({ channel: reply.channel, ts: fileId, fileId });
      return;
    }
    case 'canvas': {
      const canvas = await publishCanvas(client, reply);
      reply.onDelivered?.({ channel: reply.channel, ts: canvas.id ?? canvas.how, canvas });
      return;
    }
    case 'modal':
      if (!target.triggerId)
        throw Object.assign(new Error('no trigger'), { data: { error: 'expired_trigger_id' } });
      await client.views.open({ trigger_id: target.triggerId, view: reply.view });
      return;
  }
}

const MARK_EVENT = 'isms_message';

/**
 * A message posted earlier with our mark, from the conversation's recent history (a DM's history is
 * read through its IM channel). Undefined where the history cannot be read: then at most one
 * duplicate is posted, and its buttons are refused as a stale copy.
 */
async function findMarked(
  client: webApi.WebClient,
  channel: string,
  id: string,
): Promise<{ channel: string; ts: string } | undefined> {
  try {
    const im = /^[UW]/.test(channel)
      ? (await client.conversations.open({ users: channel })).channel?.id
      : channel;
    if (!im) return undefined;
    const history = await client.conversations.history({
      channel: im,
      limit: 50,
      include_all_metadata: true,
    });
    const hit = history.messages?.find(
      (m) =>
        m.metadata?.event_type === MARK_EVENT && (m.metadata.event_payload as { id?: unknown })?.id === id,
    );
    return hit?.ts ? { channel: im, ts: hit.ts } : undefined;
  } catch {
    return undefined;
  }
}

/** Tell the requester what went wrong, by whatever route still works; false when none did. */
async function explain(
  client: webApi.WebClient,
  target: Target,
  text: string,
  logger: Logger,
  channelGone = false,
): Promise<boolean> {
  try {
    await privately(client, target, { text }, channelGone);
    return true;
  } catch (err) {
    logger.error({ err, teamId: target.teamId }, 'could not tell the user about a failed delivery');
    return false;
  }
}

/**
 * A reply only the requester sees, by the first route that works: the response_url (it works where
 * the bot is not a member, but expires and can answer 404), then `chat.postEphemeral` in the
 * channel, then a DM to the person (where the bot is not in the channel). A lost reply is never
 * silent: only when all three fail does this throw.
 */
async function privately(
  client: webApi.WebClient,
  target: Target,
  message: { text: string; blocks?: types.KnownBlock[] | undefined },
  channelGone = false,
): Promise<void> {
  if (target.respond) {
    try {
      await target.respond({ response_type: 'ephemeral', replace_original: false, ...message });
      return;
    } catch {
      // expired or refused response_url: try the Web API
    }
  }
  if (!channelGone) {
    try {
      await client.chat.postEphemeral({ channel: target.channel, user: target.userId, ...message });
      return;
    } catch (err) {
      // Not in the channel (or it is gone): the person's DM still works; an unreachable API does not.
      if (unreachableCause(err)) throw err;
    }
  }
  await client.chat.postMessage({ channel: target.userId, ...message });
}
