/**
 * Every workflow the runtime knows. Adding a flow: one machine file here, its binding in
 * src/workflows/bindings/, plus domain code if it owns new data.
 */
import type { AnyStateMachine } from 'xstate';
import { scopingMachineV1 } from './previous/scoping-v1.ts';
import { riskMachine } from './risk.ts';
import { scopingMachine } from './scoping.ts';

export interface FlowEntry {
  readonly key: string;
  readonly title: string;
  /** `/isms <command>` starts it. */
  readonly command: string;
  readonly summary: string;
  /** The current definition and its number; bump the number when states or context change shape. */
  readonly machine: AnyStateMachine;
  readonly version: number;
  /** Older definitions still needed by running instances, by number (delete once none runs). */
  readonly previous?: Readonly<Record<number, AnyStateMachine>>;
}

export const FLOWS: Readonly<Record<string, FlowEntry>> = {
  scoping: {
    key: 'scoping',
    title: 'ISMS scope (4.1–4.4)',
    command: 'scope',
    summary: 'scope the ISMS (clauses 4.1–4.4) step by step',
    machine: scopingMachine,
    // 2: approval by top management by DM, reminded and escalated.
    version: 2,
    previous: { 1: scopingMachineV1 },
  },
  risk: {
    key: 'risk',
    title: 'Risk assessment and treatment (6.1.2, 6.1.3)',
    command: 'risk',
    summary: 'assess and treat one risk, with acceptance by its owner',
    machine: riskMachine,
    version: 1,
  },
};
