/**
 * Tenant isolation over the wire: every request is keyed on the installation the bot token belongs
 * to (the fake Slack's auth.test says T1). A person from another workspace (a Slack Connect guest in a
 * shared channel) is refused with a sentence and changes nothing, whatever team ids the payload
 * carries; a workflow id in `private_metadata` that belongs to another workspace (the console's, in the
 * same database file) is not found.
 */
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { eventCallback, slashCommand } from '../helpers/slack-request.ts';
import { click, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const h = useHttpApp();
const alice: User = { id: 'UALICE', name: 'alice' };
const guest: User = { id: 'UGUEST', name: 'guest', team: 'T2' };
const OUTSIDER = /only its members can work in it/;

function state() {
  const db = new Database(h.dbPath, { readonly: true });
  try {
    return {
      // The scheduler's checkpoint entries come on their own clock, whatever a request does.
      evidence: db
        .prepare(
          "select team_id, seq, kind from evidence where kind != 'evidence.checkpoint' order by team_id, seq",
        )
        .all()
        .map((e) => ({ ...(e as object), seq: undefined })),
      people: db.prepare('select team_id, user_id, roles from people order by team_id, user_id').all(),
      flows: db.prepare('select team_id, id, version from workflow_instances order by id').all(),
      answers: db.prepare('select count(*) from answers').pluck().get(),
    };
  } finally {
    db.close();
  }
}

let flowTs = '';
const flowMessage = () => ({
  channel: 'C1',
  ts: flowTs,
  blocks: latestMessage(h.slack, flowTs)?.blocks ?? [],
});

beforeAll(async () => {
  await slashCommand(h.app.url, { text: 'setup', user_id: alice.id, response_url: h.slack.responseUrl('s') });
  await waitFor(() => h.slack.responses.find((r) => r.id === 's'), 8000, 'setup');
  await slashCommand(h.app.url, { text: 'scope', user_id: alice.id, response_url: h.slack.responseUrl('c') });
  const post = await waitFor(
    () => h.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Step 1 of 5')),
    8000,
    'flow message',
  );
  flowTs = String(post.args.__ts);
});

describe('a person from another workspace', () => {
  it('is refused on a slash command, with a sentence, and nothing changes', async () => {
    const before = state();
    const res = await slashCommand(h.app.url, {
      text: 'roles add approver <@UGUEST>',
      team_id: 'T2',
      user_id: guest.id,
      response_url: h.slack.responseUrl('guest-cmd'),
    });
    expect(res.status).toBe(200);
    expect(String(((await res.json()) as { text?: string }).text)).toMatch(OUTSIDER);
    const setup = await slashCommand(h.app.url, {
      text: 'setup',
      team_id: 'T2',
      user_id: guest.id,
      response_url: h.slack.responseUrl('guest-setup'),
    });
    expect(String(((await setup.json()) as { text?: string }).text)).toMatch(OUTSIDER);
    expect(state()).toEqual(before);
  });

  it("cannot open or submit a step of this workspace's workflow, whatever team the payload names", async () => {
    const before = state();
    const opened = h.slack.callsTo('views.open').length;
    const { sent, responseId } = click(h.app.url, h.slack, guest, flowMessage(), 'scope.issues.submit');
    expect((await sent).status).toBe(200);
    const told = await waitFor(() => h.slack.responses.find((r) => r.id === responseId), 8000, 'refusal');
    expect(String(told.body.text)).toMatch(OUTSIDER);

    // The form alice opened, submitted by the guest: as their own workspace, and claiming to be T1.
    click(h.app.url, h.slack, alice, flowMessage(), 'scope.issues.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 8000, 'views.open');
    const view = open.args.view as Record<string, unknown>;
    const answers = { external: ['Forged'], internal: ['Forged'] };
    for (const who of [guest, { ...guest, team: 'T1' }]) {
      const res = await submit(h.app.url, who, { ...view, team_id: 'T2' }, answers);
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toMatch(OUTSIDER);
    }
    expect(state()).toEqual(before);
    expect(latestMessage(h.slack, flowTs)?.text).toMatch(/Step 1 of 5/);
  });

  it('is told so when it @mentions the bot, and nothing is answered or stored', async () => {
    const before = state();
    await eventCallback(h.app.url, 'Ev-guest-1', {
      type: 'app_mention',
      user: guest.id,
      user_team: 'T2',
      team: 'T2',
      text: '<@UBOT> what is a risk owner?',
      ts: '1700000100.000100',
      channel: 'C1',
      event_ts: '1700000100.000100',
    });
    const told = await waitFor(
      () => h.slack.callsTo('chat.postEphemeral').find((c) => c.args.user === guest.id),
      8000,
      'ephemeral refusal',
    );
    expect(String(told.args.text)).toMatch(OUTSIDER);
    expect(h.slack.callsTo('chat.postMessage').some((c) => c.args.thread_ts === '1700000100.000100')).toBe(
      false,
    );
    expect(state()).toEqual(before);
  });
});

describe('ids that come back in a payload', () => {
  it("do not reach another workspace's workflow in the same database", async () => {
    // The console's workspace (TCONSOLE) starts a scoping flow in the same database file.
    await chatSession(h.dbPath, '/isms setup\n/isms scope\n');
    const db = new Database(h.dbPath, { readonly: true });
    const other = db
      .prepare("select id, version from workflow_instances where team_id = 'TCONSOLE'")
      .get() as { id: string; version: number };
    db.close();
    expect(other).toBeDefined();
    const before = state();
    // alice's own modal, with its metadata pointing at the console's workflow.
    const opened = h.slack.callsTo('views.open').length;
    click(h.app.url, h.slack, alice, flowMessage(), 'scope.issues.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 8000, 'views.open');
    const view = open.args.view as { private_metadata: string };
    const forged = view.private_metadata.split(JSON.parse(view.private_metadata).i ?? '\0').join(other.id);
    expect(forged).toContain(other.id);
    const res = await submit(
      h.app.url,
      alice,
      { ...view, private_metadata: forged },
      {
        external: ['Forged'],
        internal: ['Forged'],
      },
    );
    expect(res.status).toBe(200);
    expect(state()).toEqual(before);
  });
});
