/** Every path through a review action item: told by DM, reminded before it is due, escalated after. */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { reviewActionMachine } from '../../flows/review-action.ts';
import { eventsFor, MEMBER, metaOf, SYSTEM, stateKeys, valueKey } from '../helpers/flow-paths.ts';

const input = {
  ref: 'MR-2026-01-A1',
  reviewId: 'MR-2026-01',
  text: 'Update the scope',
  owner: 'UMEMBER',
  due: '2027-01-15',
  remindAt: '2027-01-12T09:00:00.000Z',
};
const paths = getSimplePaths(reviewActionMachine, {
  input,
  events: (s) => eventsFor(s as AnyMachineSnapshot, MEMBER) as never,
});

describe('review action paths', () => {
  it('reach every state', () => {
    const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
    expect([...reached].sort()).toEqual(stateKeys(reviewActionMachine).sort());
  });

  it.each(paths.map((p) => [p.steps.map((s) => s.event.type).join(' → '), p] as const))('%s', (_n, path) => {
    let snapshot: unknown;
    for (const step of path.steps.slice(1)) {
      const actor = createActor(
        reviewActionMachine,
        snapshot ? { snapshot: snapshot as never, input } : { input },
      );
      actor.start();
      expect(metaOf(actor.getSnapshot())).toMatchObject({ to: { person: 'owner' }, where: 'dm' });
      actor.send(step.event);
      snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
      actor.stop();
    }
  });

  it('schedules the reminder and the overdue notice, and emits the completion once', () => {
    const actor = createActor(reviewActionMachine, { input });
    const emitted: Record<string, unknown>[] = [];
    actor.on('*', (e) => emitted.push(e as never));
    actor.start();
    expect(emitted.filter((e) => e.type === 'runtime.schedule').map((e) => [e.key, e.at])).toEqual([
      ['action.remind', '2027-01-12T09:00:00.000Z'],
      ['action.overdue', '2027-01-16T09:00:00.000Z'],
    ]);
    actor.send({ type: 'review.action.remind', actor: SYSTEM });
    actor.send({ type: 'review.action.overdue', actor: SYSTEM });
    expect(emitted.filter((e) => e.type === 'runtime.notify').map((e) => e.kind)).toEqual([
      'reminder',
      'escalation',
    ]);
    actor.send({ type: 'review.action.complete', values: { note: 'Done in v3' }, actor: MEMBER });
    expect(emitted.filter((e) => e.type === 'review.action.completed')).toEqual([
      { type: 'review.action.completed', ref: 'MR-2026-01-A1', note: 'Done in v3', actor: MEMBER },
    ]);
    // Without a reminder moment (due too soon), only the overdue notice is scheduled.
    const soon = createActor(reviewActionMachine, { input: { ...input, remindAt: null } });
    const keys: unknown[] = [];
    soon.on('runtime.schedule', (e) => keys.push((e as unknown as { key: string }).key));
    soon.start();
    expect(keys).toEqual(['action.overdue']);
  });
});
