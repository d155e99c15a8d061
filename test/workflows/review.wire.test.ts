/**
 * A management review over Slack's wire protocol, with a clock the test moves: the app runs in-process
 * (createApp + startSlack, as `isms start`), requests are signed as Slack signs them and POSTed to its
 * /slack/events, and the fake Slack Web API records what it was sent. From `/isms review` to approved
 * minutes: input tasks by DM in parallel (reminded once, a forged click refused), each answer reaching
 * the review once, the meeting in the review's thread, decisions, an action item reminded before its
 * due date and escalated after it.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/context.ts';
import { listEvidence, verifyEvidence } from '../../src/domain/evidence.ts';
import { INPUTS } from '../../src/domain/review-agenda.ts';
import { findReview, openReviewActions } from '../../src/domain/reviews.ts';
import { exportMinutes } from '../../src/exports/review-minutes.ts';
import { createScheduler, type Scheduler } from '../../src/scheduler/index.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack, imOf } from '../helpers/fake-slack.ts';
import { testClock } from '../helpers/scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import { type Answers, click, findButton, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner, plans the review
const mia: User = { id: 'UMIA', name: 'mia' }; // top management, chairs it
const dana: User = { id: 'UDANA', name: 'dana' }; // data inputs, feedback
const erik: User = { id: 'UERIK', name: 'erik' }; // performance inputs
const bob: User = { id: 'UBOB', name: 'bob' };
const clock = testClock('2026-12-01T10:00:00.000Z'); // a Tuesday
const fake = new FakeSlack();
const logger = pino({ level: 'silent' });
let db: Db;
let app: IsmsApp;
let slack: RunningSlack;
let scheduler: Scheduler;
let base = '';
let reviewTs = '';

beforeAll(async () => {
  await fake.start();
  for (const u of [alice, mia, dana, erik, bob])
    fake.users.set(u.id, { team_id: 'T1', deleted: false, is_bot: false, tz: 'UTC', name: u.name });
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
  return waitFor(() => fake.responses.find((r) => r.id === id), 8000, text);
}
const copy = (channel: string, ts: string) => ({
  channel,
  ts,
  blocks: (latestMessage(fake, ts)?.blocks ?? []) as never[],
});
const review = () => copy('C1', reviewTs);
/** The newest DM to `user` that carries a button for `action`. */
function dmWith(user: User, action: string) {
  const posts = fake.postsTo(user.id).map((c) => copy(imOf(user.id), String(c.args.__ts)));
  return posts.reverse().find((m) => findButton(m.blocks, action));
}
const evidence = () => listEvidence({ db, teamId: 'T1', clock });
const reviewInstance = () => app.runtime.list('T1').find((i) => i.flow === 'review');

