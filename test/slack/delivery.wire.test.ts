/**
 * A reply is never lost silently: when a response_url has expired (404) the answer goes by
 * `chat.postEphemeral`, and where the bot is not in the channel, to the person's DM.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';

const h = useHttpApp();

describe('replies to a slash command', () => {
  it('go by chat.postEphemeral when the response_url answers 404', async () => {
    h.slack.expiredResponses.add('gone-1');
    const res = await slashCommand(h.app.url, {
      text: 'help',
      user_id: 'UDANA',
      channel_id: 'C7',
      response_url: h.slack.responseUrl('gone-1'),
    });
    expect(res.status).toBe(200);
    const sent = await waitFor(
      () => h.slack.callsTo('chat.postEphemeral').find((c) => c.args.user === 'UDANA'),
      8000,
      'ephemeral fallback',
    );
    expect(sent.args.channel).toBe('C7');
    expect(JSON.stringify(sent.args)).toContain('/isms ask');
  });

  it("go to the person's DM when the bot is not in the channel either", async () => {
    h.slack.expiredResponses.add('gone-2');
    h.slack.fail('chat.postEphemeral', { error: 'not_in_channel' });
    await slashCommand(h.app.url, {
      text: 'ask what is a risk owner?',
      user_id: 'UERIN',
      channel_id: 'C8',
      response_url: h.slack.responseUrl('gone-2'),
    });
    const dm = await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'UERIN'),
      8000,
      'DM fallback',
    );
    expect(JSON.stringify(dm.args.blocks ?? dm.args.text)).toMatch(/risk owner/i);
    expect(h.slack.calls.some((c) => c.method === 'chat.postEphemeral!failed')).toBe(true);
  });
});
