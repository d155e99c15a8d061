/**
 * A workspace's risk assessment method (6.1.2 a–e): the likelihood and impact scales, the grid that
 * maps each likelihood × impact cell to a risk level, and the acceptance criteria of each level.
 * Pure: validation only. The grid is explicit (not a product) so that a team can keep the matrix
 * its auditor already accepted.
 */
import { z } from 'zod';
import { DomainError } from '../errors.ts';

export const ACCEPTORS = ['owner', 'management', 'none'] as const;
/** Who may accept a residual risk of a level: its risk owner, top management, or nobody (treat it). */
export type Acceptor = (typeof ACCEPTORS)[number];

const scaleLevel = z.object({
  value: z.number().int().min(1),
  label: z.string().trim().min(1).max(40),
  description: z.string().trim().min(1).max(300),
});

const riskLevel = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{0,29}$/, 'a level id is lower-case letters, digits, - or _'),
  name: z.string().trim().min(1).max(30),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #RRGGBB'),
  acceptance: z.object({
    by: z.enum(ACCEPTORS),
    /** The longest an acceptance of this level may last; null when nobody may accept it. */
    maxDays: z.number().int().min(1).max(1095).nullable(),
  }),
});

export const methodSchema = z.object({
  name: z.string().trim().min(1).max(80),
  /** The preset it came from, if any (`3x3`, `4x4`, `5x5`). */
  preset: z.string().optional(),
  likelihood: z.array(scaleLevel).min(2).max(10),
  impact: z.array(scaleLevel).min(2).max(10),
  /** Ordered from the lowest level to the highest. */
  levels: z.array(riskLevel).min(2).max(8),
  /** grid[likelihood - 1][impact - 1] is a level id. */
  grid: z.array(z.array(z.string())),
});

export type RiskMethod = z.infer<typeof methodSchema>;
export type ScaleLevel = RiskMethod['likelihood'][number];
export type RiskLevelDef = RiskMethod['levels'][number];

/** Everything wrong with a method, one sentence each (empty when it is sound). */
export function methodProblems(m: RiskMethod): string[] {
  const problems: string[] = [];
  for (const [axis, scale] of [
    ['likelihood', m.likelihood],
    ['impact', m.impact],
  ] as const) {
    scale.forEach((s, i) => {
      if (s.value !== i + 1) problems.push(`The ${axis} levels must be numbered 1, 2, 3 … in order.`);
    });
  }
  const ids = new Set<string>();
  for (const l of m.levels) {
    if (ids.has(l.id)) problems.push(`The risk level id "${l.id}" is used twice.`);
    ids.add(l.id);
    if (l.acceptance.by === 'none' && l.acceptance.maxDays !== null)
      problems.push(`Level "${l.name}" may not be accepted, so it has no longest acceptance.`);
    if (l.acceptance.by !== 'none' && l.acceptance.maxDays === null)
      problems.push(`Level "${l.name}" needs the longest an acceptance may last (days).`);
  }
  const missing: string[] = [];
  for (let li = 0; li < m.likelihood.length; li++) {
    const row = m.grid[li] ?? [];
    for (let ii = 0; ii < m.impact.length; ii++) {
      const cell = row[ii];
      if (cell === undefined || cell === '') missing.push(`likelihood ${li + 1} × impact ${ii + 1}`);
      else if (!ids.has(cell))
        problems.push(`Cell likelihood ${li + 1} × impact ${ii + 1} names an unknown level "${cell}".`);
    }
    if (row.length > m.impact.length) problems.push(`Grid row ${li + 1} has more cells than impact levels.`);
  }
  if (m.grid.length > m.likelihood.length) problems.push('The grid has more rows than likelihood levels.');
  if (missing.length > 0) problems.push(`The grid is incomplete: no level for ${missing.join(', ')}.`);
  return [...new Set(problems)];
}

/** Parse and check a method; a bad one is a VALIDATION error listing every problem. */
export function parseMethod(input: unknown): RiskMethod {
  const parsed = methodSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'method'}: ${i.message}`);
    throw new DomainError('VALIDATION', `This risk method is not valid: ${lines.slice(0, 8).join('; ')}.`);
  }
  const problems = methodProblems(parsed.data);
  if (problems.length > 0)
    throw new DomainError('VALIDATION', `This risk method is not valid: ${problems.join(' ')}`);
  return parsed.data;
}
