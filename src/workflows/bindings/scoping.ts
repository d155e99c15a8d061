/**
 * Scoping (4.1–4.4) as the runtime runs it: the draft actor, the input of a later run, the approved
 * scope written when the machine emits `scope.approved`, and the approved document for `/isms scope show`.
 */
import { fromPromise } from 'xstate';
import { FLOWS } from '../../../flows/index.ts';
import type { PreviousScope, ScopingEmitted } from '../../../flows/scoping.ts';
import type { FormValues } from '../../domain/flow-meta.ts';
import { currentScope, saveApprovedScope } from '../../domain/scope.ts';
import { placeOf } from '../instances.ts';
import type { RuntimeFlow } from '../types.ts';
import { provideAll } from './provide.ts';

export type DraftScope = (input: { answers: FormValues; previous: PreviousScope | null }) => Promise<string>;

export function scopingBinding(deps: { draftScope: DraftScope }): RuntimeFlow {
  const entry = FLOWS.scoping;
  if (!entry) throw new Error('scoping flow missing from flows/index.ts');
  return {
    ...provideAll(entry, {
      actors: {
        draftStatement: fromPromise(({ input }) => deps.draftScope(input as Parameters<DraftScope>[0])),
      },
    }),
    singleton: true,
    input: (ctx) => {
      const current = currentScope(ctx);
      return {
        previous: current
          ? { version: current.version, statement: current.statement, answers: current.answers as FormValues }
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
    document: (ctx) => {
      const s = currentScope(ctx);
      return (
        s &&
        `*ISMS scope, version ${s.version}* (approved by <@${s.approvedBy}> on ${s.approvedAt.slice(0, 10)})\n${s.statement}`
      );
    },
    home: (ctx) => {
      const s = currentScope(ctx);
      return s
        ? `*Scope:* version ${s.version}, approved ${s.approvedAt.slice(0, 10)} by <@${s.approvedBy}>`
        : '*Scope:* not approved yet (`/isms scope`)';
    },
  };
}
