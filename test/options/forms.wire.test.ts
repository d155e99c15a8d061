/**
 * Data-sourced options and checked answers over Slack's wire protocol, against `isms start` in HTTP
 * mode: a signed `block_suggestion` answered with matching Annex A controls; a form answer that only
 * the workspace can judge (a date in the past) and answers of the wrong shape refused while the modal
 * is open (`response_action: errors`); role commands naming a user that cannot exist refused. Each
 * refusal changes nothing: the people and the workflow stay as they were, and the evidence gains at
 * most the record of a refused role change.
 */
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { blockSuggestion, interaction, slashCommand } from '../helpers/slack-request.ts';
import { type Answers, click, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // runs setup: ISMS owner

const h = useHttpApp();

/** What a refusal must leave untouched. */
function state() {
  const db = new Database(h.dbPath, { readonly: true });
  try {
    return {
      // The weekly evidence checkpoint is written by the scheduler on its own clock: set it aside.
      evidence: db.prepare("select count(*) from evidence where kind != 'evidence.checkpoint'").pluck().get(),
      people: db.prepare('select user_id, name, roles from people order by user_id').all(),
      flows: db.prepare('select id, step, version from workflow_instances order by id').all(),
      assets: db.prepare('select count(*) from assets').pluck().get(),
    };
  } finally {
    db.close();
  }
}

async function command(user: User, text: string): Promise<string> {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  const res = await slashCommand(h.app.url, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: h.slack.responseUrl(id),
  });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.id === id), 5000, `reply to ${text}`);
  return String(reply.body.text);
}

async function suggest(value: string, actionId = 'source:controls') {
  const res = await blockSuggestion(h.app.url, { actionId, value, user: alice.id });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { options: { text: { text: string }; value: string }[] };
  return body.options.map((o) => o.value);
}

let flowTs = '';
const flowMessage = () => {
  const m = latestMessage(h.slack, flowTs);
  if (!m) throw new Error('no flow message');
  return { channel: 'C1', ts: flowTs, blocks: m.blocks, text: m.text };
};

/** Click a form button and return the modal Slack was asked to open. */
async function openForm(user: User, actionId: string): Promise<Record<string, unknown>> {
  const opened = h.slack.callsTo('views.open').length;
  click(h.app.url, h.slack, user, flowMessage(), actionId);
  const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, 'views.open');
  return open.args.view as Record<string, unknown>;
}

async function advance(user: User, actionId: string, answers: Answers, title: RegExp) {
  const res = await submit(h.app.url, user, await openForm(user, actionId), answers);
  expect(res.status).toBe(200);
  await waitFor(() => title.test(flowMessage().text), 8000, `step ${title}`);
}

describe('options for a control picker (block_suggestion)', () => {
  it('answers an id, a prefix of a word and a word with the matching controls', async () => {
    expect((await suggest('A.8.2'))[0]).toBe('A.8.2');
    expect(await suggest('A.8.2')).toEqual(expect.arrayContaining(['A.8.20', 'A.8.24']));
    expect((await suggest('8.2'))[0]).toBe('A.8.2');
    expect(await suggest('crypto')).toContain('A.8.24');
    expect((await suggest('backup'))[0]).toBe('A.8.13');
    expect(await suggest('encryption')).toContain('A.8.24'); // the knowledge base's keywords
    expect(await suggest('zzqx')).toEqual([]);
  });

  it('answers the threat catalogue picker by id and by plain words', async () => {
    expect(await suggest('T-07', 'source:threats')).toEqual(['T-07']);
    expect(await suggest('ransomware', 'source:threats')).toContain('T-05');
    expect(await suggest('T-99', 'source:threats')).toEqual([]);
  });

  it('answers a source it does not know, or a malformed request, with no options', async () => {
    expect(await suggest('A.8.2', 'source:nothing')).toEqual([]);
    // Fields of the wrong shape (a user id no Slack user has, a query the size of a document).
    for (const f of [
      { user: `U${'A'.repeat(300)}`, value: 'backup' },
      { user: alice.id, value: 'backup '.repeat(1000) },
    ]) {
      const res = await blockSuggestion(h.app.url, { actionId: 'source:controls', ...f });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ options: [] });
    }
  });
});

