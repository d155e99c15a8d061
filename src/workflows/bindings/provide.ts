/** The same side-effect implementations for every definition of a flow still in use. */
import type { AnyStateMachine } from 'xstate';
import type { FlowEntry } from '../../../flows/index.ts';
import type { RuntimeFlow } from '../types.ts';

type Implementations = Parameters<AnyStateMachine['provide']>[0];

export function provideAll(
  entry: FlowEntry,
  implementations: Implementations,
): Pick<RuntimeFlow, 'key' | 'title' | 'command' | 'summary' | 'machine' | 'version' | 'machines' | 'child'> {
  const machines = new Map<number, AnyStateMachine>();
  for (const [v, m] of Object.entries(entry.previous ?? {}))
    machines.set(Number(v), m.provide(implementations));
  const machine = entry.machine.provide(implementations);
  machines.set(entry.version, machine);
  return {
    key: entry.key,
    title: entry.title,
    command: entry.command,
    summary: entry.summary,
    machine,
    version: entry.version,
    machines,
    child: entry.child ?? false,
  };
}
