/**
 * Path coverage generated from the machines themselves: the events to try in each state are read
 * from its `meta` (forms with example answers, choices), its invocations (done / error) and the other
 * events its active state nodes take (timers, children finishing: sent by the system), through
 * xstate's public state-node tree, so nested states work too.
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, EventObject, StateValue } from 'xstate';
import {
  type EventActor,
  type FieldSpec,
  type FormValues,
  type StepMeta,
  stepFields,
} from '../../src/domain/flow-meta.ts';

export const OWNER: EventActor = { userId: 'UOWNER', name: 'olivia', roles: ['owner'] };
export const MEMBER: EventActor = { userId: 'UMEMBER', name: 'max', roles: [] };
export const MANAGER: EventActor = { userId: 'UMANAGER', name: 'mia', roles: ['management'] };
export const SYSTEM: EventActor = { userId: 'system', name: 'isms-bot', roles: [] };

export function exampleValue(f: FieldSpec): FormValues[string] {
  const base = f.example ?? `Example ${f.label.toLowerCase()} for the path tests, long enough`;
  switch (f.type) {
    case 'list':
      return [base];
    // A field whose options come from data (a source) has no options here: its example stands in.
    case 'select':
      return f.options?.[0]?.value ?? f.example ?? null;
    case 'multiselect':
      // A sourced list has no options in `meta`: its example is one of the source's values.
      return f.options?.slice(0, 1).map((o) => o.value) ?? (f.example ? [f.example] : []);
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

/** The state nodes a value makes active, parents before children. */
export function activeNodes(machine: AnyStateMachine, value: StateValue): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode, v: StateValue) => {
    out.push(node);
    if (typeof v === 'string') {
      const child = node.states[v];
      if (child) out.push(child);
      return;
    }
    for (const [k, sub] of Object.entries(v)) {
      const child = node.states[k];
      if (child) walk(child, sub as StateValue);
    }
  };
  walk(machine.root, value);
  return out;
}

/** A state value as one readable key per active leaf, e.g. `approval` or `review.editing`. */
export function valueKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([k, v]) =>
      v && (typeof v === 'string' || Object.keys(v).length) ? `${k}.${valueKey(v as StateValue)}` : k,
    )
    .join(',');
}

/** The events worth trying in a state, for an actor (timers and children come from the system). */
export function eventsFor(snapshot: AnyMachineSnapshot, actor: EventActor): EventObject[] {
  const meta = metaOf(snapshot);
  const events: EventObject[] = [];
  if (meta?.form)
    events.push({
      type: meta.form.event,
      values: exampleValues(stepFields(meta.form, snapshot.context as Record<string, unknown>)),
      actor,
    } as EventObject);
  for (const c of meta?.choices ?? []) {
    events.push({
      type: c.event,
      actor,
      ...(c.form ? { values: exampleValues(c.form.fields) } : {}),
    } as EventObject);
  }
  const nodes = activeNodes(snapshot.machine, snapshot.value);
  for (const inv of nodes.flatMap((n) => n.invoke)) {
    events.push({
      type: `xstate.done.actor.${inv.id}`,
      output: 'Drafted: the ISMS covers the whole company and its cloud platform.',
    } as EventObject);
    events.push({ type: `xstate.error.actor.${inv.id}`, error: new Error('model down') } as EventObject);
  }
  const covered = new Set(events.map((e) => e.type));
  for (const type of new Set(nodes.flatMap((n) => n.ownEvents))) {
    if (covered.has(type) || type.startsWith('xstate.') || type === '*') continue;
    events.push({ type, actor: SYSTEM, childId: 'child-1', output: {} } as EventObject);
  }
  return events;
}

/**
 * A superseded decision (`<event>.superseded`) is sent by the runtime only right after that decision,
 * so on the way to a state it would be a shortcut no instance can take: walk without it, and try it
 * as each path's last step (every transition is still taken once).
 */
export const isCorrection = (e: EventObject) => e.type.endsWith('.superseded');
export const walkEventsFor = (snapshot: AnyMachineSnapshot, actor: EventActor) =>
  eventsFor(snapshot, actor).filter((e) => !isCorrection(e));

/** Every leaf state of a machine, nested ones as `parent.child`. */
export function stateKeys(machine: AnyStateMachine): string[] {
  const keys: string[] = [];
  const walk = (node: AnyStateNode, prefix: string) => {
    const children = Object.entries(node.states);
    if (!children.length) keys.push(prefix);
    for (const [k, child] of children) walk(child, prefix ? `${prefix}.${k}` : k);
  };
  walk(machine.root, '');
  return keys;
}
