import type { App } from '@slack/bolt';
import { afterAck } from '../../work-queue.ts';
import type { ListenerDeps } from '../index.ts';

/** `/isms …`: ack at once (Slack's 3-second rule), then answer through response_url or the channel. */
export function register(app: App, { bot, logger, work }: ListenerDeps): void {
  app.command('/isms', async ({ ack, command, respond, client }) => {
    await ack();
    const req = {
      teamId: command.team_id,
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
    };
    const target = {
      channel: command.channel_id,
      userId: command.user_id,
      teamId: command.team_id,
      respond,
      triggerId: command.trigger_id,
    };
    afterAck({ queue: work, client, logger, target }, () => bot.command(req, command.text ?? ''));
  });
}
