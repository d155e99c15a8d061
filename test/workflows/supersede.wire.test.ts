/**
 * Superseding a decision taken by mistake, over Slack's wire protocol: the risk owner accepts by DM,
 * the ISMS owner supersedes that acceptance with `/isms flows correct` (signed as Slack signs it), the
 * risk owner is asked again by one new DM and decides again, and `/isms flows history` and
 * `/isms risk show` show the first acceptance struck through with who superseded it and why. A bad
 * entry number or a missing reason changes nothing; a bystander is refused and the refusal recorded.
 */
import { describe, expect, it } from 'vitest';
import { nextRiskRef } from '../../src/domain/risk/refs.ts';
import { getRisk } from '../../src/domain/risk/views.ts';
import { waitFor } from '../helpers/app-process.ts';
import { useClockedApp } from '../helpers/clocked-app.ts';
import { imOf } from '../helpers/fake-slack.ts';
import { click, findButton, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const ron: User = { id: 'URON', name: 'ron' }; // risk owner
const bob: User = { id: 'UBOB', name: 'bob' }; // no role
const w = useClockedApp('2026-12-01T10:00:00.000Z');
const { fake, command, copy, evidence } = w;

const dmsTo = (user: User) => fake.postsTo(user.id).filter((c) => c.args.blocks);
const reply = async (user: User, text: string) => String((await command(user, text)).body.text);

/** Ron accepts on his DM: the button opens the modal, the modal is submitted. */
async function acceptOnDm(ts: string, justification: string) {
  const opened = fake.callsTo('views.open').length;
  click(w.base, fake, ron, copy(imOf(ron.id), ts), 'risk.accept');
  const open = await waitFor(() => fake.callsTo('views.open')[opened], 5000, 'accept form');
  const res = await submit(w.base, ron, open.args.view as Record<string, unknown>, {
    justification,
    expiresOn: '2027-03-01',
    confirm: 'yes',
  });
  expect(res.status).toBe(200);
}

describe('a decision superseded over Slack', () => {
  let id = '';
  let first = 0;

  it('takes the risk owner’s acceptance by DM', async () => {
    for (const u of [alice, ron, bob]) fake.users.set(u.id, { team_id: 'T1', tz: 'UTC' });
    await command(alice, 'setup');
    const ctx = { db: w.db, teamId: 'T1', clock: w.clock };
    const actor = { userId: alice.id, name: alice.name };
    const i = await w.app.runtime.start({
      teamId: 'T1',
      flow: 'risk',
      actor,
      channel: 'C1',
      subject: nextRiskRef(ctx),
    });
    id = i.id;
    const send = (type: string, values?: object) =>
      w.app.runtime.send({
        teamId: 'T1',
        instanceId: id,
        event: { type, ...(values ? { values } : {}) },
        actor,
      });
    await send('risk.identify.submit', { scenario: 'Ransomware encrypts the customer database.' });
    await send('risk.analyse.submit', { likelihood: '4', impact: '4', ownerId: ron.id });
    await send('risk.evaluate.confirm');
    await send('risk.treat.submit', { treatment: 'modify', controls: ['A.8.13'] });
    await send('risk.actions.done');
    await send('risk.residual.submit', { residualLikelihood: '2', residualImpact: '2' });
    await w.scheduler.tick();
    expect(dmsTo(ron)).toHaveLength(1);
    await acceptOnDm(String(dmsTo(ron)[0]?.args.__ts), 'Low once backups are offline.');
    await waitFor(() => w.app.runtime.get('T1', id).step === 'accepted', 5000, 'accepted');
    first = evidence().findLast((e) => e.kind === 'step.submitted')?.seq ?? 0;
    expect(getRisk(ctx, 'R-001').acceptance.state).toBe('accepted');
  });

  it('changes nothing for a bad entry, a missing reason or a bystander, and records the refusal', async () => {
    const before = evidence().length;
    expect(await reply(alice, `flows correct ${id} #99999 the wrong risk was accepted`)).toMatch(
      /#99999 is not an entry of workflow/,
    );
    expect(await reply(alice, `flows correct ${id} #${first}`)).toMatch(/^Usage: `\/isms flows correct/);
    expect(await reply(alice, `flows correct ${id} #${first} oops`)).toMatch(
      /Say why the decision was a mistake/,
    );
    expect(await reply(alice, `flows correct nope #${first} the wrong risk was accepted`)).toMatch(
      /can't find workflow nope/,
    );
    expect(evidence()).toHaveLength(before);
    expect(await reply(bob, `flows correct ${id} #${first} I would rather not accept it`)).toMatch(
      /Only the ISMS owner, or <@URON> who took it, can supersede decision #\d+\. Your attempt was recorded/,
    );
    expect(evidence().slice(before)).toMatchObject([
      { kind: 'step.refused', actorId: bob.id, data: { event: 'flows.correct', supersedes: first } },
    ]);
    expect(w.app.runtime.get('T1', id).step).toBe('accepted');
  });

  it('supersedes the acceptance: the risk owner is asked again by one new DM, the thread is told', async () => {
    const text = await reply(alice, `flows correct ${id} #${first} Ron accepted the wrong risk, meant R-002`);
    expect(text).toMatch(
      /^Superseded #\d+ \(recorded as #\d+\)\. \*Acceptance by the risk owner\* is asked again\./,
    );
    const correction = evidence().find((e) => e.kind === 'decision.superseded');
    expect(correction).toMatchObject({
      actorId: alice.id,
      subject: id,
      data: { supersedes: first, decidedBy: ron.id, reason: 'Ron accepted the wrong risk, meant R-002' },
    });
    await waitFor(() => dmsTo(ron).length === 2, 5000, 'asked again by DM');
    const again = String(dmsTo(ron)[1]?.args.__ts);
    expect(JSON.stringify(copy(imOf(ron.id), again).blocks)).toMatch(
      /Asked again: <@UALICE> superseded the acceptance by <@URON> as taken by mistake: Ron accepted the wrong risk, meant R-002/,
    );
    expect(findButton(copy(imOf(ron.id), again).blocks, 'risk.accept')).toBeDefined();
    await waitFor(
      () => fake.postsTo('C1').find((c) => /superseded decision #\d+ \(by <@URON>/.test(String(c.args.text))),
      5000,
      'thread notice',
    );
    // Later flushes ask nobody twice.
    await w.scheduler.tick();
    expect(dmsTo(ron)).toHaveLength(2);
    expect(getRisk({ db: w.db, teamId: 'T1', clock: w.clock }, 'R-001').acceptance.state).toBe(
      'pending_owner',
    );

    await acceptOnDm(again, 'Checked again: it is low for R-001 too.');
    await waitFor(() => w.app.runtime.get('T1', id).step === 'accepted', 5000, 'accepted again');
  });

  it('shows the original as superseded, with who and why, in the history and the risk', async () => {
    const history = await reply(alice, `flows history ${id}`);
    expect(history).toMatch(
      new RegExp(
        `~#${first} 1 Dec 2026 10:00 UTC <@URON> submitted \\*Acceptance by the risk owner\\* \`risk.accept\`~ \\*superseded\\* by #\\d+ \\(<@UALICE>`,
      ),
    );
    expect(history).toMatch(
      /<@UALICE> superseded #\d+ \(by <@URON>\) as taken by mistake: Ron accepted the wrong risk, meant R-002\. \*Acceptance by the risk owner\* asked again; the new decision is #\d+\./,
    );
    expect(await reply(bob, `flows history ${id}`)).toMatch(/Only ISMS roles and auditors can/);
    expect(await reply(alice, `flows correct ${id} #${first} once more for good measure`)).toMatch(
      /already superseded/,
    );
    const shown = await command(alice, 'risk show R-001');
    expect(JSON.stringify(shown.body)).toMatch(
      /~2026-12-01 accepted by <@URON> as risk owner .*Low once backups are offline\.~ \*superseded\* 2026-12-01 by <@UALICE>: Ron accepted the wrong risk, meant R-002/,
    );
  });
});
