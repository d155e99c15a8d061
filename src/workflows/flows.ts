/** The flows as the runtime runs them: one binding per machine in flows/, checked to be complete. */
import { FLOWS } from '../../flows/index.ts';
import type { Clock } from '../domain/context.ts';
import type { Db } from '../store/db.ts';
import { type DraftScope, scopingBinding } from './bindings/scoping.ts';
import { soaBinding } from './bindings/soa.ts';
import type { RuntimeFlow } from './types.ts';

export type { DraftScope };

/**
 * `db` and `clock`: the store the SoA review's actors read. Optional so that tests of other flows can
 * build the registry without one; a flow that needs them then fails with a clear error when it runs.
 */
export function runtimeFlows(deps: { draftScope: DraftScope; db?: Db; clock?: Clock }): RuntimeFlow[] {
  const bound = [scopingBinding(deps), soaBinding(deps)];
  const missing = Object.keys(FLOWS).filter((k) => !bound.some((b) => b.key === k));
  if (missing.length) throw new Error(`flows without a binding: ${missing.join(', ')}`);
  return bound;
}
