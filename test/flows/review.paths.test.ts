/**
 * Every path through the management review machine, generated with xstate/graph and replayed against
 * the pure machine with the snapshot round-tripped through JSON after each step; plus what it asks of
 * the runtime: one input task per person with only their inputs, the meeting's notes in the thread,
 * and on approval the record and one reminded action per item.
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor, waitFor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { reviewMachine } from '../../flows/review.ts';
import { validateForm } from '../../src/domain/flow-meta.ts';
import { INPUTS } from '../../src/domain/review-agenda.ts';
import { eventsFor, MANAGER, metaOf, OWNER, stateKeys, valueKey } from '../helpers/flow-paths.ts';

const input = {
  teamId: 'T1',
  reviewId: 'MR-2026-01',
  organisation: 'Acme',
  inputs: INPUTS.map((i) => ({
    ...i,
    prefilled: `Data for ${i.key}`,
    known: ['a', 'b', 'c', 'f'].includes(i.key),
  })),
};
const plan = {
  chair: 'UMANAGER',
  date: '2026-12-10',
  participants: ['Dana (CTO)'],
  dataOwner: 'UOWNER',
  performanceOwner: 'UDANA',
  feedbackOwner: 'UOWNER',
};

const paths = getSimplePaths(reviewMachine, {
  input,
  events: (s) => eventsFor(s as AnyMachineSnapshot, MANAGER) as never,
  serializeState: (s) => JSON.stringify(s.value),
});

describe('management review paths', () => {
  it('reach every state of the machine', () => {
    const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
    expect([...reached].sort()).toEqual(stateKeys(reviewMachine).sort());
  });

  it.each(
    paths.map((p) => [p.steps.map((s) => s.event.type.replace('xstate.', '')).join(' → '), p] as const),
  )('%s', (_name, path) => {
    let snapshot: unknown;
    for (const step of path.steps.slice(1)) {
      const actor = createActor(reviewMachine, snapshot ? { snapshot: snapshot as never, input } : { input });
      actor.start();
      const meta = metaOf(actor.getSnapshot());
      expect(meta?.title).toBeTruthy();
      const forms = [
        meta?.form,
        ...(meta?.choices ?? []).map((c) => c.form && { ...c.form, event: c.event }),
      ];
      const form = forms.find((f) => f?.event === step.event.type);
      if (form)
        expect(
          validateForm(form.fields, (step.event as unknown as { values: Record<string, string> }).values).ok,
        ).toBe(true);
      actor.send(step.event);
      expect(actor.getSnapshot().value).toEqual(step.state.value);
      snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
      actor.stop();
    }
  });
});

describe('management review requests', () => {
  function run() {
    const actor = createActor(reviewMachine, { input });
    const emitted: Record<string, unknown>[] = [];
    actor.on('*', (e) => emitted.push(e as never));
    actor.start();
    return { actor, emitted };
  }

  it('asks the starter to plan, the chair to run the meeting, and nobody by a guard', () => {
    const metas = paths.map((p) => [valueKey(p.state.value), metaOf(p.state as AnyMachineSnapshot)] as const);
    const to = new Map(metas.map(([k, m]) => [k, m?.to]));
    expect(to.get('planning')).toBe('starter');
    for (const k of ['preparing', 'discuss_a', 'discuss_g', 'decisions', 'actions', 'minutes'])
      expect(to.get(k)).toEqual({ person: 'chair' });
    // Every 9.3.2 input is on the agenda, each presented in its own step of the meeting.
    expect(INPUTS.map((i) => i.clause)).toEqual([
      '9.3.2 a)',
      '9.3.2 b)',
      '9.3.2 c)',
      '9.3.2 d) 1)',
      '9.3.2 d) 2)',
      '9.3.2 d) 3)',
      '9.3.2 d) 4)',
      '9.3.2 e)',
      '9.3.2 f)',
      '9.3.2 g)',
    ]);
    expect(stateKeys(reviewMachine).filter((k) => k.startsWith('discuss_'))).toHaveLength(10);
  });

  it('starts one input task per person, with only their inputs, and takes each answer once', () => {
    const { actor, emitted } = run();
    actor.send({ type: 'review.plan.submit', values: plan, actor: OWNER } as never);
    const spawns = emitted.filter((e) => e.type === 'runtime.spawn');
    expect(
      spawns.map((s) => [s.subject, (s.input as { inputs: { key: string }[] }).inputs.map((i) => i.key)]),
    ).toEqual([
      ['UOWNER', ['a', 'b', 'c', 'e', 'f', 'g']],
      ['UDANA', ['d1', 'd2', 'd3', 'd4']],
    ]);
    expect(actor.getSnapshot().context.waitingFor).toEqual(['UOWNER', 'UDANA']);
    actor.send({
      type: 'child.done',
      childId: 'ri-1',
      subject: 'UDANA',
      output: { person: 'UDANA', answers: [{ key: 'd3', text: 'One minor finding.', confirmedBy: 'dana' }] },
      actor: OWNER,
    } as never);
    const c = actor.getSnapshot().context;
    expect(c.waitingFor).toEqual(['UOWNER']);
    expect(c.agenda.find((a) => a.key === 'd3')).toMatchObject({
      text: 'One minor finding.',
      confirmedBy: 'dana',
    });
    expect(c.status).toMatch(/Audit results: given by dana/);
  });

  it('notes each discussion in the thread, records decisions and actions, and emits the approval', async () => {
    const { actor, emitted } = run();
    actor.send({ type: 'review.plan.submit', values: plan, actor: OWNER } as never);
    actor.send({ type: 'review.meeting.start', actor: MANAGER } as never);
    for (const i of INPUTS)
      actor.send({
        type: 'review.discuss.submit',
        values: { discussion: `Talked about ${i.key}` },
        actor: MANAGER,
      } as never);
    const notes = emitted.filter((e) => e.type === 'runtime.notify' && e.kind === 'thread');
    expect(notes.map((n) => n.key)).toEqual(INPUTS.map((i) => `discussed.${i.key}`));
    expect(String(notes[0]?.body)).toMatch(/Data for a\nDiscussion: Talked about a/);
    actor.send({
      type: 'review.decisions.submit',
      values: { improvements: ['Automate access reviews'], changes: ['Add the new office to the scope'] },
      actor: MANAGER,
    } as never);
    actor.send({
      type: 'review.action.add',
      values: { text: 'Update the scope', owner: 'UOWNER', due: '2027-01-15' },
      actor: MANAGER,
    } as never);
    expect(actor.getSnapshot().context.actions).toEqual([
      { ref: 'MR-2026-01-A1', text: 'Update the scope', owner: 'UOWNER', due: '2027-01-15' },
    ]);
    actor.send({ type: 'review.actions.done', actor: MANAGER } as never);
    expect(actor.getSnapshot().value).toBe('drafting');
    // The template draft (the runtime provides one that may use the model).
    const drafted = await waitFor(actor, (s) => s.value === 'minutes');
    expect(String(drafted.context.answers.minutes)).toMatch(
      /MR-2026-01 of Acme, held on 2026-12-10, chaired by UMANAGER/,
    );
    actor.send({
      type: 'review.minutes.submit',
      values: { minutes: 'Edited minutes of the review, by the chair.' },
      actor: MANAGER,
    } as never);
    actor.send({ type: 'review.minutes.approve', actor: MANAGER } as never);
    expect(actor.getSnapshot().status).toBe('done');
    const approved = emitted.filter((e) => e.type === 'review.approved');
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({
      minutes: 'Edited minutes of the review, by the chair.',
      actor: { userId: 'UMANAGER' },
    });
    expect(
      emitted.filter((e) => e.type === 'runtime.spawn' && e.flow === 'review-action').map((e) => e.subject),
    ).toEqual(['MR-2026-01-A1']);
  });
});
