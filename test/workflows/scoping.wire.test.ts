/**
 * Scoping end to end over Slack's wire protocol: signed slash commands, button clicks, modals and
 * view submissions against `isms start` in HTTP mode, with a `kill -9` in the middle of the flow.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { waitFor } from '../helpers/app-process.ts';
import { imOf } from '../helpers/fake-slack.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import { type Answers, click, findButton, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // runs setup: ISMS owner
const bob: User = { id: 'UBOB', name: 'bob' };

const h = useHttpApp({}, { restarts: true });

let flowTs = '';
const flowMessage = () => {
  const m = latestMessage(h.slack, flowTs);
  if (!m) throw new Error('no flow message');
  return { channel: 'C1', ts: flowTs, blocks: m.blocks, text: m.text };
};
const updatesSoFar = () => h.slack.callsTo('chat.update').length;

async function command(user: User, text: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  const res = await slashCommand(h.app.url, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: h.slack.responseUrl(id),
  });
  expect(res.status).toBe(200);
  return id;
}

/** Click a step's form button, get the modal, submit answers; returns the HTTP response of the submission. */
async function fillForm(user: User, actionId: string, answers: Answers) {
  const opened = h.slack.callsTo('views.open').length;
  const { triggerId } = click(h.app.url, h.slack, user, flowMessage(), actionId);
  const open = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, 'views.open');
  expect(open.args.trigger_id).toBe(triggerId);
  return submit(h.app.url, user, open.args.view as Record<string, unknown>, answers);
}

async function submitAndWait(user: User, actionId: string, answers: Answers, expectTitle: RegExp) {
  const before = updatesSoFar();
  const res = await fillForm(user, actionId, answers);
  expect(res.status).toBe(200);
  await waitFor(
    () => updatesSoFar() > before && expectTitle.test(flowMessage().text),
    8000,
    `step ${expectTitle}`,
  );
}

