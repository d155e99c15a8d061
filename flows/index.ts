/** Every workflow the runtime knows. Adding a flow: one machine file here, plus domain code if it owns new data. */
import type { AnyStateMachine } from 'xstate';
import { scopingMachine } from './scoping.ts';

export interface FlowEntry {
  readonly key: string;
  readonly title: string;
  /** `/isms <command>` starts it. */
  readonly command: string;
  readonly summary: string;
  readonly machine: AnyStateMachine;
}

export const FLOWS: Readonly<Record<string, FlowEntry>> = {
  scoping: {
    key: 'scoping',
    title: 'ISMS scope (4.1–4.4)',
    command: 'scope',
    summary: 'scope the ISMS (clauses 4.1–4.4) step by step',
    machine: scopingMachine,
  },
};
