/**
 * The next risk id, `R-001`, `R-002` … per workspace, from the workspace counter (counters.ts): a risk
 * flow takes its id when it starts, long before the risk is stored, so two flows never get the same
 * one. The counter skips past any `R-NNN` already in the register (an import that kept its own ids).
 */
import { and, eq, max } from 'drizzle-orm';
import { counters, risks } from '../../store/schema/index.ts';
import type { Ctx } from '../context.ts';
import { nextNumber } from '../counters.ts';
import { formatRef } from '../human-ids.ts';

export function nextRiskRef(ctx: Ctx): string {
  return ctx.db.transaction(
    (tx) => {
      const highest =
        tx
          .select({ n: max(risks.seq) })
          .from(risks)
          .where(eq(risks.teamId, ctx.teamId))
          .get()?.n ?? 0;
      let n = nextNumber({ ...ctx, db: tx }, 'R');
      if (n <= highest) {
        n = highest + 1;
        tx.update(counters)
          .set({ value: n })
          .where(and(eq(counters.teamId, ctx.teamId), eq(counters.name, 'R')))
          .run();
      }
      return formatRef('R', n);
    },
    { behavior: 'immediate' },
  );
}
