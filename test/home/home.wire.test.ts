/**
 * App Home over Slack's wire protocol: signed `app_home_opened` events and clicks from the Home tab
 * to `isms start` in HTTP mode; the fake Slack records `views.publish` and `views.open`.
 */
import { describe, expect, it } from 'vitest';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { eventCallback, interaction, slashCommand } from '../helpers/slack-request.ts';
import { submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // runs setup: ISMS owner
const bob: User = { id: 'UBOB', name: 'bob' };
const carol: User = { id: 'UCAROL', name: 'carol' };

const h = useHttpApp();

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value?: string };
  elements?: { action_id?: string; value?: string; text?: unknown }[];
};
const publishesTo = (user: User) =>
  h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user.id);
const blocksOf = (call: { args: Record<string, unknown> }) => (call.args.view as { blocks: Block[] }).blocks;
const textOf = (blocks: Block[]) => JSON.stringify(blocks);
/** Workflow instances as another process on the same database sees them. */
function instances() {
  const db = openDatabase(h.dbPath);
  try {
    return db.$client
      .prepare('select flow, started_by, channel, status from workflow_instances order by created_at')
      .all() as { flow: string; started_by: string; channel: string; status: string }[];
  } finally {
    closeDatabase(db);
  }
}

let events = 0;
async function openHome(user: User): Promise<Block[]> {
  const before = publishesTo(user).length;
  events += 1;
  const res = await eventCallback(h.app.url, `Ev-home-${events}`, {
    type: 'app_home_opened',
    user: user.id,
    channel: `D${user.id}`,
    tab: 'home',
    event_ts: `1700000100.${String(events).padStart(6, '0')}`,
  });
  expect(res.status).toBe(200);
  const call = await waitFor(() => publishesTo(user)[before], 5000, 'views.publish');
  return blocksOf(call);
}

async function command(user: User, text: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  await slashCommand(h.app.url, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: h.slack.responseUrl(id),
  });
  return waitFor(() => h.slack.responses.find((r) => r.id === id), 5000, `reply to ${text}`);
}

/** A button on the Home tab: section accessories and actions elements alike. */
function homeButton(blocks: Block[], actionId: string) {
  for (const b of blocks) {
    if (b.accessory?.action_id === actionId) return { ...b.accessory, block_id: b.block_id ?? '' };
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el) return { action_id: actionId, value: el.value, block_id: b.block_id ?? '' };
  }
  throw new Error(`no Home button ${actionId}`);
}

