/**
 * The SoA review over Slack's wire protocol: `/isms soa review` signed as Slack signs it, the review
 * pages by DM to the ISMS owner (field errors in the modal for bad rows, nothing stored), a forged
 * submission refused, then top management's approval by DM making version 1, and a later review
 * showing what changed in version 2. The app runs in-process against the fake Slack Web API.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { CONTROLS } from '../../src/domain/catalog.ts';
import { type Ctx, systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { getSoa, listSoaVersions, setSoaEntry } from '../../src/domain/soa.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack, imOf } from '../helpers/fake-slack.ts';
import { testClock } from '../helpers/scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import { type Answers, click, findButton, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const bob: User = { id: 'UBOB', name: 'bob' };
const clock = testClock('2026-11-24T10:00:00.000Z');
const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
let db: Db;
let ctx: Ctx;
let app: IsmsApp;
let slack: RunningSlack;
let scheduler: Scheduler;
let base = '';
const LEFT = ['A.5.1', 'A.5.2', 'A.5.3', 'A.8.24'];

beforeAll(async () => {
  await fake.start();
  for (const u of [alice, mia, bob]) fake.users.set(u.id, { name: u.name, deleted: false, tz: 'UTC' });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: tempDbPath(),
    PORT: '0',
  });
  db = openDatabase(config.databasePath);
  ctx = { db, teamId: 'T1', clock };
  app = await createApp({ config, db, clock, logger });
  slack = await startSlack({ config, bot: app.bot, db, clock: systemClock, logger });
  base = `http://127.0.0.1:${slack.port}`;
  scheduler = createScheduler({
    db,
    clock,
    runtime: app.runtime,
    logger,
    messages: app.messages,
    deliver: (replies) =>
      deliver(slack.app.client, { channel: '', userId: '', teamId: 'T1' }, replies, logger),
  });
});
afterAll(async () => {
  await slack?.stop();
  await fake.stop();
  closeDatabase(db);
});

/** A slash command; its answer only to the person who typed it (response_url), if it has one. */
async function send(user: User, text: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  const res = await slashCommand(base, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: fake.responseUrl(id),
  });
  expect(res.status).toBe(200);
  return id;
}
async function command(user: User, text: string) {
  const id = await send(user, text);
  return waitFor(() => fake.responses.find((r) => r.id === id), 5000, text);
}
const copy = (channel: string, ts: string) => ({
  channel,
  ts,
  blocks: (latestMessage(fake, ts)?.blocks ?? []) as never[],
});
const evidence = () => listEvidence(ctx);
const row = (id: string) => getSoa(ctx).find((r) => r.controlId === id);

/** Open the step's form from message `m` as `user` and return the modal Slack was asked to open. */
async function openForm(user: User, m: ReturnType<typeof copy>, actionId: string) {
  const opened = fake.callsTo('views.open').length;
  click(base, fake, user, m, actionId);
  const open = await waitFor(() => fake.callsTo('views.open')[opened], 5000, 'views.open');
  return open.args.view as Record<string, unknown> & {
    blocks: { block_id: string; hint?: { text: string } }[];
  };
}

