/** Per-workspace sequences for human ids: `R-001`, `MR-2026-01`. Call inside the transaction that uses the number. */
import { sql } from 'drizzle-orm';
import { counters } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';

/** The next number of `name` in this workspace (1, 2, 3 …); atomic, gap-free within committed transactions. */
export function nextNumber(ctx: Ctx, name: string): number {
  const row = ctx.db
    .insert(counters)
    .values({ teamId: ctx.teamId, name, value: 1 })
    .onConflictDoUpdate({
      target: [counters.teamId, counters.name],
      set: { value: sql`${counters.value} + 1` },
    })
    .returning({ value: counters.value })
    .get();
  return row.value;
}

/** `R-007`, or `MR-2026-01` with a per-year counter. */
export function humanId(ctx: Ctx, prefix: string, opts: { perYear?: boolean; width?: number } = {}): string {
  const year = ctx.clock.now().getUTCFullYear();
  const name = opts.perYear ? `${prefix}-${year}` : prefix;
  const n = String(nextNumber(ctx, name)).padStart(opts.width ?? (opts.perYear ? 2 : 3), '0');
  return `${name}-${n}`;
}
