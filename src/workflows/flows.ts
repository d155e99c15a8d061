/**
 * The flows as the runtime runs them: each machine from flows/ with its side effects provided
 * (`setup({ actors })` implementations) and its emitted events turned into domain writes.
 */
import { fromPromise } from 'xstate';
import { FLOWS } from '../../flows/index.ts';
import type { PreviousScope, ScopingEmitted } from '../../flows/scoping.ts';
import type { FormValues } from '../domain/flow-meta.ts';
import { currentScope, saveApprovedScope } from '../domain/scope.ts';
import { placeOf, type RuntimeFlow } from './runtime.ts';

export type DraftScope = (input: { answers: FormValues; previous: PreviousScope | null }) => Promise<string>;

export function runtimeFlows(deps: { draftScope: DraftScope }): RuntimeFlow[] {
  const scoping = FLOWS.scoping;
  if (!scoping) throw new Error('scoping flow missing from flows/index.ts');
  return [
    {
      key: scoping.key,
      title: scoping.title,
      command: scoping.command,
      summary: scoping.summary,
      machine: scoping.machine.provide({
        actors: {
          draftStatement: fromPromise(({ input }) => deps.draftScope(input as Parameters<DraftScope>[0])),
        },
      }),
      input: (ctx) => {
        const current = currentScope(ctx);
        return {
          previous: current
            ? {
                version: current.version,
                statement: current.statement,
                answers: current.answers as FormValues,
              }
            : null,
        };
      },
      onEmitted: (ctx, emitted, instance) => {
        if (emitted.type !== 'scope.approved') return [];
        const e = emitted as unknown as ScopingEmitted;
        const saved = saveApprovedScope(ctx, {
          statement: e.statement,
          answers: e.answers,
          instanceId: instance.id,
          approvedBy: e.actor.userId,
        });
        return [
          {
            actor: { userId: e.actor.userId, name: e.actor.name },
            kind: 'scope.approved',
            subject: instance.id,
            step: 'approved',
            data: { version: saved.version, statement: saved.statement },
            place: placeOf(instance),
          },
        ];
      },
    },
  ];
}
