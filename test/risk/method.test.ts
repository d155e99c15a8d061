/** The level rule (one module) against the presets and a custom grid, and method versions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { changeRiskMethod } from '../../src/domain/risk/acceptances.ts';
import { riskLevel } from '../../src/domain/risk/level.ts';
import { parseMethod, type RiskMethod } from '../../src/domain/risk/method.ts';
import { currentMethod, ensureMethod, methodAt } from '../../src/domain/risk/methods.ts';
import { presetMethod } from '../../src/domain/risk/presets.ts';
import { methodMarkdown } from '../../src/exports/method-markdown.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { custom4x4, domainOnDisk, owner } from '../helpers/domain.ts';

describe('riskLevel', () => {
  it('reads the 5×5 preset at its edge cells', () => {
    const m = presetMethod('5x5');
    expect(riskLevel(m, { likelihood: 1, impact: 1 }).id).toBe('low');
    expect(riskLevel(m, { likelihood: 1, impact: 4 }).id).toBe('low');
    expect(riskLevel(m, { likelihood: 1, impact: 5 }).id).toBe('medium');
    expect(riskLevel(m, { likelihood: 3, impact: 3 }).id).toBe('medium');
    expect(riskLevel(m, { likelihood: 2, impact: 5 }).id).toBe('high');
    expect(riskLevel(m, { likelihood: 4, impact: 4 }).id).toBe('high');
    expect(riskLevel(m, { likelihood: 4, impact: 5 }).id).toBe('critical');
    expect(riskLevel(m, { likelihood: 5, impact: 5 }).id).toBe('critical');
  });

  it('reads the 3×3 and 4×4 presets', () => {
    expect(riskLevel(presetMethod('3x3'), { likelihood: 3, impact: 3 }).id).toBe('high');
    expect(riskLevel(presetMethod('3x3'), { likelihood: 1, impact: 3 }).id).toBe('medium');
    expect(riskLevel(presetMethod('4x4'), { likelihood: 4, impact: 3 }).id).toBe('critical');
    expect(riskLevel(presetMethod('4x4'), { likelihood: 2, impact: 2 }).id).toBe('medium');
  });

  it('follows a custom grid cell by cell, not a product', () => {
    const m = parseMethod(custom4x4);
    // 1×4 and 4×1 have the same product but different levels on this grid.
    expect(riskLevel(m, { likelihood: 1, impact: 4 }).id).toBe('amber');
    expect(riskLevel(m, { likelihood: 4, impact: 1 }).id).toBe('amber');
    expect(riskLevel(m, { likelihood: 4, impact: 2 }).id).toBe('red');
    expect(riskLevel(m, { likelihood: 2, impact: 4 }).id).toBe('amber');
    expect(riskLevel(m, { likelihood: 1, impact: 1 }).id).toBe('green');
    expect(riskLevel(m, { likelihood: 4, impact: 4 }).id).toBe('red');
  });

  it('refuses a rating off the scale', () => {
    const m = presetMethod('4x4');
    expect(() => riskLevel(m, { likelihood: 5, impact: 1 })).toThrow(
      /Likelihood 5 is off the scale: pick 1 to 4/,
    );
    expect(() => riskLevel(m, { likelihood: 1, impact: 0 })).toThrow(/Impact 0 is off the scale/);
  });
});

describe('parseMethod', () => {
  it('names every missing cell of an incomplete grid', () => {
    const grid = custom4x4.grid.map((r) => [...r]);
    grid[3] = ['amber', 'red', 'red'];
    grid[1] = ['green', '', 'amber', 'amber'];
    expect(() => parseMethod({ ...custom4x4, grid })).toThrow(
      /grid is incomplete: no level for likelihood 2 × impact 2, likelihood 4 × impact 4/,
    );
  });

  it('refuses unknown levels in cells, acceptance limits that do not fit, and bad colours', () => {
    const bad = structuredClone(custom4x4);
    (bad.grid[0] as string[])[0] = 'blue';
    expect(() => parseMethod(bad)).toThrow(/names an unknown level "blue"/);
    const noLimit = structuredClone(custom4x4);
    (noLimit.levels[0] as RiskMethod['levels'][number]).acceptance.maxDays = null;
    expect(() => parseMethod(noLimit)).toThrow(/"Green" needs the longest an acceptance may last/);
    expect(() =>
      parseMethod({ ...custom4x4, levels: [{ ...custom4x4.levels[0], colour: 'green' }] }),
    ).toThrow(/colour is #RRGGBB/);
  });
});

describe('method versions', () => {
  let db: Db;
  let ctx: Ctx;
  beforeEach(() => {
    ({ db, ctx } = domainOnDisk());
  });
  afterEach(() => closeDatabase(db));

  it('starts on the unstored 5×5 default and stores it when first needed', () => {
    expect(currentMethod(ctx)).toMatchObject({ version: 0, method: { preset: '5x5' } });
    expect(ensureMethod(ctx, owner).version).toBe(1);
    expect(ensureMethod(ctx, owner).version).toBe(1);
    expect(listEvidence(ctx).map((e) => [e.kind, (e.data as { why: string }).why])).toEqual([
      ['risk.method_set', 'default'],
    ]);
  });

  it('keeps every version and makes the newest current, with evidence', () => {
    changeRiskMethod(ctx, owner, { preset: '4x4' });
    const v2 = changeRiskMethod(ctx, owner, { method: custom4x4 });
    expect(v2.version).toBe(2);
    expect(currentMethod(ctx).method.name).toBe('Acme 4×4');
    expect(methodAt(ctx, 1).preset).toBe('4x4');
    expect(listEvidence(ctx).map((e) => e.subject)).toEqual(['risk-method:1', 'risk-method:2']);
  });

  it('stores nothing for a bad method or an unknown preset', () => {
    expect(() => changeRiskMethod(ctx, owner, { preset: '6x6' })).toThrow(/no preset "6x6"/);
    expect(() => changeRiskMethod(ctx, owner, { method: { ...custom4x4, grid: [] } })).toThrow(/incomplete/);
    expect(currentMethod(ctx).version).toBe(0);
    expect(listEvidence(ctx)).toHaveLength(0);
  });

  it('isolates teams', () => {
    changeRiskMethod(ctx, owner, { preset: '3x3' });
    expect(currentMethod({ ...ctx, teamId: 'T2' }).version).toBe(0);
  });
});

describe('methodMarkdown', () => {
  it('documents the scales, the matrix and the acceptance criteria', () => {
    const md = methodMarkdown(parseMethod(custom4x4), { version: 3, createdAt: '2026-11-24T09:00:00Z' });
    expect(md).toMatch(/^# Information security risk assessment process \(6\.1\.2\)/);
    expect(md).toContain('Method: **Acme 4×4** (version 3, in force since 2026-11-24)');
    // Highest likelihood first, as matrices are usually drawn.
    expect(md).toContain('| 4 L4 | Amber | Red | Red | Red |');
    expect(md).toContain('| 1 L1 | Green | Green | Green | Amber |');
    expect(md).toContain('| Amber | #FFBF00 | the risk owner, then top management | 60 days |');
    expect(md).toContain('| Red | #DD0000 | nobody: it must be treated | — |');
  });
});
