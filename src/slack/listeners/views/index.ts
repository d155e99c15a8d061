import type { App } from '@slack/bolt';
import { parsePrivateMetadata } from '../../../bot/metadata.ts';
import { deliver } from '../../deliver.ts';
import { parseViewState } from '../../payloads.ts';
import type { ListenerDeps } from '../index.ts';

/**
 * Modal submissions. Validation errors must travel in the ack itself (`response_action: errors`),
 * so the bot's answer is awaited before acking; it does database work only, well inside 3 s.
 */
export function register(app: App, { bot, logger }: ListenerDeps): void {
  app.view({ type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const teamId = view.team_id || body.team?.id || '';
    const meta = parsePrivateMetadata(view.private_metadata);
    const req = {
      teamId,
      userId: body.user.id,
      userName: body.user.name,
      channelId: meta.channel ?? body.user.id,
      threadTs: meta.threadTs,
    };
    // Answers of the wrong shape are field errors in the ack: nothing reaches the bot or the store.
    const state = parseViewState(view.state?.values);
    const result = Object.keys(state.errors).length
      ? { ok: false as const, errors: state.errors }
      : await bot.viewSubmission(req, {
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          values: state.values,
        });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { ...result.errors } });
      return;
    }
    await ack();
    await deliver(client, { channel: req.channelId, userId: req.userId, teamId }, result.replies, logger);
  });
}
