import type { App } from '@slack/bolt';
import { deliver } from '../../deliver.ts';
import type { ListenerDeps } from '../index.ts';

/** DMs, @mentions (answered in their thread) and App Home. */
export function register(app: App, { bot, logger, home }: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, client }) => {
    const teamId = event.team ?? body.team_id;
    const threadTs = event.thread_ts ?? event.ts;
    const req = { teamId, userId: event.user ?? '', channelId: event.channel, threadTs };
    const replies = await bot.message(req, event.text);
    await deliver(client, { channel: event.channel, userId: req.userId, teamId }, replies, logger);
  });

  app.message(async ({ message, body, client }) => {
    // Plain user messages in the bot's DM only: edits, joins and bot posts carry a subtype.
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    const teamId = message.team ?? body.team_id;
    const req = { teamId, userId: message.user, channelId: message.channel, threadTs: message.thread_ts };
    const replies = await bot.message(req, message.text ?? '');
    await deliver(client, { channel: message.channel, userId: message.user, teamId }, replies, logger);
  });

  // Slack sends user_change for every profile edit; only a change of `deleted` means anything here.
  app.event('user_change', async ({ event, body, client }) => {
    const user = event.user as { id: string; deleted?: boolean };
    const replies = await bot.accountChanged(body.team_id, user.id, user.deleted === true);
    if (replies.length)
      await deliver(client, { channel: '', userId: user.id, teamId: body.team_id }, replies, logger);
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const blocks = await bot.home(body.team_id, event.user);
    try {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [...blocks] } });
      home?.opened(body.team_id, event.user, blocks);
    } catch (err) {
      logger.warn({ err, teamId: body.team_id }, 'could not publish App Home');
    }
  });
}
