/**
 * The preset methods (3×3, 4×4, 5×5). Their grids are written out cell by cell from score bands,
 * then stored like any custom method, so a later change here never changes a stored method.
 * Descriptions are our own plain wording for a software company.
 */
import type { RiskLevelDef, RiskMethod, ScaleLevel } from './method.ts';

export const PRESETS = ['3x3', '4x4', '5x5'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = '5x5';

const LOW: RiskLevelDef = {
  id: 'low',
  name: 'Low',
  colour: '#2E7D32',
  acceptance: { by: 'owner', maxDays: 365 },
};
const MEDIUM: RiskLevelDef = {
  id: 'medium',
  name: 'Medium',
  colour: '#F9A825',
  acceptance: { by: 'owner', maxDays: 180 },
};
const HIGH: RiskLevelDef = {
  id: 'high',
  name: 'High',
  colour: '#EF6C00',
  acceptance: { by: 'management', maxDays: 90 },
};
const CRITICAL: RiskLevelDef = {
  id: 'critical',
  name: 'Critical',
  colour: '#C62828',
  acceptance: { by: 'none', maxDays: null },
};

const scale = (rows: readonly (readonly [string, string])[]): ScaleLevel[] =>
  rows.map(([label, description], i) => ({ value: i + 1, label, description }));

/** grid from the lowest score each level starts at, ascending. */
function banded(n: number, bands: readonly (readonly [number, string])[]): string[][] {
  return Array.from({ length: n }, (_, l) =>
    Array.from({ length: n }, (_, i) => {
      const score = (l + 1) * (i + 1);
      return [...bands].reverse().find(([from]) => score >= from)?.[1] ?? (bands[0]?.[1] as string);
    }),
  );
}

const LIKELIHOOD_5 = scale([
  ['Rare', 'Not expected in the next ten years; it would take an unusual combination of events.'],
  ['Unlikely', 'Could happen once in five to ten years; we know of it happening elsewhere.'],
  ['Possible', 'Could happen once in one to five years; it has happened to companies like ours.'],
  ['Likely', 'Expected about once a year; we have seen attempts or near misses.'],
  ['Almost certain', 'Expected several times a year, or already happening.'],
]);
const IMPACT_5 = scale([
  ['Negligible', 'No customer notices; fixed in routine work within a day.'],
  ['Minor', 'A few customers affected for hours; no personal data exposed; small cost.'],
  ['Moderate', 'Many customers affected for a day, or limited personal data exposed; complaints.'],
  ['Major', 'Service down for days, personal data breach to report, contract penalties.'],
  ['Severe', 'Loss of key customers or licences, large fines, threat to the company.'],
]);

const five: RiskMethod = {
  name: '5×5 likelihood × impact',
  preset: '5x5',
  likelihood: LIKELIHOOD_5,
  impact: IMPACT_5,
  levels: [LOW, MEDIUM, HIGH, CRITICAL],
  grid: banded(5, [
    [1, 'low'],
    [5, 'medium'],
    [10, 'high'],
    [17, 'critical'],
  ]),
};

const four: RiskMethod = {
  name: '4×4 likelihood × impact',
  preset: '4x4',
  likelihood: scale([
    ['Unlikely', 'Not expected in the next five years.'],
    ['Possible', 'Could happen once in one to five years.'],
    ['Likely', 'Expected about once a year.'],
    ['Almost certain', 'Expected several times a year, or already happening.'],
  ]),
  impact: scale([
    ['Minor', 'Little effect on customers or operations; fixed in routine work.'],
    ['Moderate', 'Customers affected for a day, or limited personal data exposed.'],
    ['Major', 'Service down for days, a reportable breach, contract penalties.'],
    ['Severe', 'Loss of key customers, large fines, threat to the company.'],
  ]),
  levels: [LOW, MEDIUM, HIGH, CRITICAL],
  grid: banded(4, [
    [1, 'low'],
    [4, 'medium'],
    [8, 'high'],
    [12, 'critical'],
  ]),
};

const three: RiskMethod = {
  name: '3×3 likelihood × impact',
  preset: '3x3',
  likelihood: scale([
    ['Unlikely', 'Not expected in the next five years.'],
    ['Possible', 'Could happen in the next few years.'],
    ['Likely', 'Expected at least once a year.'],
  ]),
  impact: scale([
    ['Low', 'Little effect on customers or operations.'],
    ['Medium', 'Customers affected, or limited personal data exposed.'],
    ['High', 'Long outage, a reportable breach, or loss of key customers.'],
  ]),
  levels: [LOW, MEDIUM, { ...HIGH, acceptance: { by: 'none', maxDays: null } }],
  grid: banded(3, [
    [1, 'low'],
    [3, 'medium'],
    [6, 'high'],
  ]),
};

const BY_NAME: Record<Preset, RiskMethod> = { '3x3': three, '4x4': four, '5x5': five };

/** A fresh copy of a preset (callers may not change the shared one). */
export function presetMethod(preset: Preset): RiskMethod {
  return structuredClone(BY_NAME[preset]);
}
