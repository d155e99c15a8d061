/**
 * Nothing lost between the database and Slack: a step committed while Slack could not be updated is
 * shown once Slack answers again, while the app runs (retried with backoff), and after a restart; a
 * busy step (the scope drafted by the model) interrupted by kill -9 is finished after the restart and
 * shown in the same message, which said "Working on it…".
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { HttpHarness } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import { click, latestMessage, submit } from '../helpers/slack-ui.ts';

// One app process for the whole file, with a model configured (only the last test drafts with it).
const openai = new FakeOpenAI();
const extra: Record<string, string> = { OPENAI_API_KEY: 'sk-test-recovery' };
const h = new HttpHarness(extra, { restarts: true });
beforeAll(async () => {
  await openai.start();
  extra.OPENAI_BASE_URL = openai.url;
  await h.start();
});
afterAll(async () => {
  await h.stop();
  await openai.stop();
});
const alice = { id: 'UALICE', name: 'alice' };
const DRAFT =
  'The ISMS of Acme Ltd covers Engineering and Support on AWS eu-west-1, as drafted by the model.';

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

  it('finishes a busy step a kill -9 interrupted, and updates “Working on it…” to the step', async () => {
    // The scope the test above left at its second step, in the message it updated.
    const post = h.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Step 1 of 5'));
    const ts = String(post?.args.__ts);
    const shown = () => latestMessage(h.slack, ts);
    const fill = async (action: string, answers: Parameters<typeof submit>[3]) => {
      const opened = h.slack.callsTo('views.open').length;
      click(h.app.url, h.slack, alice, { channel: 'C1', ts, blocks: shown()?.blocks ?? [] }, action);
      const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, `${action} form`);
      expect(
        (await submit(h.app.url, alice, open.args.view as Record<string, unknown>, answers)).status,
      ).toBe(200);
    };
    await fill('scope.parties.submit', { parties: ['Customers: uptime'], addressed: ['Uptime'] });
    await waitFor(() => /Boundaries/.test(shown()?.text ?? ''), 8000, 'boundaries');

    openai.chatMode = 'stall'; // the model takes the prompt and does not answer
    await fill('scope.boundaries.submit', {
      organisation: 'Acme Ltd',
      units: ['Engineering', 'Support'],
      locations: ['Remote, EU'],
      systems: ['AWS eu-west-1 production'],
      information: ['customer data'],
      interfaces: ['Payroll provider'],
      exclusions: [],
    });
    await waitFor(() => /Working on it/.test(JSON.stringify(shown() ?? {})), 8000, 'Working on it…');
    await waitFor(() => openai.chats.length === 1, 8000, 'the draft asked of the model');

    // kill -9 while the model holds its answer; the restarted process finds the step busy.
    openai.chatMode = 'ok';
    openai.reply = () => DRAFT;
    await h.restart('SIGKILL');
    await waitFor(() => /Scope statement: edit/.test(shown()?.text ?? ''), 15000, 'the finished step');
    expect(JSON.stringify(shown()?.blocks)).toContain(DRAFT);
    expect(JSON.stringify(shown())).not.toMatch(/Working on it/);
    expect(openai.chats).toHaveLength(2); // drafted again, once
    // The same message was updated: the flow was not posted a second time.
    const flowPosts = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => /Step \d of 5/.test(String(c.args.text)));
    expect(flowPosts).toHaveLength(1);

    const read = () => {
      const db = new Database(h.dbPath, { readonly: true });
      try {
        return {
          instance: db
            .prepare(
              "select step, version, rendered_version as shown from workflow_instances where status = 'active'",
            )
            .get() as { step: string; version: number; shown: number },
          completed: db
            .prepare("select count(*) from evidence where kind = 'step.completed' and step = 'drafting'")
            .pluck()
            .get(),
        };
      } finally {
        db.close();
      }
    };
    // Slack's answer to the update is recorded a moment after Slack has it.
    await waitFor(() => read().instance.shown === read().instance.version, 5000, 'recorded as shown');
    expect(read()).toMatchObject({ instance: { step: 'review' }, completed: 1 });
  }, 60000);
});
