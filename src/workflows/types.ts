/** What the runtime runs: a flow's binding (its machines with side effects provided, its data writes). */
import type { AnyStateMachine } from 'xstate';
import type { Actor, Ctx, Place } from '../domain/context.ts';
import type { NewEvidence } from '../domain/evidence.ts';
import type { FormValues } from '../domain/flow-meta.ts';
import type { Tx } from '../store/db.ts';
import type { Instance, Step } from './instances.ts';

/** An event a machine emitted: a decision for the domain, or a reserved `runtime.*` request. */
export type Emitted = { type: string } & Record<string, unknown>;

/**
 * Everything flow-specific, in one file per flow (src/workflows/bindings/<flow>.ts): adding a flow is
 * its machine, its binding and its domain code; nothing in bot/, slack/ or console/ changes.
 */
export interface RuntimeFlow {
  readonly key: string;
  readonly title: string;
  readonly command: string;
  readonly summary: string;
  /** The definition new instances start on, and its number. */
  readonly machine: AnyStateMachine;
  readonly version: number;
  /** Every definition an instance may still be running on, by number (the current one included). */
  readonly machines: ReadonlyMap<number, AnyStateMachine>;
  /** Started only by a parent (`runtime.spawn`): no `/isms` command of its own. */
  readonly child?: boolean | undefined;
  /** At most one active instance per workspace (a partial unique index enforces it). */
  readonly singleton: boolean;
  /** Input for a new instance (e.g. the current approved version to propose changes to). */
  input(ctx: Ctx, start: { subject?: string | undefined; input?: unknown }): unknown;
  /** Domain writes for an emitted event, inside the transaction; returns extra evidence. */
  onEmitted?(ctx: Ctx & { db: Tx }, emitted: Emitted, instance: Instance): NewEvidence[];
  /**
   * Checks of a step form's answers that need the store and more than one field (e.g. an SoA row's
   * justification, a risk acceptance's expiry within the criteria); `event` names the form (a step
   * can have several). Field errors shown in the modal, and nothing is sent.
   */
  check?(ctx: Ctx, step: Step, values: FormValues, event?: string): Record<string, string>;
  /** The approved document the flow produces, for `/isms <command> show`. */
  document?(ctx: Ctx): string | undefined;
  /** One line for App Home about what the flow has produced so far. */
  home?(ctx: Ctx): string | undefined;
  /** Its `/isms` command is its own feature's (e.g. `/isms risk new`), not the generic start command. */
  readonly ownCommand?: boolean;
}

export interface SendInput {
  readonly teamId: string;
  readonly instanceId: string;
  readonly event: Emitted;
  readonly actor: Actor;
  /** The step the person saw; a different current step means their button is stale. */
  readonly expectStep?: string | undefined;
  readonly place?: Place | undefined;
  /** Evidence made this way was made in console mode (a person acting as a colleague). */
  readonly via?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', name: 'isms-bot' };