describe('answers checked while the modal is open', () => {
  beforeAll(async () => {
    expect(await command(alice, 'setup')).toMatch(/ISMS owner/);
    await slashCommand(h.app.url, { text: 'scope', user_id: alice.id, user_name: alice.name });
    const post = await waitFor(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .find((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.issues.submit')),
      5000,
      'flow message',
    );
    flowTs = String(post.args.__ts);
  });

  it('refuses a list answer that is an object, not text, and stores nothing', async () => {
    const view = await openForm(alice, 'scope.issues.submit');
    const before = state();
    const res = await interaction(h.app.url, {
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: alice.id, username: alice.name, name: alice.name, team_id: 'T1' },
      api_app_id: 'A1',
      view: {
        ...view,
        id: 'V1',
        team_id: 'T1',
        state: {
          values: {
            external: { v: { type: 'plain_text_input', value: { toString: 'GDPR' } } },
            internal: { v: { type: 'plain_text_input', value: 'Small team' } },
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { external: expect.stringMatching(/not in a form I can read/) },
    });
    expect(state()).toEqual(before);
    expect(flowMessage().text).toMatch(/Step 1 of 5/);
  });

  it('refuses a select whose value is an object, and stores nothing', async () => {
    const opened = h.slack.callsTo('views.open').length;
    await slashCommand(h.app.url, {
      text: 'assets add',
      user_id: alice.id,
      user_name: alice.name,
      trigger_id: 'trigger-assets',
    });
    const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, 'asset form');
    const view = open.args.view as Record<string, unknown>;
    const select = (value: unknown) => ({ v: { type: 'static_select', selected_option: { value } } });
    const before = state();
    const res = await interaction(h.app.url, {
      type: 'view_submission',
      team: { id: 'T1', domain: 'acme' },
      user: { id: alice.id, username: alice.name, name: alice.name, team_id: 'T1' },
      api_app_id: 'A1',
      view: {
        ...view,
        id: 'V2',
        team_id: 'T1',
        state: {
          values: {
            name: { v: { type: 'plain_text_input', value: 'Customer database' } },
            type: select({ value: 'information' }),
            ownerId: { v: { type: 'users_select', selected_user: alice.id } },
            confidentiality: select('3'),
            integrity: select('3'),
            availability: select('2'),
          },
        },
      },
    });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { type: expect.stringMatching(/not in a form I can read/) },
    });
    expect(state()).toEqual(before);
  });

  it('refuses a review date in the past with a field error, then takes a future one', async () => {
    await advance(alice, 'scope.issues.submit', { external: ['GDPR'], internal: ['Small team'] }, /parties/);
    await advance(
      alice,
      'scope.parties.submit',
      { parties: ['Customers: DPA'], addressed: ['DPA'] },
      /Boundaries/,
    );
    await advance(
      alice,
      'scope.boundaries.submit',
      {
        organisation: 'Acme Ltd',
        units: ['Engineering'],
        locations: ['Remote, EU'],
        systems: ['AWS eu-west-1'],
        information: ['customer data'],
      },
      /Scope statement: edit/,
    );
    const statement =
      'The ISMS of Acme Ltd covers Engineering, working remotely in the EU, on AWS eu-west-1.';
    const view = await openForm(alice, 'scope.statement.submit');
    const reviewBy = (view.blocks as { block_id: string; element: { type: string } }[]).find(
      (b) => b.block_id === 'reviewBy',
    );
    expect(reviewBy?.element.type).toBe('datepicker');

    const before = state();
    const res = await submit(h.app.url, alice, view, { statement, reviewBy: '2020-01-31' });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { reviewBy: 'Review the scope by cannot be in the past.' },
    });
    expect(state()).toEqual(before);
    expect(flowMessage().text).toMatch(/Scope statement: edit/);

    const ok = await submit(h.app.url, alice, view, { statement, reviewBy: '2099-01-31' });
    expect(ok.status).toBe(200);
    await waitFor(() => /approval/.test(flowMessage().text), 8000, 'approval step');
    expect((state().evidence as number) - (before.evidence as number)).toBe(1);
  });
});

describe('role commands naming a user that cannot exist', () => {
  it('refuses an id of the wrong shape, and a mention whose label carries control characters', async () => {
    const before = state();
    const long = await command(alice, `roles add approver U${'A'.repeat(3000)}`);
    expect(long).toMatch(/^Usage: `\/isms roles add approver @person`/);
    const forged = await command(alice, 'roles add approver <@UMALLORY|bob\u0007\u001b[31m>');
    expect(forged).toMatch(/^Usage:/);
    const bidi = await command(alice, 'roles add management <@UMALLORY|\u202Eeilrahc>');
    expect(bidi).toMatch(/^Usage:/);
    // Nobody gained a role; each refused attempt is on the record, and only that.
    const after = state();
    expect(after.people).toEqual(before.people);
    expect(after.flows).toEqual(before.flows);
    const db0 = new Database(h.dbPath, { readonly: true });
    const kinds = db0
      .prepare("select kind from evidence where kind != 'evidence.checkpoint' order by seq desc limit 3")
      .pluck()
      .all();
    db0.close();
    expect((after.evidence as number) - (before.evidence as number)).toBe(3);
    expect(kinds).toEqual(['roles.refused', 'roles.refused', 'roles.refused']);

    // Someone else's attempt is refused and recorded, under their id, without the name's control characters.
    const eve = { id: 'UEVE', name: 'eve\u0007\u001b[2J' };
    expect(await command(eve, 'roles add approver <@UEVE|eve>')).toMatch(/Only the ISMS owner/);
    const db = new Database(h.dbPath, { readonly: true });
    const refused = db
      .prepare("select actor_id, actor_name from evidence where kind = 'roles.refused' order by seq desc")
      .get();
    db.close();
    expect(refused).toEqual({ actor_id: 'UEVE', actor_name: null });

    expect(state().people).toEqual(before.people);

    // The same command with a real mention still works.
    expect(await command(alice, 'roles add approver <@UBOB|bob>')).toMatch(/<@UBOB> now holds: approver/);
  });
});
