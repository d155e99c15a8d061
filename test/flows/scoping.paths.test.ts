/**
 * Every path through the scoping machine, generated with xstate/graph and replayed against the pure
 * machine, with the snapshot round-tripped through JSON after each step (as the runtime persists it).
 */

import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { scopingMachine } from '../../flows/scoping.ts';
import { validateForm } from '../../src/domain/flow-meta.ts';
import { eventsFor, MANAGER, metaOf, OWNER, SYSTEM, stateKeys, valueKey } from '../helpers/flow-paths.ts';

const previous = {
  version: 1,
  statement: 'The ISMS of Acme covers engineering. Nothing is excluded.',
  answers: { organisation: 'Acme' },
};

for (const [label, input] of [
  ['first run', { previous: null }],
  ['later run (proposes changes)', { previous }],
] as const) {
  const paths = getSimplePaths(scopingMachine, {
    input,
    events: (s) => eventsFor(s as AnyMachineSnapshot, OWNER) as never,
    serializeState: (s) =>
      JSON.stringify(s.value) + ((s.context as { rejection: unknown }).rejection ? '+rejected' : ''),
  });

  describe(`scoping paths, ${label}`, () => {
    it('reach every state of the machine', () => {
      const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
      expect([...reached].sort()).toEqual(stateKeys(scopingMachine).sort());
    });

    it.each(
      paths.map((p) => [p.steps.map((s) => s.event.type.replace('xstate.', '')).join(' → '), p] as const),
    )('%s', (_name, path) => {
      let snapshot: unknown;
      for (const step of path.steps.slice(1)) {
        const actor = createActor(
          scopingMachine,
          snapshot ? { snapshot: snapshot as never, input } : { input },
        );
        actor.start();
        const meta = metaOf(actor.getSnapshot());
        expect(meta?.title).toBeTruthy();
        if (meta?.form && step.event.type === meta.form.event) {
          // The example answers the path uses are valid for the form the person would see.
          expect(
            validateForm(
              meta.form.fields,
              (step.event as unknown as { values: Record<string, string[]> }).values,
            ).ok,
          ).toBe(true);
        }
        actor.send(step.event);
        expect(actor.getSnapshot().value).toEqual(step.state.value);
        snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
      }
      const final = createActor(scopingMachine, { snapshot: snapshot as never, input });
      final.start();
      expect(final.getSnapshot().value).toEqual(path.state.value);
      final.stop();
    });
  });
}

describe('scoping assignments and timers', () => {
  it('addresses the edit to the ISMS owner and the approval to top management by DM', () => {
    const metas = new Map<string, ReturnType<typeof metaOf>>();
    for (const p of getSimplePaths(scopingMachine, {
      input: { previous: null },
      events: (s) => eventsFor(s as AnyMachineSnapshot, OWNER) as never,
    }))
      metas.set(valueKey(p.state.value), metaOf(p.state as AnyMachineSnapshot));
    expect(metas.get('review')?.to).toEqual({ role: 'owner' });
    expect(metas.get('approval')).toMatchObject({
      to: { role: 'management', fallback: 'owner' },
      where: 'dm',
    });
    // No step decides about people in a guard: that is the runtime's one rule (meta.to).
    expect(JSON.stringify(scopingMachine.config)).not.toMatch(/guard/);
  });

  it('schedules the reminder and the escalation on entering approval, and drops both on leaving', () => {
    const actor = createActor(scopingMachine, { input: { previous: null } });
    const emitted: { type: string; key?: string }[] = [];
    actor.on('*', (e) => emitted.push(e as never));
    actor.start();
    const path = getSimplePaths(scopingMachine, {
      input: { previous: null },
      events: (s) => eventsFor(s as AnyMachineSnapshot, OWNER) as never,
      toState: (s) => s.value === 'approval',
    })[0];
    for (const step of path?.steps.slice(1) ?? []) actor.send(step.event);
    expect(emitted.filter((e) => e.type === 'runtime.schedule').map((e) => e.key)).toEqual([
      'approval.remind',
      'approval.escalate',
    ]);
    actor.send({ type: 'scope.remind', actor: SYSTEM } as never);
    actor.send({ type: 'scope.escalate', actor: SYSTEM } as never);
    expect(actor.getSnapshot().value).toBe('approval');
    expect(emitted.filter((e) => e.type === 'runtime.notify').map((e) => e.key)).toEqual([
      'approval.remind',
      'approval.escalate',
    ]);
    actor.send({ type: 'scope.approve', actor: MANAGER } as never);
    expect(emitted.filter((e) => e.type === 'runtime.unschedule').map((e) => e.key)).toEqual([
      'approval.remind',
      'approval.escalate',
    ]);
  });

  it('emits scope.approved with the statement when the owner approves', () => {
    const actor = createActor(scopingMachine, { input: { previous } });
    const emitted: unknown[] = [];
    actor.on('scope.approved', (e) => emitted.push(e));
    actor.start();
    const path = getSimplePaths(scopingMachine, {
      input: { previous },
      events: (s) => eventsFor(s as AnyMachineSnapshot, OWNER) as never,
      toState: (s) => s.value === 'approved',
    })[0];
    for (const step of path?.steps.slice(1) ?? []) actor.send(step.event);
    expect(actor.getSnapshot().status).toBe('done');
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      type: 'scope.approved',
      actor: { userId: 'UOWNER' },
      statement: actor.getSnapshot().context.answers.statement,
    });
    expect(String(actor.getSnapshot().context.answers.statement).length).toBeGreaterThan(20);
    expect(actor.getSnapshot().context.changes).toMatch(/^[-+] /m);
  });
});
