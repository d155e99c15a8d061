/** Nothing lost: a step committed while Slack could not be updated is shown after the next start. */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import { click, latestMessage, submit } from '../helpers/slack-ui.ts';

const h = useHttpApp({}, { restarts: true });
const alice = { id: 'UALICE', name: 'alice' };

describe('recovery after a crash', () => {
  it('posts the step a failed update could not show, once the app is back', async () => {
    await slashCommand(h.app.url, {
      text: 'setup',
      user_id: alice.id,
      response_url: h.slack.responseUrl('s'),
    });
    await waitFor(() => h.slack.responses.find((r) => r.id === 's'), 5000, 'setup');
    await slashCommand(h.app.url, {
      text: 'scope',
      user_id: alice.id,
      response_url: h.slack.responseUrl('c'),
    });
    const post = await waitFor(
      () => h.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Step 1 of 5')),
      5000,
      'flow',
    );
    const ts = String(post.args.__ts);

    h.slack.fail('chat.update', { error: 'internal_error', times: 10 });
    const message = { channel: 'C1', ts, blocks: latestMessage(h.slack, ts)?.blocks ?? [] };
    click(h.app.url, h.slack, alice, message, 'scope.issues.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'modal');
    await submit(h.app.url, alice, open.args.view as Record<string, unknown>, {
      external: ['Customers'],
      internal: ['Small team'],
    });
    await waitFor(
      () => h.slack.calls.filter((c) => c.method === 'chat.update!failed').length >= 1,
      5000,
      'failed update',
    );
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);

    h.slack.fail('chat.update', { times: 0 });
    await h.restart('SIGKILL');
    const shown = await waitFor(
      () => h.slack.callsTo('chat.update').find((c) => c.args.ts === ts),
      8000,
      'update after restart',
    );
    expect(String(shown.args.text)).toMatch(/Interested parties.*Step 2 of 5/);
  });
});
