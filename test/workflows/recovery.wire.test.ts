/**
 * Nothing lost between the database and Slack: a step committed while Slack could not be updated is
 * shown once Slack answers again, while the app runs (retried with backoff), and after a restart.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import { click, latestMessage, submit } from '../helpers/slack-ui.ts';

const h = useHttpApp({}, { restarts: true });
const alice = { id: 'UALICE', name: 'alice' };

async function startScope(user: { id: string }, n: string) {
  await slashCommand(h.app.url, {
    text: 'scope',
    user_id: user.id,
    response_url: h.slack.responseUrl(`c${n}`),
  });
  const post = await waitFor(
    () => h.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Step 1 of 5')),
    5000,
    'flow',
  );
  return String(post.args.__ts);
}

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
    await slashCommand(h.app.url, {
      text: `flows cancel ${/`(sc-[0-9a-f]+)`/.exec(String(shown.args.text) + JSON.stringify(shown.args.blocks))?.[1]} done here`,
      user_id: alice.id,
      response_url: h.slack.responseUrl('x'),
    });
    await waitFor(() => h.slack.responses.find((r) => r.id === 'x'), 5000, 'cancelled');
  });

  it('shows a step whose update failed for good (500 five times) once Slack answers, without a restart', async () => {
    h.slack.calls.length = 0;
    const ts = await startScope(alice, '2');
    h.slack.fail('chat.update', { status: 500, times: 5 });
    const message = { channel: 'C1', ts, blocks: latestMessage(h.slack, ts)?.blocks ?? [] };
    click(h.app.url, h.slack, alice, message, 'scope.issues.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'modal');
    await submit(h.app.url, alice, open.args.view as Record<string, unknown>, {
      external: ['Customers'],
      internal: ['Small team'],
    });
    const shown = await waitFor(
      () => h.slack.callsTo('chat.update').find((c) => c.args.ts === ts),
      15000,
      'update once Slack answers',
    );
    expect(h.slack.calls.filter((c) => c.method === 'chat.update!failed')).toHaveLength(5);
    expect(String(shown.args.text)).toMatch(/Interested parties.*Step 2 of 5/);
  }, 30000);
});