let clicks = 0;
/** A click on the Home tab as Slack sends it: a view container, no channel, no message, no response_url. */
function clickHome(user: User, blocks: Block[], actionId: string) {
  const b = homeButton(blocks, actionId);
  clicks += 1;
  const triggerId = `home-trigger-${clicks}`;
  const sent = interaction(h.app.url, {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: triggerId,
    container: { type: 'view', view_id: 'VHOME' },
    view: {
      id: 'VHOME',
      team_id: 'T1',
      type: 'home',
      blocks,
      private_metadata: '',
      callback_id: '',
      hash: 'h',
    },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: b.block_id,
        value: b.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
  return { sent, triggerId };
}

describe('App Home over Slack', () => {
  it('welcomes a new workspace with how to begin and an empty glance', async () => {
    const blocks = await openHome(carol);
    const text = textOf(blocks);
    expect(text).toContain('What waits for you');
    expect(text).toContain('/isms setup');
    expect(text).toContain('Your ISMS at a glance');
    expect(text).toContain('Scope:* not approved yet');
    expect(text).toContain('0 / 93 controls decided');
    expect(text).toContain('Management review:* none held yet');
    expect(text).toContain('*Reminders:*');
    // Nobody holds a role yet: no register figures to anyone.
    expect(text).not.toContain('rows likelihood, columns impact');
  });

  it('answers a Start button before setup by DM with what to do first, and starts nothing', async () => {
    const home = await openHome(carol);
    expect(homeButton(home, 'home.start.review').value).toBe('review');
    clickHome(carol, home, 'home.start.review');
    const dm = await waitFor(
      () => h.slack.postsTo(carol.id).find((c) => /\/isms setup/.test(String(c.args.text))),
      5000,
      'the DM saying why not',
    );
    expect(String(dm.args.text)).toContain('Run `/isms setup` in the ISMS channel first');
    expect(instances()).toEqual([]);
  });

  it('shows a workspace with data: my step first with its button, the heat map to ISMS roles only', async () => {
    await command(alice, 'setup');
    await slashCommand(h.app.url, {
      text: 'scope',
      user_id: alice.id,
      user_name: alice.name,
      response_url: h.slack.responseUrl('scope'),
    });
    await waitFor(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .find((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.issues.submit')),
      5000,
      'the scoping thread',
    );
    // Risks registered by another process on the same database (as an import would).
    const db = openDatabase(h.dbPath);
    const ctx = { db, teamId: 'T1', clock: { now: () => new Date() } };
    const owner = { userId: alice.id, name: alice.name };
    const base = {
      ownerId: bob.id,
      likelihood: 4,
      impact: 5,
      treatment: 'modify' as const,
      controls: ['A.5.17'],
    };
    createRisk(ctx, owner, {
      ...base,
      scenario: 'A phished password opens the admin console',
      residualLikelihood: 1,
      residualImpact: 2,
    });
    createRisk(ctx, owner, { ...base, scenario: 'Backups fail silently for weeks' });
    closeDatabase(db);

    const mine = await openHome(alice);
    const text = textOf(mine);
    expect(text).toContain('Context: external and internal issues');
    expect(homeButton(mine, 'scope.issues.submit').value).toMatch(/"s":"issues"/);
    expect(text).toContain('*Risks (6.1.2):* 2 open');
    expect(text).toContain('rows likelihood, columns impact');
    expect(text).toContain(':large_red_square:');

    // Bob has no role: he sees the acceptance he owes, not the register.
    const his = await openHome(bob);
    expect(textOf(his)).toContain('Accept or decline residual risk R-001');
    expect(textOf(his)).not.toContain('rows likelihood, columns impact');
    expect(textOf(his)).not.toContain('Context: external and internal issues');
    const opened = h.slack.callsTo('views.open').length;
    const { triggerId } = clickHome(bob, his, 'home.open');
    const modal = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, 'risk modal');
    expect(modal.args.trigger_id).toBe(triggerId);
    expect(JSON.stringify(modal.args.view)).toContain('A phished password opens the admin console');
  });

  it('opens the step from Home and publishes Home again, once, after the step moves', async () => {
    const home = await openHome(alice);
    const opened = h.slack.callsTo('views.open').length;
    const { triggerId } = clickHome(alice, home, 'scope.issues.submit');
    const form = await waitFor(() => h.slack.callsTo('views.open')[opened], 5000, 'step form');
    expect(form.args.trigger_id).toBe(triggerId);
    const before = publishesTo(alice).length;
    const res = await submit(h.app.url, alice, form.args.view as Record<string, unknown>, {
      external: ['Customers expect SOC 2 style assurance', 'EU data protection law'],
      internal: ['Small team of 40', 'Everything runs on one cloud provider'],
    });
    expect(res.status).toBe(200);
    const refreshed = await waitFor(
      () =>
        publishesTo(alice)
          .slice(before)
          .find((c) => textOf(blocksOf(c)).includes('Interested parties')),
      8000,
      'Home refreshed after the step moved',
    );
    expect(textOf(blocksOf(refreshed))).not.toContain('scope.issues.submit');
    // The step's evidence entries came in one burst: one publish, not one per entry.
    await new Promise((r) => setTimeout(r, 1500));
    expect(publishesTo(alice).length - before).toBe(1);
    // Bob, who also looked, is not given the step (it is not his). His Home is published again only
    // when something it shows changed (the scheduler may create the default reminders meanwhile):
    // never the same view twice in a row.
    const his = publishesTo(bob).map((c) => JSON.stringify(blocksOf(c)));
    expect(his.every((v) => !v.includes('scope.issues.submit'))).toBe(true);
    expect(his.every((v, i) => i === 0 || v !== his[i - 1])).toBe(true);
  });

  it('starts a workflow from its Start button in the ISMS channel, or tells the person why not', async () => {
    const home = await openHome(alice);
    clickHome(alice, home, 'home.start.review');
    const post = await waitFor(
      () =>
        h.slack
          .postsTo('C1')
          .find((c) => /Plan the management review/.test(JSON.stringify(c.args.blocks ?? c.args.text))),
      8000,
      'the review posted in the ISMS channel',
    );
    expect(JSON.stringify(post.args.blocks)).toContain('MR-2026-01');
    expect(instances().filter((i) => i.flow === 'review')).toEqual([
      { flow: 'review', started_by: alice.id, channel: 'C1', status: 'active' },
    ]);
    // Scoping runs already (one at a time): Bob's click starts nothing and his DM says why.
    const his = await openHome(bob);
    const dms = h.slack.postsTo(bob.id).length;
    clickHome(bob, his, 'home.start.scoping');
    const why = await waitFor(() => h.slack.postsTo(bob.id)[dms], 5000, 'the DM saying why not');
    expect(String(why.args.text)).toContain('This workflow is already running');
    expect(h.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === bob.id)).toEqual([]);
    expect(instances().filter((i) => i.flow === 'scoping')).toHaveLength(1);
  });
});
