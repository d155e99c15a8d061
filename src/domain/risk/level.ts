/**
 * THE rule for a risk's level: the method's grid cell for likelihood × impact. The flow, the
 * register, the heat map, the SoA and every export call this; nothing else computes a level.
 */
import { DomainError } from '../errors.ts';
import type { RiskLevelDef, RiskMethod } from './method.ts';

export interface Rating {
  readonly likelihood: number;
  readonly impact: number;
}

/** The level of a rating on a method; a rating off the method's scales is a VALIDATION error. */
export function riskLevel(method: RiskMethod, rating: Rating): RiskLevelDef {
  const { likelihood, impact } = rating;
  checkOnScale(method, rating);
  const id = method.grid[likelihood - 1]?.[impact - 1];
  const level = method.levels.find((l) => l.id === id);
  // parseMethod guarantees a complete grid; a stored method that is not is a bug, not bad input.
  if (!level) throw new Error(`risk method grid has no level for ${likelihood} × ${impact}`);
  return level;
}

/** `prefix` is e.g. `Residual ` so the message names the rating that is wrong. */
export function checkOnScale(method: RiskMethod, { likelihood, impact }: Rating, prefix = ''): void {
  const onScale = (v: number, n: number) => Number.isInteger(v) && v >= 1 && v <= n;
  for (const [axis, v, n] of [
    ['likelihood', likelihood, method.likelihood.length],
    ['impact', impact, method.impact.length],
  ] as const) {
    if (onScale(v, n)) continue;
    const name = prefix ? `${prefix}${axis}` : `${axis[0]?.toUpperCase()}${axis.slice(1)}`;
    const key = prefix ? `residual${axis[0]?.toUpperCase()}${axis.slice(1)}` : axis;
    const message = `${name} ${v} is off the scale: pick 1 to ${n}.`;
    throw new DomainError('VALIDATION', message, { [key]: message });
  }
}

/** Position of a level from the lowest (0); for sorting and "at least" filters. */
export function levelRank(method: RiskMethod, levelId: string): number {
  return method.levels.findIndex((l) => l.id === levelId);
}

/** Label of a scale value, e.g. `4 Likely`. */
export function scaleLabel(method: RiskMethod, axis: 'likelihood' | 'impact', value: number): string {
  const s = method[axis][value - 1];
  return s ? `${value} ${s.label}` : String(value);
}
