import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { afterAck } from '../../work-queue.ts';
import type { ListenerDeps } from '../index.ts';

/** Button clicks: the action_id is the event the bot (or a workflow) understands. */
export function register(app: App, { bot, logger, work }: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions' },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const channel = body.channel?.id ?? body.user.id;
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      const req = {
        teamId,
        userId: body.user.id,
        userName: body.user.name ?? body.user.username,
        channelId: channel,
        threadTs: message?.thread_ts ?? message?.ts,
      };
      const target = { channel, userId: body.user.id, teamId, respond, triggerId: body.trigger_id };
      afterAck({ queue: work, client, logger, target }, () =>
        bot.action(req, {
          actionId: action.action_id,
          value: action.value,
          blockId: action.block_id,
          messageTs: message?.ts,
        }),
      );
    },
  );
}
