/**
 * Every path through a review input task (one person's inputs, by DM), for a person with the data
 * inputs and for one with only the performance inputs: pre-filled inputs can be confirmed as shown,
 * the others must be written; each input is its own step, reminded while it waits.
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { reviewInputMachine } from '../../flows/review-input.ts';
import { validateForm } from '../../src/domain/flow-meta.ts';
import { INPUT_GROUPS, INPUTS } from '../../src/domain/review-agenda.ts';
import { eventsFor, MEMBER, metaOf, SYSTEM, valueKey } from '../helpers/flow-paths.ts';

const task = (keys: readonly string[]) => ({
  person: 'UMEMBER',
  reviewId: 'MR-2026-01',
  inputs: INPUTS.filter((i) => keys.includes(i.key)).map((i) => ({
    ...i,
    prefilled: `Data for ${i.key}`,
    known: (INPUT_GROUPS.data as readonly string[]).includes(i.key),
  })),
});

for (const [label, keys] of [
  ['data inputs', INPUT_GROUPS.data],
  ['performance inputs', INPUT_GROUPS.performance],
] as const) {
  const input = task(keys);
  const paths = getSimplePaths(reviewInputMachine, {
    input,
    events: (s) => eventsFor(s as AnyMachineSnapshot, MEMBER) as never,
    serializeState: (s) => JSON.stringify(s.value),
  });

  describe(`review input task paths, ${label}`, () => {
    it('visit exactly the inputs of this person, then finish', () => {
      const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
      expect([...reached].sort()).toEqual([...keys, 'done'].sort());
    });

    it.each(
      paths.map((p) => [p.steps.map((s) => s.event.type.replace('xstate.', '')).join(' → '), p] as const),
    )('%s', (_name, path) => {
      let snapshot: unknown;
      for (const step of path.steps.slice(1)) {
        const actor = createActor(
          reviewInputMachine,
          snapshot ? { snapshot: snapshot as never, input } : { input },
        );
        actor.start();
        const meta = metaOf(actor.getSnapshot());
        expect(meta).toMatchObject({ to: { person: 'person' }, where: 'dm' });
        if (meta?.form && step.event.type === meta.form.event)
          expect(
            validateForm(
              meta.form.fields,
              (step.event as unknown as { values: Record<string, string> }).values,
            ).ok,
          ).toBe(true);
        actor.send(step.event);
        expect(actor.getSnapshot().value).toEqual(step.state.value);
        snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
      }
      const final = createActor(reviewInputMachine, { snapshot: snapshot as never, input });
      final.start();
      expect(final.getSnapshot().value).toEqual(path.state.value);
      if (final.getSnapshot().status === 'done')
        expect(
          final
            .getSnapshot()
            .output?.answers.map((a) => a.key)
            .sort(),
        ).toEqual([...keys].sort());
      final.stop();
    });
  });
}

describe('review input task', () => {
  it('takes a confirmation only for a pre-filled input, reminds while waiting, and returns what was given', () => {
    const actor = createActor(reviewInputMachine, { input: task(['a', 'd1']) });
    const emitted: { type: string; key?: string }[] = [];
    actor.on('*', (e) => emitted.push(e as never));
    actor.start();
    expect(actor.getSnapshot().value).toBe('a');
    expect(actor.getSnapshot().context.answers).toEqual({ a: 'Data for a' });
    actor.send({ type: 'review.input.remind', actor: SYSTEM });
    expect(emitted.filter((e) => e.type === 'runtime.notify').map((e) => e.key)).toEqual(['input.remind']);
    actor.send({ type: 'review.input.confirm', actor: MEMBER });
    expect(actor.getSnapshot().value).toBe('d1');
    // Nothing pre-filled here: confirming is not possible, writing is.
    actor.send({ type: 'review.input.confirm', actor: MEMBER });
    expect(actor.getSnapshot().value).toBe('d1');
    actor.send({ type: 'review.input.submit', values: { d1: 'None raised.' }, actor: MEMBER });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({
      person: 'UMEMBER',
      answers: [
        { key: 'a', text: 'Data for a', confirmedBy: 'max' },
        { key: 'd1', text: 'None raised.', confirmedBy: 'max' },
      ],
    });
    const last = (type: string) => emitted.filter((e) => e.type === type).at(-1)?.key;
    expect([last('runtime.schedule'), last('runtime.unschedule')]).toEqual(['input.remind', 'input.remind']);
  });
});
