import type { App } from '@slack/bolt';
import { parsePrivateMetadata } from '../../../bot/metadata.ts';
import { truncate } from '../../../bot/views/text.ts';
import { blockSuggestion } from '../../payloads.ts';
import type { ListenerDeps } from '../index.ts';

/**
 * Options for external selects (`block_suggestion`, sent to the options load URL as the person
 * types). The answer *is* the ack, so it waits for the bot, which answers from the database only.
 */
export function register(app: App, { bot, logger }: ListenerDeps): void {
  app.options<'block_suggestion'>({ type: 'block_suggestion' }, async ({ ack, body }) => {
    const parsed = blockSuggestion.safeParse(body);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.length }, 'malformed block_suggestion refused');
      await ack({ options: [] });
      return;
    }
    const p = parsed.data;
    const meta = parsePrivateMetadata(p.view?.private_metadata);
    const teamId = p.team?.id ?? p.view?.team_id ?? '';
    const options = await bot.options(
      { teamId, userId: p.user.id, userName: p.user.name, channelId: meta.channel ?? p.user.id },
      { actionId: p.action_id, blockId: p.block_id, query: p.value, context: meta },
    );
    await ack({
      // Slack's limits: 100 options, 75 characters of text, 150 of value.
      options: options.slice(0, 100).map((o) => ({
        text: { type: 'plain_text' as const, text: truncate(o.label, 75) },
        value: o.value.slice(0, 150),
      })),
    });
  });
}
