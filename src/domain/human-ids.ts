/** Per-workspace human ids such as `R-001` and `A-012`: the next one skips any imported `R-…`. */

/** The number in `R-007` (for prefix `R`), or null for any other form (an imported id). */
export function seqOf(prefix: string, ref: string): number | null {
  const m = new RegExp(`^${prefix}-(\\d{1,9})$`).exec(ref);
  return m ? Number(m[1]) : null;
}

export function formatRef(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(3, '0')}`;
}
