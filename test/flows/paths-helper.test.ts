/** The generated-paths helper on a nested machine with an invocation and a timed event (public API only). */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, fromPromise, setup } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { eventsFor, OWNER, stateKeys, valueKey } from '../helpers/flow-paths.ts';

const nested = setup({
  actors: { work: fromPromise(async () => 'done') },
}).createMachine({
  id: 'nested',
  initial: 'asking',
  states: {
    asking: {
      initial: 'waiting',
      states: {
        waiting: {
          meta: { title: 'Decide', index: 1, of: 2, choices: [{ event: 'decide', label: 'Decide' }] },
          on: { decide: '#nested.working', 'approval.remind': 'reminded' },
        },
        reminded: { on: { decide: '#nested.working' } },
      },
    },
    working: { invoke: { id: 'work', src: 'work', onDone: 'finished', onError: 'finished' } },
    finished: { type: 'final' },
  },
});

describe('generated paths helper', () => {
  it('lists nested leaves and reaches each through choices, timers and invocations', () => {
    expect(stateKeys(nested).sort()).toEqual(['asking.reminded', 'asking.waiting', 'finished', 'working']);
    const paths = getSimplePaths(nested, {
      events: (s) => eventsFor(s as AnyMachineSnapshot, OWNER) as never,
    });
    const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
    expect([...reached].sort()).toEqual(stateKeys(nested).sort());
    const types = new Set(paths.flatMap((p) => p.steps.map((s) => s.event.type)));
    expect(types).toContain('approval.remind');
    expect(types).toContain('xstate.done.actor.work');
  });
});