describe('scoping over Slack', () => {
  it('runs from /isms setup to the owner approving the scope, surviving kill -9', async () => {
    const setupId = await command(alice, 'setup');
    const setup = await waitFor(() => h.slack.responses.find((r) => r.id === setupId), 5000, 'setup reply');
    expect(String(setup.body.text)).toMatch(/ISMS owner/);

    await command(bob, 'scope');
    const post = await waitFor(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .find((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.issues.submit')),
      5000,
      'flow message',
    );
    flowTs = String(post.args.__ts);
    expect(flowMessage().text).toMatch(/external and internal issues \(Step 1 of 5\)/);

    // 4.1 — invalid first (nothing filled in): errors come back in the ack, nothing moves.
    const invalid = await fillForm(bob, 'scope.issues.submit', { external: '', internal: 'Small team' });
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toEqual({
      response_action: 'errors',
      errors: { external: expect.stringMatching(/required/) },
    });
    expect(flowMessage().text).toMatch(/Step 1 of 5/);
    const staleIssues = flowMessage();
    await submitAndWait(
      bob,
      'scope.issues.submit',
      { external: ['Customers ask for ISO 27001', 'GDPR'], internal: ['Ten engineers'] },
      /Interested parties/,
    );

    // A click on the old step's button changes nothing and says so.
    const { responseId } = click(h.app.url, h.slack, bob, staleIssues, 'scope.issues.submit');
    const stale = await waitFor(
      () => h.slack.responses.find((r) => r.id === responseId),
      5000,
      'stale reply',
    );
    expect(String(stale.body.text)).toMatch(/moved on/);

    // 4.2 — a line without "Party: requirement" is refused with the field's own message.
    const badParty = await fillForm(bob, 'scope.parties.submit', {
      parties: ['Customers want uptime'],
      addressed: ['Uptime'],
    });
    expect(await badParty.json()).toMatchObject({
      response_action: 'errors',
      errors: { parties: 'Write each line as "Party: requirement".' },
    });
    await submitAndWait(
      bob,
      'scope.parties.submit',
      { parties: ['Customers: DPA and uptime', 'Regulator: GDPR'], addressed: ['DPA', 'GDPR'] },
      /Boundaries/,
    );

    // The process dies without warning, mid-flow; a new one on the same database carries on.
    await h.restart('SIGKILL');
    await submitAndWait(
      bob,
      'scope.boundaries.submit',
      {
        organisation: 'Acme Ltd',
        units: ['Engineering', 'Support'],
        locations: ['Remote, EU'],
        systems: ['AWS eu-west-1 production'],
        information: ['customer data', 'source code'],
        interfaces: ['Payroll provider'],
        exclusions: ['Office Wi-Fi — no production access'],
      },
      /Scope statement: edit/,
    );
    expect(JSON.stringify(flowMessage().blocks)).toContain('Acme Ltd');

    // Only the owner may edit and approve: bob is refused, told who can, and the attempt recorded.
    const refused = click(h.app.url, h.slack, bob, flowMessage(), 'scope.statement.submit');
    const no = await waitFor(
      () => h.slack.responses.find((r) => r.id === refused.responseId),
      5000,
      'refusal',
    );
    expect(String(no.body.text)).toMatch(/Only the ISMS owner \(<@UALICE>\)/);

    const statement =
      'The ISMS of Acme Ltd covers Engineering and Support, working remotely in the EU, on AWS eu-west-1 production.';
    await submitAndWait(alice, 'scope.statement.submit', { statement }, /approval.*Waiting for <@UALICE>/);
    // Nobody holds top management, so the ISMS owner is asked, by DM; the thread shows one status line.
    expect(findButton(flowMessage().blocks, 'scope.approve')).toBeUndefined();
    const dm = await waitFor(() => h.slack.postsTo(alice.id).at(-1), 5000, 'approval DM');
    const dmMessage = () => {
      const m = latestMessage(h.slack, String(dm.args.__ts));
      return {
        channel: imOf(alice.id),
        ts: String(dm.args.__ts),
        blocks: m?.blocks ?? [],
        text: m?.text ?? '',
      };
    };
    expect(JSON.stringify(dm.args.blocks)).toContain(statement);
    const refusedApproval = click(h.app.url, h.slack, bob, dmMessage(), 'scope.approve');
    const noApproval = await waitFor(
      () => h.slack.responses.find((r) => r.id === refusedApproval.responseId),
      5000,
      'approval refusal',
    );
    expect(String(noApproval.body.text)).toMatch(/Only the ISMS owner \(<@UALICE>\).*recorded/);
    const before = updatesSoFar();
    click(h.app.url, h.slack, alice, dmMessage(), 'scope.approve');
    await waitFor(() => updatesSoFar() > before && /Complete/.test(flowMessage().text), 8000, 'approved');
    await waitFor(
      () =>
        /Complete/.test(dmMessage().text) && findButton(dmMessage().blocks, 'scope.approve') === undefined,
      5000,
      'DM updated',
    );
    expect(JSON.stringify(dmMessage().blocks)).toContain('Decided by <@UALICE>');

    const db = new Database(h.dbPath, { readonly: true });
    const scope = db.prepare('select team_id, version, statement, approved_by from scope_versions').all();
    const evidence = db
      .prepare(
        "select kind, actor_id, actor_name, step, channel, permalink from evidence where team_id = 'T1' order by seq",
      )
      .all() as Record<string, string>[];
    db.close();
    expect(scope).toEqual([{ team_id: 'T1', version: 1, statement, approved_by: 'UALICE' }]);
    // The weekly evidence checkpoint (posted by the scheduler once setup named the ISMS channel) aside:
    const decisions = evidence.filter((e) => e.kind !== 'evidence.checkpoint');
    expect(decisions.map((e) => `${e.kind}:${e.actor_id}`)).toEqual([
      'roles.owner_claimed:UALICE',
      'workflow.started:UBOB',
      'step.submitted:UBOB',
      'step.submitted:UBOB',
      'step.submitted:UBOB',
      'step.completed:system',
      'step.refused:UBOB',
      'step.submitted:UALICE',
      'step.refused:UBOB',
      'step.decided:UALICE',
      'scope.approved:UALICE',
      'workflow.completed:system',
    ]);
    const approved = evidence.find((e) => e.kind === 'scope.approved');
    expect(approved).toMatchObject({
      actor_name: 'alice',
      channel: 'C1',
      permalink: expect.stringContaining('/archives/C1/p'),
    });

    const showId = await command(bob, 'scope show');
    const show = await waitFor(() => h.slack.responses.find((r) => r.id === showId), 5000, 'scope show');
    expect(String(show.body.text)).toContain(statement);

    // The chain as `isms evidence verify` checks it (the command itself: test/evidence).
    const check = openDatabase(h.dbPath);
    expect(verifyEvidence(check)).toMatchObject({ ok: true });
    closeDatabase(check);
  });
});
