/**
 * Path coverage generated from the machines themselves: the events to try in each state are read
 * from its `meta` (forms with example answers, choices) and its invocations (done / error), for a
 * person who holds the step's role and one who does not.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import type { EventActor, FieldSpec, FormValues, StepMeta } from '../../src/domain/flow-meta.ts';

export const OWNER: EventActor = { userId: 'UOWNER', name: 'olivia', roles: ['owner'] };
export const MEMBER: EventActor = { userId: 'UMEMBER', name: 'max', roles: [] };

export function exampleValue(f: FieldSpec): FormValues[string] {
  const base = f.example ?? `Example ${f.label.toLowerCase()} for the path tests, long enough`;
  switch (f.type) {
    case 'list':
      return [base];
    case 'select':
      return f.options?.[0]?.value ?? null;
    case 'multiselect':
      return f.options?.slice(0, 1).map((o) => o.value) ?? [];
    case 'date':
      return f.example ?? '2026-12-31';
    case 'number':
      return Number(f.example ?? 3);
    default:
      return base;
  }
}

export function exampleValues(fields: readonly FieldSpec[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.id, exampleValue(f)]));
}

export function metaOf(snapshot: AnyMachineSnapshot): StepMeta | undefined {
  const metas = Object.values(snapshot.getMeta() as Record<string, StepMeta>);
  return metas[metas.length - 1];
}

/** The events worth trying in a state, for an actor. */
export function eventsFor(snapshot: AnyMachineSnapshot, actor: EventActor): EventObject[] {
  const meta = metaOf(snapshot);
  const events: EventObject[] = [];
  if (meta?.form)
    events.push({ type: meta.form.event, values: exampleValues(meta.form.fields), actor } as EventObject);
  for (const c of meta?.choices ?? []) {
    events.push({
      type: c.event,
      actor,
      ...(c.form ? { values: exampleValues(c.form.fields) } : {}),
    } as EventObject);
  }
  const nodes = (snapshot as unknown as { _nodes: { invoke: { id: string }[] }[] })._nodes;
  for (const inv of nodes.flatMap((n) => n.invoke)) {
    events.push({
      type: `xstate.done.actor.${inv.id}`,
      output: 'Drafted: the ISMS covers the whole company and its cloud platform.',
    } as EventObject);
    events.push({ type: `xstate.error.actor.${inv.id}`, error: new Error('model down') } as EventObject);
  }
  return events;
}

/** Every state node key of a flat machine. */
export function stateKeys(machine: AnyStateMachine): string[] {
  return Object.keys(machine.root.states);
}
