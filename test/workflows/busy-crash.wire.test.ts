/**
 * A busy step interrupted by a crash is finished after the restart and shown: `isms start` in HTTP
 * mode drafts the scope statement with the model (a fake OpenAI-compatible server that holds its
 * answer), the thread message says "Working on it…", the process is killed with kill -9, and the
 * restarted process drafts again and updates that same message to the finished step.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { waitFor } from '../helpers/app-process.ts';
import { FakeOpenAI } from '../helpers/fake-openai.ts';
import { HttpHarness } from '../helpers/http-app.ts';
import { formEvent, OWNER, scopingWorld, testClock } from '../helpers/scoping-run.ts';
import { click, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const openai = new FakeOpenAI();
const extra: Record<string, string> = { OPENAI_API_KEY: 'sk-test-busy-crash' };
const h = new HttpHarness(extra, { restarts: true });
const owner: User = { id: OWNER.userId, name: OWNER.name };
const DRAFT =
  'The ISMS of Acme Ltd covers Engineering and Support on AWS eu-west-1, as drafted by the model.';

beforeAll(async () => {
  await openai.start();
  extra.OPENAI_BASE_URL = openai.url;
  // The scope is at its boundaries step, not yet shown in Slack: the app posts it at start.
  const db = openDatabase(h.dbPath);
  const w = scopingWorld(db, testClock(new Date().toISOString()));
  const i = await w.runtime.start({ teamId: 'T1', flow: 'scoping', actor: OWNER, channel: 'C1' });
  for (const step of ['issues', 'parties'])
    await w.runtime.send({ teamId: 'T1', instanceId: i.id, event: formEvent(step), actor: OWNER });
  closeDatabase(db);
  await h.start();
});
afterAll(async () => {
  await h.stop();
  await openai.stop();
});

describe('a busy step and a crash', () => {
  it('finishes the draft after kill -9 and a restart, and updates “Working on it…” to the step', async () => {
    const post = await waitFor(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .find((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.boundaries.submit')),
      10000,
      'the flow message',
    );
    const ts = String(post.args.__ts);
    const shown = () => latestMessage(h.slack, ts);

    openai.chatMode = 'stall'; // the model takes the prompt and does not answer
    const message = { channel: 'C1', ts, blocks: shown()?.blocks ?? [] };
    click(h.app.url, h.slack, owner, message, 'scope.boundaries.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'boundaries form');
    const res = await submit(h.app.url, owner, open.args.view as Record<string, unknown>, {
      organisation: 'Acme Ltd',
      units: ['Engineering', 'Support'],
      locations: ['Remote, EU'],
      systems: ['AWS eu-west-1 production'],
      information: ['customer data'],
      interfaces: ['Payroll provider'],
      exclusions: [],
    });
    expect(res.status).toBe(200);
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
    // The same message was updated: the flow was never posted a second time.
    const flowPosts = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.'));
    expect(flowPosts).toHaveLength(1);

    const read = () => {
      const db = new Database(h.dbPath, { readonly: true });
      try {
        return {
          instance: db
            .prepare('select step, version, rendered_version as shown from workflow_instances')
            .get() as {
            step: string;
            version: number;
            shown: number;
          },
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
