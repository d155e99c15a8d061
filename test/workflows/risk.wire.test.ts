/**
 * The risk flow over Slack's wire protocol with a clock the test moves: the app runs in-process (the
 * same createApp + startSlack as `isms start`), requests are signed as Slack signs them and POSTed to
 * its /slack/events, and the fake Slack Web API records what it was sent. From `/isms risk new` to an
 * acceptance by the risk owner by DM and then by top management, with bad answers refused inside the
 * modal (nothing stored), a forged click refused, and the re-review DM before the expiry.
 */
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { getRisk } from '../../src/domain/risk/views.ts';
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
const ron: User = { id: 'URON', name: 'ron' }; // risk owner
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const bob: User = { id: 'UBOB', name: 'bob' }; // no role
const clock = testClock('2026-12-01T10:00:00.000Z');
const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
const dbPath = tempDbPath();
let db: Db;
let app: IsmsApp;
let slack: RunningSlack;
let scheduler: Scheduler;
let base = '';

beforeAll(async () => {
  await fake.start();
  for (const u of [alice, ron, mia, bob]) fake.users.set(u.id, { team_id: 'T1', tz: 'UTC' });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: dbPath,
    PORT: '0',
  });
  db = openDatabase(config.databasePath);
  app = await createApp({ config, db, clock, logger });
  // Slack's transport (signature timestamps, replay claims) keeps real time; the ISMS runs on the test's.
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

async function command(user: User, text: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  await slashCommand(base, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: fake.responseUrl(id),
  });
  return waitFor(() => fake.responses.find((r) => r.id === id), 5000, text);
}
const copy = (channel: string, ts: string) => ({
  channel,
  ts,
  blocks: (latestMessage(fake, ts)?.blocks ?? []) as never[],
});
const text = (ts: string) => JSON.stringify(latestMessage(fake, ts) ?? {});
const evidence = () => listEvidence({ db, teamId: 'T1', clock });
const risk = () => getRisk({ db, teamId: 'T1', clock }, 'R-001');

/** What a refused answer must leave untouched. */
function counts() {
  const ro = new Database(dbPath, { readonly: true });
  try {
    const n = (table: string) => ro.prepare(`select count(*) from ${table}`).pluck().get();
    return {
      evidence: ro.prepare("select count(*) from evidence where kind != 'evidence.checkpoint'").pluck().get(),
      assets: n('assets'),
      risks: n('risks'),
      versions: n('risk_versions'),
      actions: n('treatment_actions'),
      acceptances: n('risk_acceptances'),
      flows: ro.prepare('select step, version from workflow_instances').all(),
    };
  } finally {
    ro.close();
  }
}

let threadTs = '';
const thread = () => copy('C1', threadTs);

/** Click a form button on a message and return the modal Slack was asked to open. */
async function openForm(user: User, m: ReturnType<typeof copy>, actionId: string) {
  const opened = fake.callsTo('views.open').length;
  click(base, fake, user, m, actionId);
  const open = await waitFor(() => fake.callsTo('views.open')[opened], 5000, `${actionId} form`);
  return open.args.view as Record<string, unknown>;
}

/** Submit answers that are refused: the field errors come back and nothing is stored. */
async function refused(user: User, m: ReturnType<typeof copy>, actionId: string, answers: Answers) {
  const view = await openForm(user, m, actionId);
  const before = counts();
  const res = await submit(base, user, view, answers);
  const body = (await res.json()) as { response_action?: string; errors?: Record<string, string> };
  expect(body.response_action).toBe('errors');
  expect(counts()).toEqual(before);
  return { errors: body.errors ?? {}, view };
}

async function fill(
  user: User,
  m: ReturnType<typeof copy>,
  actionId: string,
  answers: Answers,
  next: RegExp,
) {
  const res = await submit(base, user, await openForm(user, m, actionId), answers);
  expect(res.status).toBe(200);
  await waitFor(() => next.test(text(threadTs)), 8000, `after ${actionId}`);
}

