/**
 * A person who leaves strands no step, over Slack's wire protocol: a signed `user_change` saying the
 * approver's account was deactivated sends the waiting approval to the ISMS owner by DM (the thread
 * says so); the owner hands it to someone else with `/isms flows handover`, who decides.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useClockedApp } from '../helpers/clocked-app.ts';
import { imOf } from '../helpers/fake-slack.ts';
import { formEvent } from '../helpers/scoping-run.ts';
import { eventCallback } from '../helpers/slack-request.ts';
import { click, findButton, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const bob: User = { id: 'UBOB', name: 'bob' }; // takes over
const w = useClockedApp('2026-11-24T10:00:00.000Z');
const { fake, command, copy, evidence } = w;

const clickReply = async (
  user: User,
  m: { channel: string; ts: string; blocks: never[] },
  action: string,
) => {
  const { responseId } = click(w.base, fake, user, m, action);
  return waitFor(() => fake.responses.find((r) => r.id === responseId), 5000, `${action} reply`);
};

const deactivate = (user: User, deleted: boolean, eventId: string) =>
  eventCallback(w.base, eventId, {
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
    expect(dmsTo(mia)).toHaveLength(1);
    expect(dmsTo(alice)).toHaveLength(0);

    // A profile edit is not a departure: nothing changes, nothing is recorded.
    expect((await deactivate(mia, false, 'Ev-edit')).status).toBe(200);
    await w.scheduler.tick();
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
    await w.scheduler.tick();
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
    click(w.base, fake, bob, bobDm, 'scope.approve');
    await waitFor(() => w.app.runtime.get('T1', instanceId).status === 'done', 5000, 'approved');
    expect(evidence().find((e) => e.kind === 'scope.approved')).toMatchObject({ actorId: bob.id });
  });
});
