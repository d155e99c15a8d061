/**
 * The weekly evidence checkpoint is posted once even when Slack fails: over Slack's wire protocol with
 * the app in-process on a clock the test moves, the fake Slack answers the post to the ISMS channel
 * with HTTP 500 until the Web API client gives up, then 200. The failed post is tried again on a later
 * tick after its backoff (1 s on the test's clock), nothing is tried inside the backoff, the approval
 * DM due in the same tick goes out at once, and once Slack took the post it is never posted again.
 */
import { describe, expect, it } from 'vitest';
import { useClockedApp } from '../helpers/clocked-app.ts';
import { formEvent } from '../helpers/scoping-run.ts';
import type { User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner; /isms setup in C1 names the ISMS channel
const mia: User = { id: 'UMIA', name: 'mia' }; // top management
const w = useClockedApp('2026-12-01T10:00:00.000Z');
const { fake, command, evidence } = w;

const weekly = () => fake.postsTo('C1').filter((c) => /Weekly checkpoint/.test(String(c.args.text)));
const failed = () =>
  fake.calls.filter((c) => c.method === 'chat.postMessage!failed' && c.args.channel === 'C1');
/** The approval DMs (the reminder that follows after two days is another message). */
const dmsTo = (u: User) =>
  fake.postsTo(u.id).filter((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.approve'));

describe('the weekly evidence checkpoint', () => {
  it('is retried with backoff while Slack answers 500, without holding up other messages, and posted once', async () => {
    await command(alice, 'setup');
    await command(alice, 'roles add management <@UMIA|mia>');
    const actor = { userId: alice.id, name: alice.name };
    // A workflow in another channel whose approval DM is due in the same tick as the checkpoint.
    const i = await w.app.runtime.start({ teamId: 'T1', flow: 'scoping', actor, channel: 'C2' });
    for (const step of ['issues', 'parties', 'boundaries', 'review'])
      await w.app.runtime.send({ teamId: 'T1', instanceId: i.id, event: formEvent(step), actor });

    // 500 four times: the Web API client's own retries (3) give up, and the post has failed.
    fake.fail('chat.postMessage', { status: 500, times: 4, channel: 'C1' });
    await w.scheduler.tick();
    expect(failed()).toHaveLength(4);
    expect(weekly()).toHaveLength(0);
    expect(dmsTo(mia)).toHaveLength(1); // not held up by the failing post
    const claimed = evidence().filter((e) => e.kind === 'evidence.checkpoint');
    expect(claimed).toHaveLength(1);

    await w.scheduler.tick(); // inside the 1 s backoff: not tried
    w.clock.advance(500);
    await w.scheduler.tick();
    expect(failed()).toHaveLength(4);
    expect(weekly()).toHaveLength(0);
    w.clock.advance(500);
    await w.scheduler.tick(); // after the backoff: Slack answers 200
    expect(weekly()).toHaveLength(1);
    const [head] = claimed.map((e) => e.data as { seq: number; hash: string });
    expect(String(weekly()[0]?.args.text)).toContain(`${head?.seq}:${head?.hash}`);

    // Posted once: later ticks within the week post nothing more, and claim no second checkpoint.
    for (const ms of [1000, 60_000, 3 * 86_400_000]) {
      w.clock.advance(ms);
      await w.scheduler.tick();
    }
    expect(weekly()).toHaveLength(1);
    expect(evidence().filter((e) => e.kind === 'evidence.checkpoint')).toHaveLength(1);
    expect(dmsTo(mia)).toHaveLength(1);
  });
});