describe('a risk from /isms risk new to its acceptance, over Slack', () => {
  it('starts one flow per risk named R-001 from the counter, for ISMS roles only', async () => {
    await command(alice, 'setup');
    await command(alice, 'roles add management <@UMIA|mia>');
    expect(String((await command(alice, 'risk')).body.text)).toMatch(/^Usage: `\/isms risk new`/);
    expect(String((await command(alice, 'risk frob')).body.text)).toMatch(/^Usage:/);
    expect(String((await command(bob, 'risk new')).body.text)).toMatch(/Only people with an ISMS role/);
    await slashCommand(base, { text: 'risk new', user_id: alice.id, user_name: alice.name });
    const post = await waitFor(
      () =>
        fake.postsTo('C1').find((c) => JSON.stringify(c.args.blocks ?? '').includes('risk.identify.submit')),
      5000,
      'flow message',
    );
    threadTs = String(post.args.__ts);
    const [instance] = app.runtime.list('T1', 'active');
    expect(instance).toMatchObject({ flow: 'risk', subject: 'R-001' });
  });

  it('adds an asset inline, refusing an owner who is not in the workspace', async () => {
    const asset = {
      name: 'Customer database',
      type: 'information',
      confidentiality: '3',
      integrity: '3',
      availability: '2',
    };
    const { errors } = await refused(alice, thread(), 'risk.asset.add', { ...asset, ownerId: 'UGHOST' });
    expect(errors.ownerId).toMatch(/not \(or no longer\) in this workspace/);
    await fill(alice, thread(), 'risk.asset.add', { ...asset, ownerId: ron.id }, /Customer database \(new\)/);
  });

  it('refuses an empty scenario, then identifies the risk', async () => {
    const { errors } = await refused(alice, thread(), 'risk.identify.submit', { threat: 'Ransomware' });
    expect(errors.scenario).toMatch(/Describe the scenario in plain words/);
    await fill(
      alice,
      thread(),
      'risk.identify.submit',
      {
        title: 'Ransomware',
        threat: 'Ransomware delivered by phishing',
        vulnerability: 'No offline backups',
      },
      /Analyse: likelihood, impact and owner/,
    );
    expect(text(threadTs)).toMatch(/Threats in the catalogue like this one\*\\n• T-05 Ransomware/);
  });

  it('shows each level with its description, refuses a likelihood off the scale, and evaluates', async () => {
    const { errors, view } = await refused(alice, thread(), 'risk.analyse.submit', {
      likelihood: '9',
      impact: '4',
      ownerId: ron.id,
    });
    expect(errors.likelihood).toMatch(/not one of the options for Likelihood/);
    const likelihood = (view.blocks as { block_id: string; element: { options: unknown[] } }[]).find(
      (b) => b.block_id === 'likelihood',
    );
    expect(likelihood?.element.options[3]).toMatchObject({
      value: '4',
      text: { text: '4 Likely' },
      description: { text: 'Expected about once a year; we have seen attempts or near misses.' },
    });
    await fill(
      alice,
      thread(),
      'risk.analyse.submit',
      { likelihood: '4', impact: '4', ownerId: ron.id },
      /Evaluate/,
    );
    expect(text(threadTs)).toMatch(/:large_orange_square: \*High\* \(likelihood 4 Likely × impact 4 Major\)/);
    expect(text(threadTs)).toMatch(/risk owner, then top management, for at most 90 days/);
    click(base, fake, alice, thread(), 'risk.evaluate.confirm');
    await waitFor(() => /Treat the risk/.test(text(threadTs)), 5000, 'treat');
  });

  it('refuses an unknown control and a due date in the past; plans the treatment', async () => {
    const unknown = await refused(alice, thread(), 'risk.treat.submit', {
      treatment: 'modify',
      controls: ['A.9.99'],
    });
    expect(unknown.errors.controls).toMatch(/not one of the options for Annex A controls/);
    const none = await refused(alice, thread(), 'risk.treat.submit', { treatment: 'modify', controls: [] });
    expect(none.errors.controls).toMatch(/at least one Annex A control/);
    await fill(
      alice,
      thread(),
      'risk.treat.submit',
      { treatment: 'modify', controls: ['A.8.13'] },
      /Treatment actions/,
    );
    const past = await refused(alice, thread(), 'risk.action.add', {
      title: 'Offline backups',
      ownerId: ron.id,
      dueOn: '2026-11-30',
    });
    expect(past.errors.dueOn).toMatch(/cannot be in the past/);
    await fill(
      alice,
      thread(),
      'risk.action.add',
      { title: 'Offline backups', ownerId: ron.id, dueOn: '2027-01-15' },
      /Offline backups: <@URON>, due 2027-01-15/,
    );
    click(base, fake, alice, thread(), 'risk.actions.done');
    await waitFor(() => /Residual risk/.test(text(threadTs)), 5000, 'residual');
  });

  let ronDm = '';
  it('asks the risk owner by DM with the risk in full; the thread says whom it waits for', async () => {
    await fill(
      alice,
      thread(),
      'risk.residual.submit',
      { residualLikelihood: '3', residualImpact: '4' },
      /Waiting for <@URON>/,
    );
    const dm = await waitFor(() => fake.postsTo(ron.id)[0], 5000, 'DM to the risk owner');
    ronDm = String(dm.args.__ts);
    const shown = text(ronDm);
    for (const part of [
      'Acceptance by the risk owner',
      'Threat: Ransomware delivered by phishing',
      'Inherent level',
      'Residual level',
      ':large_orange_square: *High* (likelihood 3 Possible × impact 4 Major)',
      'A.8.13',
      'Offline backups',
      'by <@UALICE>',
    ])
      expect(shown).toContain(part);
    expect(findButton(copy(imOf(ron.id), ronDm).blocks, 'risk.accept')).toBeDefined();
    expect(fake.postsTo(mia.id)).toHaveLength(0);
    expect(risk()).toMatchObject({
      version: 1,
      controls: ['A.8.13'],
      acceptance: { state: 'pending_owner' },
    });
  });

  it('refuses someone else clicking Accept on the owner’s DM, and records it', async () => {
    const { responseId } = click(base, fake, bob, copy(imOf(ron.id), ronDm), 'risk.accept');
    const no = await waitFor(() => fake.responses.find((r) => r.id === responseId), 5000, 'refusal');
    expect(String(no.body.text)).toMatch(/Only <@URON> can do this step.*recorded/);
    expect(evidence().at(-1)).toMatchObject({
      kind: 'step.refused',
      actorId: bob.id,
      data: { event: 'risk.accept' },
    });
  });

  it('takes the owner’s acceptance within the criteria, then asks top management by DM', async () => {
    const accept = { justification: 'Acceptable with offline backups.', confirm: 'yes' };
    const far = await refused(ron, copy(imOf(ron.id), ronDm), 'risk.accept', {
      ...accept,
      expiresOn: '2027-06-01',
    });
    expect(far.errors.expiresOn).toMatch(/at the latest 2027-03-01 \(90 days for High\)/);
    const short = await refused(ron, copy(imOf(ron.id), ronDm), 'risk.accept', {
      expiresOn: '2027-02-15',
      confirm: 'yes',
      justification: 'ok',
    });
    expect(short.errors.justification).toMatch(/at least 10 characters/);
    const res = await submit(base, ron, await openForm(ron, copy(imOf(ron.id), ronDm), 'risk.accept'), {
      ...accept,
      expiresOn: '2027-02-15',
    });
    expect(res.status).toBe(200);
    const miaDm = await waitFor(() => fake.postsTo(mia.id)[0], 5000, 'DM to management');
    expect(text(String(miaDm.args.__ts))).toMatch(
      /Acceptance by top management[\s\S]*Accepted until 2027-02-15 by <@URON>/,
    );
    await waitFor(() => /Decided by <@URON>/.test(text(ronDm)), 5000, 'owner DM updated');
    expect(findButton(copy(imOf(ron.id), ronDm).blocks, 'risk.accept')).toBeUndefined();
    expect(risk().acceptance.state).toBe('pending_management');

    const decided = await submit(
      base,
      mia,
      await openForm(mia, copy(imOf(mia.id), String(miaDm.args.__ts)), 'risk.accept'),
      {
        justification: 'Agreed until the next review.',
        expiresOn: '2027-02-15',
        confirm: 'yes',
      },
    );
    expect(decided.status).toBe(200);
    await waitFor(() => /Residual risk accepted/.test(text(threadTs)), 5000, 'accepted');
    expect(risk().acceptances.map((a) => [a.role, a.decidedBy, a.residualLevel, a.expiresOn])).toEqual([
      ['owner', 'URON', 'high', '2027-02-15'],
      ['management', 'UMIA', 'high', '2027-02-15'],
    ]);
    expect(risk().acceptance.state).toBe('accepted');
  });

  it('asks the owner to re-review by DM 30 days before the expiry, then reminds and escalates', async () => {
    const dms = () => fake.postsTo(ron.id).length;
    const before = dms();
    clock.set('2027-01-16T08:59:00.000Z');
    await scheduler.tick();
    expect(dms()).toBe(before);
    clock.set('2027-01-16T09:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(dms()).toBe(before + 1);
    const review = fake.postsTo(ron.id).at(-1);
    expect(text(String(review?.args.__ts))).toMatch(
      /Re-review: the acceptance in force expires on 2027-02-15/,
    );
    expect(app.runtime.list('T1', 'active')[0]?.step).toBe('ownerAcceptance');
    clock.set('2027-01-19T09:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(fake.postsTo(ron.id).filter((c) => /Reminder/.test(String(c.args.text)))).toHaveLength(1);
    clock.set('2027-01-23T09:00:00.000Z');
    await scheduler.tick();
    const escalation = fake.postsTo('C1').filter((c) => /Escalation/.test(String(c.args.text)));
    expect(escalation).toHaveLength(1);
    expect(String(escalation[0]?.args.text)).toMatch(/<@URON>.*<@UALICE>/);
  });

  it('shows the risk with its decisions and history to its owner, and refuses anyone else', async () => {
    const shown = JSON.stringify((await command(ron, 'risk show R-001')).body);
    expect(shown).toContain('R-001 Ransomware');
    expect(shown).toContain('v1 2026-12-01 by <@UALICE>');
    expect(shown).toMatch(/accepted by <@UMIA> as top management/);
    expect(String((await command(bob, 'risk show R-001')).body.text)).toMatch(/Only ISMS roles and auditors/);
    // Whether a risk exists is not told to someone who may not see it.
    expect(String((await command(bob, 'risk show R-999')).body.text)).toMatch(/Only ISMS roles and auditors/);
    expect(String((await command(alice, 'risk show R-999')).body.text)).toMatch(/There is no risk R-999/);
    // A risk whose flow is on a step already is not started twice.
    expect(String((await command(ron, 'risk reassess R-001')).body.text)).toMatch(
      /R-001 is being worked on already \(at \*Acceptance by the risk owner\*/,
    );
  });
});
