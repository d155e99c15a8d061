/** `/isms flows`: list, resume elsewhere (the workflow moves with it), cancel with a recorded reason. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot, Reply } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, clock, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;
beforeEach(() => {
  ({ db, bot } = botOnDisk());
});
afterEach(() => closeDatabase(db));

/** What Slack would do with the replies: report where messages landed (a new post gets `ts`). */
function deliver(replies: Reply[], channel: string, ts: string): Reply[] {
  for (const r of replies) {
    if (r.type === 'message') r.onDelivered?.({ channel, ts });
    if (r.type === 'update') r.onDelivered?.({ channel: r.channel, ts: r.ts });
  }
  return replies;
}
const buttonValue = (r: Reply) => {
  const blocks = 'message' in r ? (r.message.blocks ?? []) : [];
  const actions = blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] } | undefined;
  return actions?.elements[0]?.value ?? '';
};

describe('/isms flows', () => {
  it('resumes a workflow in another channel and keeps updating it there', async () => {
    await bot.command(as('UA'), 'setup');
    const [start] = deliver(await bot.command(as('UA'), 'scope'), 'C1', '1.1');
    const id = /Workflow `([^`]+)`/.exec(JSON.stringify(start))?.[1] ?? '';
    expect(text(await bot.command(as('UB', 'C2'), 'flows'))).toContain(`\`${id}\``);

    // Someone who neither started it, owns the ISMS nor is named by its step is refused, on the record.
    expect(text(await bot.command(as('UB', 'C2'), `flows resume ${id}`))).toMatch(
      /Only <@UA> \(who started it\), the ISMS owner or the people its step is addressed to can resume.*recorded/,
    );
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'step.refused',
      actorId: 'UB',
      data: { event: 'flows.resume' },
    });

    const replies = deliver(await bot.command(as('UA', 'C2'), `flows resume ${id}`), 'C2', '2.2');
    // The old copy is updated once to say where the workflow went; the new one carries the step.
    expect(replies.find((r) => r.type === 'update')).toMatchObject({
      ts: '1.1',
      message: { text: /moved to <#C2>/ },
    });
    const resumed = replies.find((r) => r.type === 'message');
    expect(resumed).toMatchObject({ channel: 'C2' });
    const stale = await bot.action(as('UA'), {
      actionId: 'scope.issues.submit',
      value: buttonValue(start as Reply),
      messageTs: '1.1',
    });
    expect(text(stale)).toMatch(/out of date; nothing was changed/);
    const [modal] = await bot.action(as('UB', 'C2'), {
      actionId: 'scope.issues.submit',
      value: buttonValue(resumed as Reply),
      messageTs: '2.2',
    });
    expect(modal?.type).toBe('modal');
    const result = await bot.viewSubmission(as('UB', 'C2'), {
      callbackId: 'flow.form',
      privateMetadata: modal?.type === 'modal' ? (modal.view.private_metadata ?? '') : '',
      values: {
        external: { v: { type: 'plain_text_input', value: 'Customers' } },
        internal: { v: { type: 'plain_text_input', value: 'Small team' } },
      },
    });
    expect(result).toMatchObject({ ok: true, replies: [{ type: 'update', channel: 'C2', ts: '2.2' }] });
  });

  it('cancels only for the starter or the owner, with the reason recorded', async () => {
    await bot.command(as('UA'), 'setup');
    const [start] = deliver(await bot.command(as('UB'), 'scope'), 'C1', '1.1');
    const id = /Workflow `([^`]+)`/.exec(JSON.stringify(start))?.[1] ?? '';
    expect(text(await bot.command(as('UC'), `flows cancel ${id} not needed`))).toMatch(
      /Only <@UB> \(who started it\) or the ISMS owner can cancel.*recorded/,
    );
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'step.refused',
      actorId: 'UC',
      data: { event: 'flows.cancel' },
    });
    expect(text(await bot.command(as('UC'), `flows cancel ${id}`))).toMatch(/Usage/);
    const cancelled = await bot.command(as('UA'), `flows cancel ${id} started by mistake`);
    expect(cancelled[0]).toMatchObject({ type: 'update', ts: '1.1' });
    expect(text(cancelled)).toMatch(/Cancelled/);
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'workflow.cancelled',
      actorId: 'UA',
      data: { reason: 'started by mistake' },
    });
    expect(text(await bot.command(as('UA'), 'flows'))).toMatch(/No workflows are running/);
  });
});
