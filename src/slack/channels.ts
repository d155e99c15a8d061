/**
 * What a conversation is, from Slack (`conversations.info`; scopes `channels:read` for public and
 * `groups:read` for private channels): registers are shared only in DMs and private channels.
 * A conversation Slack will not describe (the bot is not in it, or a missing scope) is `unknown`,
 * which the access rule treats as not safe.
 */
import { webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { ChannelDirectory, ChannelKind } from '../domain/access.ts';

const TIMEOUT_MS = 3000;

export function slackChannels(config: Pick<Config, 'slack'>): ChannelDirectory {
  const client = new webApi.WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 1 },
    timeout: TIMEOUT_MS,
  });
  return {
    async kind(_teamId, channelId): Promise<ChannelKind> {
      // The app's DM with a person: Slack's ids for direct messages start with D.
      if (channelId.startsWith('D')) return 'im';
      try {
        const c = (await client.conversations.info({ channel: channelId })).channel;
        if (!c) return 'unknown';
        if (c.is_im) return 'im';
        if (c.is_mpim) return 'mpim';
        return c.is_private ? 'private' : 'public';
      } catch {
        return 'unknown';
      }
    },
  };
}
