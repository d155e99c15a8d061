/**
 * A person who leaves strands no step, over Slack's wire protocol: a signed `user_change` saying the
 * approver's account was deactivated sends the waiting approval to the ISMS owner by DM (the thread
 * says so); the owner hands it to someone else with `/isms flows handover`, who decides.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack, imOf } from '../helpers/fake-slack.ts';
import { formEvent, testClock } from '../helpers/scoping-run.ts';
import { eventCallback, SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import { click, findButton, latestMessage, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const bob: User = { id: 'UBOB', name: 'bob' }; // takes over
const clock = testClock('2026-11-24T10:00:00.000Z');
const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
let db: Db;
let app: IsmsApp;
let slack: RunningSlack;
let scheduler: Scheduler;
let base = '';

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: tempDbPath(),
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
const clickReply = async (
  user: User,
  m: { channel: string; ts: string; blocks: never[] },
  action: string,
) => {
  const { responseId } = click(base, fake, user, m, action);
  return waitFor(() => fake.responses.find((r) => r.id === responseId), 5000, `${action} reply`);
};
const copy = (channel: string, ts: string) => ({
  channel,
  ts,
  blocks: (latestMessage(fake, ts)?.blocks ?? []) as never[],
});
const evidence = () => listEvidence({ db, teamId: 'T1', clock });

const deactivate = (user: User, deleted: boolean, eventId: string) =>
  eventCallback(base, eventId, {
    type: 'user_change',
    user: { id: user.id, team_id: 'T1', name: user.name, deleted },
    event_ts: '1700000000.000100',
  });
const dmsTo = (user: User) => fake.postsTo(user.id).filter((c) => c.args.blocks);

describe('a person who leaves', () => {
  let instanceId = '';

  it('hands the approval waiting for a deactivated approver to the ISMS owner, by DM and in the thread', async () => {
    await command(alice, 'setup');
    await command(alice, 'roles add management <@UMIA|mia>');
    const started = await app.runtime.start({
      teamId: 'T1',
      flow: 'scoping',
      actor: { userId: alice.id, name: alice.name },
      channel: 'C1',
    });
    instanceId = started.id;
    for (const step of ['issues', 'parties', 'boundaries', 'review'])
      await app.runtime.send({
        teamId: 'T1',
        instanceId,
        event: formEvent(step),
        actor: { userId: alice.id, name: alice.name },
      });
    await scheduler.tick();
    expect(dmsTo(mia)).toHaveLength(1);
    expect(dmsTo(alice)).toHaveLength(0);

    // A profile edit is not a departure: nothing changes, nothing is recorded.
    expect((await deactivate(mia, false, 'Ev-edit')).status).toBe(200);
    await scheduler.tick();
    expect(evidence().filter((e) => e.kind === 'person.left')).toHaveLength(0);

    expect((await deactivate(mia, true, 'Ev-left')).status).toBe(200);
    await waitFor(() => dmsTo(alice).length === 1, 5000, 'the owner asked by DM');
    const dm = dmsTo(alice)[0];
    expect(findButton(copy(imOf(alice.id), String(dm?.args.__ts)).blocks, 'scope.approve')).toBeDefined();
    await waitFor(
      () => fake.postsTo('C1').find((c) => /<@UMIA> has left the workspace/.test(String(c.args.text))),
      5000,
      'thread notice',
    );
    expect(evidence().filter((e) => e.kind === 'person.left')).toMatchObject([{ subject: mia.id }]);
    // Slack retries and repeats: a second identical change records nothing more and asks nobody twice.
    await deactivate(mia, true, 'Ev-left-again');
    await scheduler.tick();
    expect(evidence().filter((e) => e.kind === 'person.left')).toHaveLength(1);
    expect(dmsTo(alice)).toHaveLength(1);
  });

  it('lets only the ISMS owner hand the step on, and refuses bad input without changing anything', async () => {
    const refused = await command(bob, `flows handover ${instanceId} <@UBOB|bob>`);
    expect(String(refused.body.text)).toMatch(/Only the ISMS owner can hand a step/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'step.refused', actorId: bob.id });
    const bad = await command(alice, `flows handover ${instanceId} bob`);
    expect(String(bad.body.text)).toMatch(/Mention the person/);
    const gone = await command(alice, `flows handover ${instanceId} <@UMIA|mia>`);
    expect(String(gone.body.text)).toMatch(/has left the workspace: pick someone else/);
    expect(evidence().filter((e) => e.kind === 'step.handed-over')).toHaveLength(0);
  });

  it('hands the step to the person the owner names, who decides; the owner no longer can', async () => {
    const ok = await command(alice, `flows handover ${instanceId} <@UBOB|bob> mia left, bob is the new CEO`);
    expect(String(ok.body.text)).toMatch(/Handed the step/);
    expect(evidence().filter((e) => e.kind === 'step.handed-over')).toMatchObject([
      { actorId: alice.id, data: { to: bob.id, from: [alice.id], reason: 'mia left, bob is the new CEO' } },
    ]);
    await waitFor(() => dmsTo(bob).length === 1, 5000, 'bob asked by DM');
    const aliceDm = copy(imOf(alice.id), String(dmsTo(alice)[0]?.args.__ts));
    const no = await clickReply(alice, aliceDm, 'scope.approve');
    expect(String(no.body.text)).toMatch(/Only <@UBOB>/);
    const bobDm = copy(imOf(bob.id), String(dmsTo(bob)[0]?.args.__ts));
    click(base, fake, bob, bobDm, 'scope.approve');
    await waitFor(() => app.runtime.get('T1', instanceId).status === 'done', 5000, 'approved');
    expect(evidence().find((e) => e.kind === 'scope.approved')).toMatchObject({ actorId: bob.id });
  });
});
