/**
 * Every workflow the runtime knows. Adding a flow: one machine file here, its binding in
 * src/workflows/bindings/, plus domain code if it owns new data.
 */
import type { AnyStateMachine } from 'xstate';
import { scopingMachineV1 } from './previous/scoping-v1.ts';
import { reviewMachine } from './review.ts';
import { reviewActionMachine } from './review-action.ts';
import { reviewInputMachine } from './review-input.ts';
import { riskMachine } from './risk.ts';
import { scopingMachine } from './scoping.ts';
import { soaMachine } from './soa.ts';

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
  /** Started only by another flow (`runtime.spawn`), never by a command of its own. */
  readonly child?: boolean;
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
  soa: {
    key: 'soa',
    title: 'Statement of Applicability review (6.1.3 d)',
    command: 'soa review',
    summary:
      'decide the controls still without a decision, theme by theme, then have top management approve the SoA',
    machine: soaMachine,
    version: 1,
  },
  review: {
    key: 'review',
    title: 'Management review (9.3)',
    command: 'review',
    summary: 'run a management review (9.3): inputs from live data, the meeting, decisions, actions, minutes',
    machine: reviewMachine,
    version: 1,
  },
  'review-input': {
    key: 'review-input',
    title: 'Management review input (9.3.2)',
    command: 'review-input',
    summary: 'one person confirms or writes their management review inputs',
    machine: reviewInputMachine,
    version: 1,
    child: true,
  },
  'review-action': {
    key: 'review-action',
    title: 'Management review action (9.3.3)',
    command: 'review-action',
    summary: 'an action item of a management review, reminded until done',
    machine: reviewActionMachine,
    version: 1,
    child: true,
  },
};
