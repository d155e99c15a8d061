/**
 * People in imported files are Slack user ids or e-mail addresses. With a bot token both are
 * checked against the workspace (users.info, users.lookupByEmail); without one, only the form of a
 * user id can be checked and e-mails cannot be resolved.
 */
import type { webApi } from '@slack/bolt';
import { isUserId } from '../domain/person.ts';

export type Resolved = { readonly userId: string } | { readonly error: string };

export interface PeopleDirectory {
  resolve(value: string): Promise<Resolved>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const offlineDirectory: PeopleDirectory = {
  async resolve(value) {
    if (isUserId(value)) return { userId: value };
    if (EMAIL.test(value))
      return { error: `"${value}" is an e-mail address: set SLACK_BOT_TOKEN so the import can look it up` };
    return { error: `"${value}" is neither a Slack user id (U…) nor an e-mail address` };
  },
};

export function slackDirectory(client: webApi.WebClient): PeopleDirectory {
  const cache = new Map<string, Promise<Resolved>>();
  async function lookup(value: string): Promise<Resolved> {
    try {
      if (isUserId(value)) {
        const r = await client.users.info({ user: value });
        if (r.user?.deleted) return { error: `${value} has left the workspace` };
        return { userId: value };
      }
      if (EMAIL.test(value)) {
        const r = await client.users.lookupByEmail({ email: value });
        if (!r.user?.id || r.user.deleted)
          return { error: `nobody in the workspace has the e-mail ${value}` };
        return { userId: r.user.id };
      }
      return { error: `"${value}" is neither a Slack user id (U…) nor an e-mail address` };
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code === 'user_not_found' || code === 'users_not_found')
        return { error: `${value} is not a member of this Slack workspace` };
      throw err;
    }
  }
  return {
    resolve(value) {
      const key = value.trim().toLowerCase().includes('@') ? value.trim().toLowerCase() : value.trim();
      let p = cache.get(key);
      if (!p) {
        p = lookup(key);
        cache.set(key, p);
      }
      return p;
    },
  };
}