describe('SoA review over Slack', () => {
  let dmTs = '';
  let instanceId = '';
  let view: Awaited<ReturnType<typeof openForm>>;

  it('starts from /isms soa review and asks the ISMS owner by DM, page by page', async () => {
    await command(alice, 'setup');
    await command(alice, 'roles add management <@UMIA|mia>');
    createRisk(
      ctx,
      { userId: alice.id },
      {
        scenario: 'Backups readable by anyone with the bucket name',
        ownerId: alice.id,
        likelihood: 3,
        impact: 4,
        treatment: 'modify',
        controls: ['A.8.24'],
      },
    );
    for (const c of CONTROLS.filter((x) => !LEFT.includes(x.ref)))
      setSoaEntry(
        ctx,
        { userId: alice.id },
        {
          controlId: c.ref,
          applicable: true,
          reasons: ['business'],
          justification: 'Customers ask for it.',
          status: 'implemented',
        },
      );
    // `/isms soa` still shows the SoA itself.
    expect(String((await command(alice, 'soa undecided')).body.text)).toMatch(/3 undecided/);
    await send(alice, 'soa review');
    const dm = await waitFor(() => fake.postsTo(alice.id)[0], 5000, 'review DM');
    dmTs = String(dm.args.__ts);
    instanceId = app.runtime.list('T1', 'active').find((i) => i.flow === 'soa')?.id ?? '';
    expect(instanceId).toMatch(/^so-/);
    const text = JSON.stringify(latestMessage(fake, dmTs)?.blocks);
    expect(text).toContain('A.5 Organizational: controls 1–3 of 3');
    expect(text).toMatch(/A\.5\.1 Policies for information security: Written policies/);
    // The thread in the channel only says whom it waits for; the rows stay in the DM.
    const thread = await waitFor(
      () => fake.postsTo('C1').find((c) => /Waiting for/.test(String(c.args.text))),
      5000,
      'thread status',
    );
    expect(String(thread?.args.text)).toMatch(/Waiting for <@UALICE> — asked by DM/);
    expect(JSON.stringify(thread?.args.blocks)).not.toContain('A.5.1');
    expect(JSON.stringify(thread?.args.blocks)).not.toContain('soa.page.submit');
    // A second review while one runs is refused (one per workspace).
    expect(String((await command(alice, 'soa review')).body.text)).toMatch(/already running/);
  });

  it('shows each control with its summary in the modal, and refuses bad rows field by field', async () => {
    view = await openForm(alice, copy(imOf(alice.id), dmTs), 'soa.page.submit');
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids.filter((b) => b.endsWith(':applicable'))).toEqual([
      'A.5.1:applicable',
      'A.5.2:applicable',
      'A.5.3:applicable',
    ]);
    expect(view.blocks.length).toBe(18);
    expect(view.blocks[0]?.hint?.text).toMatch(/^Written policies.*legal, contractual or business reason/);
    const bad: Answers = {
      'A.5.1:applicable': 'no',
      'A.5.2:applicable': 'yes',
      'A.5.3:applicable': 'yes',
      'A.5.3:reasons': ['legal'],
      'A.5.3:justification': 'GDPR Art. 32',
      'A.5.3:owner': 'UNOBODY',
    };
    const res = await submit(base, alice, view, bad);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: {
        'A.5.1:justification': 'A.5.1: excluded without a justification.',
        'A.5.2:reasons': 'A.5.2: applicable with no risk and no legal, contractual or business reason.',
        'A.5.3:owner': expect.stringMatching(/not .*workspace|can't find/i),
      },
    });
    expect(LEFT.slice(0, 3).map((id) => row(id)?.applicable)).toEqual([null, null, null]);
  });

  it('saves a good page and moves on to the next theme, with the linked risk shown', async () => {
    const before = evidence().length;
    const res = await submit(base, alice, view, {
      'A.5.1:applicable': 'no',
      'A.5.1:justification': 'One policy document covers it (A.5.2)',
      'A.5.2:applicable': 'yes',
      'A.5.2:reasons': ['business', 'contractual'],
      'A.5.2:justification': 'Customer contracts name a security contact',
      'A.5.2:status': 'partial',
      'A.5.2:owner': alice.id,
      'A.5.2:evidence': 'wiki/security/roles',
      'A.5.3:applicable': 'yes',
      'A.5.3:reasons': ['legal'],
      'A.5.3:justification': 'GDPR Art. 32',
      'A.5.3:status': 'planned',
    });
    expect(res.status).toBe(200);
    await waitFor(
      () => JSON.stringify(latestMessage(fake, dmTs)?.blocks).includes('A.8 Technological'),
      5000,
      'page 2',
    );
    expect(row('A.5.1')).toMatchObject({
      applicable: false,
      justification: 'One policy document covers it (A.5.2)',
    });
    expect(row('A.5.2')).toMatchObject({
      applicable: true,
      reasons: ['business', 'contractual'],
      status: 'partial',
      ownerId: alice.id,
      evidenceRef: 'wiki/security/roles',
    });
    const set = evidence()
      .slice(before)
      .filter((e) => e.kind === 'soa.entry_set');
    expect(set.map((e) => e.subject)).toEqual(['soa:A.5.1', 'soa:A.5.2', 'soa:A.5.3']);
    // The old page's modal, submitted again, changes nothing.
    const again = await submit(base, alice, view, { 'A.5.1:applicable': 'yes', 'A.5.1:reasons': ['legal'] });
    expect(res.status).toBe(200);
    expect(await again.text()).toBe('');
    expect(row('A.5.1')?.applicable).toBe(false);
    view = await openForm(alice, copy(imOf(alice.id), dmTs), 'soa.page.submit');
    expect(view.blocks[0]?.hint?.text).toMatch(/Linked risks: R-001/);
  });

  it('refuses the page from someone it is not addressed to, and records it', async () => {
    await submit(base, bob, view, { 'A.8.24:applicable': 'no', 'A.8.24:justification': 'Not ours' });
    await waitFor(() => evidence().at(-1)?.kind === 'step.refused', 5000, 'refusal');
    expect(evidence().at(-1)).toMatchObject({ actorId: bob.id, data: { event: 'soa.page.submit' } });
    expect(row('A.8.24')?.status).toBeNull();
  });

  it('sends the SoA to top management by DM, who approve it as version 1', async () => {
    await submit(base, alice, view, { 'A.8.24:applicable': 'yes', 'A.8.24:status': 'partial' });
    // The next step is a new DM; the page's DM is updated to say it was done.
    const ready = await waitFor(
      () => fake.postsTo(alice.id).find((c) => /Every control has a decision/.test(String(c.args.text))),
      5000,
      'ready',
    );
    const readyTs = String(ready.args.__ts);
    expect(findButton(copy(imOf(alice.id), dmTs).blocks, 'soa.page.submit')).toBeUndefined();
    click(base, fake, alice, copy(imOf(alice.id), readyTs), 'soa.send');
    const ask = await waitFor(() => fake.postsTo(mia.id)[0], 5000, 'approval DM');
    const miaTs = String(ask.args.__ts);
    expect(JSON.stringify(latestMessage(fake, miaTs)?.blocks)).toContain(
      'First version: 92 applicable, 1 excluded',
    );
    // Nobody else is asked to approve.
    expect(fake.postsTo(bob.id)).toHaveLength(0);
    click(base, fake, mia, copy(imOf(mia.id), miaTs), 'soa.approve');
    await waitFor(() => app.runtime.get('T1', instanceId).status === 'done', 5000, 'approved');
    expect(listSoaVersions(ctx).map((v) => [v.version, v.approvedBy])).toEqual([[1, mia.id]]);
    expect(evidence().filter((e) => e.kind === 'soa.approved')).toHaveLength(1);
    expect(String((await command(bob, 'soa review show')).body.text)).toMatch(
      /version 1\* \(approved by <@UMIA>/,
    );
  });

  it('shows what changed in the next version', async () => {
    setSoaEntry(
      ctx,
      { userId: alice.id },
      {
        controlId: 'A.5.1',
        applicable: true,
        reasons: ['legal'],
        justification: 'The regulator asks for a written policy',
        status: 'planned',
      },
    );
    const posts = fake.postsTo(alice.id).length;
    await send(alice, 'soa review');
    const dm = await waitFor(() => fake.postsTo(alice.id)[posts], 5000, 'second review DM');
    const ts = String(dm.args.__ts);
    // Nothing is left to decide: straight to sending (or revisiting).
    expect(findButton(copy(imOf(alice.id), ts).blocks, 'soa.send')).toBeDefined();
    const asked = fake.postsTo(mia.id).length;
    click(base, fake, alice, copy(imOf(alice.id), ts), 'soa.send');
    const ask = await waitFor(() => fake.postsTo(mia.id)[asked], 5000, 'second approval DM');
    const shown = JSON.stringify(latestMessage(fake, String(ask.args.__ts))?.blocks);
    expect(shown).toContain('1 controls changed');
    expect(shown).toMatch(/A\.5\.1: applicable false → true; reasons — → legal/);
    // Reminded once after the workspace's delay, by the scheduler.
    clock.set('2026-11-26T10:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(fake.postsTo(mia.id).filter((c) => /Reminder/.test(String(c.args.text)))).toHaveLength(1);
    click(base, fake, mia, copy(imOf(mia.id), String(ask.args.__ts)), 'soa.approve');
    await waitFor(() => listSoaVersions(ctx).length === 2, 5000, 'version 2');
    const approved = evidence()
      .filter((e) => e.kind === 'soa.approved')
      .at(-1);
    const changes = (approved?.data as { changes: { controlId: string; field: string }[] } | undefined)
      ?.changes;
    expect(changes?.map((c) => `${c.controlId} ${c.field}`)).toEqual([
      'A.5.1 applicable',
      'A.5.1 reasons',
      'A.5.1 justification',
      'A.5.1 status',
    ]);
  });
});