async function press(
  user: User,
  m: { channel: string; ts: string; blocks: never[] } | undefined,
  action: string,
) {
  if (!m) throw new Error(`no message with ${action}`);
  // The review's message may still be on its way from the step before (it is posted after the commit).
  if (m.ts === reviewTs) await ticksUntil(() => findButton(review().blocks, action), `button ${action}`);
  const target = m.ts === reviewTs ? review() : m;
  const { responseId } = click(base, fake, user, target, action);
  return responseId;
}
async function fill(user: User, m: ReturnType<typeof dmWith>, action: string, answers: Answers) {
  const opened = fake.callsTo('views.open').length;
  await press(user, m, action);
  const open = await waitFor(() => fake.callsTo('views.open')[opened], 8000, `${action} form`);
  const res = await submit(base, user, open.args.view as Record<string, unknown>, answers);
  expect(res.status).toBe(200);
  return res;
}
/** Run the outbox as the app's one-second ticker does, until `check` holds. */
async function ticksUntil<T>(check: () => T, ...what: (string | number)[]): Promise<NonNullable<T>> {
  for (let i = 0; i < 100; i++) {
    const v = check();
    if (v) return v as NonNullable<T>;
    await scheduler.tick();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what.at(-1)}`);
}
const version = () => reviewInstance()?.version ?? 0;
async function moved(before: number, what: string) {
  await ticksUntil(() => version() > before, what);
}

describe('management review over Slack', () => {
  it('starts MR-2026-01 in the channel and asks the owner to plan it', async () => {
    await command(alice, 'setup');
    await command(alice, 'roles add management <@UMIA|mia>');
    // The review's message is posted to the channel (its thread is where the meeting runs).
    await slashCommand(base, {
      text: 'review',
      user_id: alice.id,
      user_name: alice.name,
      response_url: fake.responseUrl('rv'),
    });
    const post = await ticksUntil(
      () => fake.postsTo('C1').find((c) => /Plan the management review/.test(String(c.args.text))),
      8000,
      'review message',
    );
    reviewTs = String(post.args.__ts);
    expect(JSON.stringify(review().blocks)).toContain('MR-2026-01');
    // A person who did not start it cannot plan it.
    const before = fake.callsTo('views.open').length;
    const refused = await press(bob, review(), 'review.plan.submit');
    const reply = await waitFor(() => fake.responses.find((r) => r.id === refused), 8000, 'refusal');
    expect(String(reply.body.text)).toMatch(/Only <@UALICE> \(who started it\)/);
    expect(fake.callsTo('views.open')).toHaveLength(before);
  });

  it('sends one input task per owner by DM, in parallel, and nobody else', async () => {
    const v = version();
    await fill(alice, review(), 'review.plan.submit', {
      chair: mia.id,
      date: '2026-12-10',
      participants: ['Mia (CEO)', 'Dana (CTO)'],
      dataOwner: dana.id,
      performanceOwner: erik.id,
      feedbackOwner: dana.id,
    });
    await moved(v, 'planned');
    await ticksUntil(
      () => dmWith(dana, 'review.input.confirm') && dmWith(erik, 'review.input.submit'),
      8000,
      'DMs',
    );
    expect(fake.postsTo(dana.id)).toHaveLength(1);
    expect(fake.postsTo(erik.id)).toHaveLength(1);
    expect(fake.postsTo(mia.id)).toHaveLength(0);
    expect(JSON.stringify(dmWith(dana, 'review.input.confirm')?.blocks)).toContain('Status of actions');
    expect(JSON.stringify(dmWith(erik, 'review.input.submit')?.blocks)).toContain('Nonconformities');
    // The review's thread says whom each task waits for.
    await ticksUntil(
      () =>
        fake.calls.filter(
          (c) => c.args.thread_ts === reviewTs && /Waiting for <@UERIK>/.test(String(c.args.text)),
        ).length,
      8000,
      'status line',
    );
  });

  it('refuses a forged click on a task by someone else, and records it', async () => {
    const id = await press(bob, dmWith(dana, 'review.input.confirm'), 'review.input.confirm');
    const reply = await waitFor(() => fake.responses.find((r) => r.id === id), 8000, 'refusal');
    expect(String(reply.body.text)).toMatch(/Only <@UDANA> can do this step/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'step.refused', actorId: bob.id });
  });

  it('reminds each owner still asked once, after the reminder delay', async () => {
    const reminders = (u: User) => fake.postsTo(u.id).filter((c) => /Reminder/.test(String(c.args.text)));
    clock.set('2026-12-03T09:59:00.000Z');
    await scheduler.tick();
    expect(reminders(dana)).toHaveLength(0);
    clock.set('2026-12-03T10:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(reminders(dana)).toHaveLength(1);
    expect(reminders(erik)).toHaveLength(1);
    await scheduler.tick();
    expect(reminders(dana)).toHaveLength(1);
  });

  it('takes each owner’s inputs, and the review hears of each task once', async () => {
    for (const key of ['a', 'b', 'c', 'e', 'f', 'g']) {
      const known = ['a', 'b', 'c', 'f'].includes(key);
      const n = fake.postsTo(dana.id).length;
      if (known) await press(dana, dmWith(dana, 'review.input.confirm'), 'review.input.confirm');
      else
        await fill(dana, dmWith(dana, 'review.input.submit'), 'review.input.submit', {
          [key]: `Input ${key} by dana.`,
        });
      if (key !== 'g') await ticksUntil(() => fake.postsTo(dana.id).length > n, `dana after ${key}`);
    }
    for (const key of ['d1', 'd2', 'd3', 'd4']) {
      const n = fake.postsTo(erik.id).length;
      await fill(erik, dmWith(erik, 'review.input.submit'), 'review.input.submit', {
        [key]: `Input ${key} by erik.`,
      });
      if (key !== 'd4') await ticksUntil(() => fake.postsTo(erik.id).length > n, `erik after ${key}`);
    }
    const tasks = () => app.runtime.children('T1', reviewInstance()?.id ?? '');
    await waitFor(() => tasks().every((t) => t.status === 'done'), 8000, 'tasks done');
    await scheduler.tick();
    await scheduler.tick();
    const told = evidence().filter(
      (e) => e.kind === 'step.timed' && (e.data as { event: string }).event === 'child.done',
    );
    expect(told).toHaveLength(2);
    const agenda = (
      (reviewInstance()?.snapshot ?? {}) as {
        context: { agenda: { key: string; confirmedBy?: string }[] };
      }
    ).context.agenda;
    expect(agenda.map((a) => [a.key, a.confirmedBy])).toEqual(
      INPUTS.map((i) => [i.key, i.key.startsWith('d') ? 'erik' : 'dana']),
    );
  });

  it('runs the meeting in the thread, records decisions and an action, and approves the minutes', async () => {
    let v = version();
    await press(mia, review(), 'review.meeting.start');
    await moved(v, 'meeting started');
    for (const input of INPUTS) {
      await ticksUntil(
        () => JSON.stringify(review().blocks).includes(`Meeting: ${input.title.replace(/'/g, "'")}`),
        8000,
        `meeting at ${input.key}`,
      );
      v = version();
      await fill(mia, review(), 'review.discuss.submit', { discussion: `Discussed ${input.key}.` });
      await moved(v, `discussed ${input.key}`);
    }
    await ticksUntil(
      () =>
        fake.calls.filter(
          (c) => c.args.thread_ts === reviewTs && /Discussion: Discussed/.test(String(c.args.text)),
        ).length === 10,
      8000,
      'ten notes in the thread',
    );
    const note = fake.calls.find(
      (c) => c.args.thread_ts === reviewTs && /Discussed d3/.test(String(c.args.text)),
    );
    expect(String(note?.args.text)).toMatch(
      /Audit results\*\nInput d3 by erik\.\nDiscussion: Discussed d3\./,
    );
    v = version();
    await fill(mia, review(), 'review.decisions.submit', {
      improvements: 'Automate access reviews',
      changes: 'Add the Berlin office to the scope',
    });
    await moved(v, 'decisions');
    v = version();
    await fill(mia, review(), 'review.action.add', {
      text: 'Update the scope statement',
      owner: dana.id,
      due: '2026-12-31',
    });
    await moved(v, 'action added');
    await press(mia, review(), 'review.actions.done');
    // The drafted step is shown by the reply that waited for the draft, or by the outbox's next pass
    // when that reply found the message still being updated (the app ticks every second).
    await waitFor(() => reviewInstance()?.step === 'minutes', 8000, 'minutes drafted');
    await ticksUntil(() => findButton(review().blocks, 'review.minutes.approve'), 'minutes shown');
    expect(latestMessage(fake, reviewTs)?.text).toMatch(/Minutes: edit and approve/);
    // Slack refuses the first attempt at sharing the minutes: the approval stands regardless.
    fake.fail('files.completeUploadExternal', { error: 'internal_error' });
    await press(mia, review(), 'review.minutes.approve');
    await waitFor(() => reviewInstance()?.status === 'done', 8000, 'approved');
    const r = findReview({ db, teamId: 'T1', clock });
    expect(r).toMatchObject({ ref: 'MR-2026-01', chairId: mia.id, approvedBy: mia.id, heldOn: '2026-12-10' });
    expect(r?.minutes).toMatch(/chaired by mia with Mia \(CEO\), Dana \(CTO\)/);
    expect(evidence().filter((e) => e.kind === 'review.approved')).toHaveLength(1);
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('shares the approved minutes PDF in the review thread once, retried after Slack failed, and as a canvas', async () => {
    const shared = () => [...fake.files.values()].filter((f) => f.channel);
    await ticksUntil(() => fake.callsTo('files.completeUploadExternal!failed').length, 'failed attempt');
    expect(shared()).toHaveLength(0);
    expect(findReview({ db, teamId: 'T1', clock })?.ref).toBe('MR-2026-01');
    // The outbox tries again after its backoff, and once it is shared, never again (also on catch-up).
    clock.advance(2_000);
    await ticksUntil(() => shared().length, 'minutes shared');
    clock.advance(10 * 60_000);
    await scheduler.tick();
    await scheduler.tick({ catchUp: true });
    expect(shared()).toHaveLength(1);
    const file = shared()[0];
    expect(file).toMatchObject({ filename: 'MR-2026-01-minutes.pdf', channel: 'C1', threadTs: reviewTs });
    expect(file?.bytes?.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file?.comment).toMatch(/Approved minutes of management review MR-2026-01/);
    const sha = createHash('sha256')
      .update(file?.bytes ?? '')
      .digest('hex');
    const entries = evidence().filter((e) => e.kind === 'review.minutes.shared');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.data).toMatchObject({ review: 'MR-2026-01', sha256: sha, channel: 'C1' });
    // The same locked record always renders to the same bytes: an auditor's export matches too.
    const exported = await exportMinutes(
      { db, teamId: 'T1', clock },
      { format: 'pdf', actor: { userId: 'UALICE', name: 'alice' } },
    );
    expect(exported.sha256).toBe(sha);
    // The workspace allows canvases: one canvas of its own, tabbed in the review's channel.
    expect(fake.callsTo('canvases.create')).toHaveLength(1);
    const [canvas] = [...fake.canvases.values()];
    expect(canvas).toMatchObject({ channel: 'C1', title: expect.stringMatching(/MR-2026-01 minutes/) });
    expect(canvas?.markdown.join('\n')).toMatch(/^# Management review MR-2026-01/);
    expect(evidence().filter((e) => e.kind === 'review.minutes.canvas')).toMatchObject([
      { data: { review: 'MR-2026-01', how: 'canvas', canvasId: 'F0CANVAS1' } },
    ]);
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('asks the action owner by DM, reminds three days before the due date, and escalates once overdue', async () => {
    await ticksUntil(() => dmWith(dana, 'review.action.complete'), 'action DM');
    expect(openReviewActions({ db, teamId: 'T1', clock }, dana.id).map((a) => a.ref)).toEqual([
      'MR-2026-01-A1',
    ]);
    const reminders = () =>
      fake.postsTo(dana.id).filter((c) => /Reminder: \*Management review action/.test(String(c.args.text)));
    clock.set('2026-12-28T08:59:00.000Z');
    await scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.set('2026-12-28T09:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(reminders()).toHaveLength(1);
    clock.set('2027-01-01T09:00:00.000Z');
    await scheduler.tick();
    await scheduler.tick();
    const escalations = fake.calls.filter((c) =>
      /Escalation: \*Management review action/.test(String(c.args.text)),
    );
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.args.thread_ts).toBe(reviewTs);
    await fill(dana, dmWith(dana, 'review.action.complete'), 'review.action.complete', {
      note: 'Scope v2 approved.',
    });
    await waitFor(() => openReviewActions({ db, teamId: 'T1', clock }).length === 0, 8000, 'action done');
    expect(evidence().filter((e) => e.kind === 'review.action.done')).toHaveLength(1);
  });
});
