/**
 * The scope approval by DM over Slack's wire protocol, with a clock the test moves: the app runs
 * in-process (the same createApp + startSlack as `isms start`), requests are signed as Slack signs
 * them and POSTed to its /slack/events, and the fake Slack Web API records what it was sent.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useClockedApp } from '../helpers/clocked-app.ts';
import { imOf } from '../helpers/fake-slack.ts';
import { formEvent } from '../helpers/scoping-run.ts';
import { click, findButton, latestMessage, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const bob: User = { id: 'UBOB', name: 'bob' };
const w = useClockedApp('2026-11-24T10:00:00.000Z');
const { fake, clock, command, copy, evidence } = w;

const clickReply = async (
  user: User,
  m: { channel: string; ts: string; blocks: never[] },
  action: string,
) => {
  const { responseId } = click(w.base, fake, user, m, action);
  return waitFor(() => fake.responses.find((r) => r.id === responseId), 5000, `${action} reply`);
};

describe('scope approval by DM', () => {
  let dmTs = '';
  let threadTs = '';
  let instanceId = '';

  it('asks top management by DM, and nobody else; the thread says whom it waits for', async () => {
    await command(alice, 'setup');
    expect(String((await command(alice, 'roles add management <@UMIA|mia>')).body.text)).toMatch(
      /top management/,
    );
    const started = await w.app.runtime.start({
      teamId: 'T1',
      flow: 'scoping',
      actor: { userId: alice.id, name: alice.name },
      channel: 'C1',
    });
    instanceId = started.id;
    for (const step of ['issues', 'parties', 'boundaries', 'review'])
      await w.app.runtime.send({
        teamId: 'T1',
        instanceId,
        event: formEvent(step),
        actor: { userId: alice.id, name: alice.name },
      });
    await w.scheduler.tick();
    const dms = fake.calls.filter(
      (c) => c.method === 'chat.postMessage' && /^[UD]/.test(String(c.args.channel)),
    );
    expect(dms.map((c) => c.args.channel)).toEqual([mia.id]);
    dmTs = String(dms[0]?.args.__ts);
    expect(findButton(copy(imOf(mia.id), dmTs).blocks, 'scope.approve')).toBeDefined();
    const thread = fake.postsTo('C1').find((c) => /Waiting for/.test(String(c.args.text)));
    threadTs = String(thread?.args.__ts);
    expect(latestMessage(fake, threadTs)?.text).toMatch(/Waiting for <@UMIA> — asked by DM on 24 Nov/);
    expect(findButton(copy('C1', threadTs).blocks, 'scope.approve')).toBeUndefined();
  });

  it('refuses a forged click on the DM by someone else, and records it', async () => {
    const no = await clickReply(bob, copy(imOf(mia.id), dmTs), 'scope.approve');
    expect(String(no.body.text)).toMatch(/Only the top management \(<@UMIA>\).*recorded/);
    expect(evidence().at(-1)).toMatchObject({
      kind: 'step.refused',
      actorId: bob.id,
      data: { event: 'scope.approve' },
    });
    expect(w.app.runtime.get('T1', instanceId).step).toBe('approval');
  });

  it('reminds the approver once after 2 days and escalates to the owner in the thread after 5', async () => {
    const reminders = () => fake.postsTo(mia.id).filter((c) => /Reminder/.test(String(c.args.text)));
    clock.set('2026-11-26T09:59:00.000Z');
    await w.scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.set('2026-11-26T10:00:00.000Z');
    await w.scheduler.tick();
    await w.scheduler.tick();
    expect(reminders()).toHaveLength(1);
    expect(fake.postsTo(alice.id)).toHaveLength(0);
    clock.set('2026-11-29T10:00:00.000Z');
    await w.scheduler.tick();
    const escalation = fake.postsTo('C1').filter((c) => /Escalation/.test(String(c.args.text)));
    expect(escalation).toHaveLength(1);
    expect(String(escalation[0]?.args.text)).toMatch(
      /waited for the top management \(<@UMIA>\) since 24 Nov.*<@UALICE>/,
    );
  });

  it('takes the approver’s decision, updates the DM and the thread, and refuses a stale copy', async () => {
    const before = fake.callsTo('chat.update').length;
    click(w.base, fake, mia, copy(imOf(mia.id), dmTs), 'scope.approve');
    await waitFor(() => w.app.runtime.get('T1', instanceId).status === 'done', 5000, 'approved');
    await waitFor(() => fake.callsTo('chat.update').length >= before + 2, 5000, 'both copies updated');
    expect(latestMessage(fake, threadTs)?.text).toMatch(/Complete/);
    const dm = copy(imOf(mia.id), dmTs);
    expect(findButton(dm.blocks, 'scope.approve')).toBeUndefined();
    expect(JSON.stringify(dm.blocks)).toContain('Decided by <@UMIA>');
    // A second copy of the DM (posted twice after a crash) carries the same buttons: refused, recorded.
    const orphan = { ...copy(imOf(mia.id), dmTs), ts: '1699999999.000100' };
    orphan.blocks = (fake.postsTo(mia.id)[0]?.args.blocks ?? []) as never[];
    const stale = await clickReply(mia, orphan, 'scope.approve');
    expect(String(stale.body.text)).toMatch(/complete|out of date/);
    expect(evidence().filter((e) => e.kind === 'scope.approved')).toHaveLength(1);
  });

  it('posts the evidence checkpoint to the ISMS channel on completion, and weekly', async () => {
    const checkpoints = () =>
      fake.postsTo('C1').filter((c) => /evidence checkpoint/.test(String(c.args.text)));
    const completed = evidence().find((e) => e.kind === 'workflow.completed');
    await waitFor(
      () => checkpoints().find((c) => String(c.args.text).includes(`${completed?.seq}:${completed?.hash}`)),
      5000,
      'completion checkpoint',
    );
    expect(checkpoints().filter((c) => /completed/.test(String(c.args.text)))).toHaveLength(1);
    const weekly = () => checkpoints().filter((c) => /Weekly/.test(String(c.args.text)));
    const before = weekly().length; // the first tick, a week after nothing, posted one
    clock.set('2026-11-30T10:00:00.000Z'); // 6 days after the last weekly one
    await Promise.all([w.scheduler.tick(), w.scheduler.tick()]);
    expect(weekly()).toHaveLength(before);
    clock.set('2026-12-01T10:00:00.000Z');
    await w.scheduler.tick();
    await w.scheduler.tick();
    expect(weekly()).toHaveLength(before + 1);
  });
});
