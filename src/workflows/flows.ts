/** The flows as the runtime runs them: one binding per machine in flows/, checked to be complete. */
import { FLOWS } from '../../flows/index.ts';
import { type DraftMinutes, reviewBindings } from './bindings/review.ts';
import { riskBinding } from './bindings/risk.ts';
import { type DraftScope, scopingBinding } from './bindings/scoping.ts';
import { soaBinding } from './bindings/soa.ts';
import type { RuntimeFlow } from './types.ts';

export type { DraftMinutes, DraftScope };

export function runtimeFlows(deps: {
  draftScope: DraftScope;
  draftMinutes?: DraftMinutes | undefined;
  ctxOf?: Parameters<typeof reviewBindings>[0]['ctxOf'];
}): RuntimeFlow[] {
  const bound = [scopingBinding(deps), riskBinding(), soaBinding(deps), ...reviewBindings(deps)];
  const missing = Object.keys(FLOWS).filter((k) => !bound.some((b) => b.key === k));
  if (missing.length) throw new Error(`flows without a binding: ${missing.join(', ')}`);
  return bound;
}
