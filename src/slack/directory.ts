/**
 * Who is in the workspace, from Slack (`users.info`, scope `users:read`): used when a form that
 * names a person is submitted. Slack waits for that answer before closing the modal, so the call
 * has a short timeout and no retries; a failure is a field error asking to submit again.
 */
import { webApi } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { Directory, DirectoryUser } from '../domain/options.ts';

const TIMEOUT_MS = 1500;

export function slackDirectory(config: Pick<Config, 'slack'>): Directory {
  const client = new webApi.WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: TIMEOUT_MS,
    rejectRateLimitedCalls: true,
  });
  return {
    async user(_teamId, userId): Promise<DirectoryUser | undefined> {
      try {
        const r = await client.users.info({ user: userId });
        const u = r.user;
        if (!u?.id) return undefined;
        return {
          id: u.id,
          teamId: u.team_id,
          deleted: u.deleted === true,
          isBot: u.is_bot === true || u.id === 'USLACKBOT',
          timeZone: u.tz,
        };
      } catch (err) {
        // Slack's answer for an id that does not exist (or is not visible to this app).
        if ((err as { data?: { error?: string } }).data?.error === 'user_not_found') return undefined;
        throw err;
      }
    },
  };
}
