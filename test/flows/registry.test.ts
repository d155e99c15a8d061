/** Every flow is registered, has a generated-paths test, and stays pure (no Slack, store or network). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../flows/index.ts';
import { ROOT } from '../helpers/app-process.ts';

const flowFiles = readdirSync(join(ROOT, 'flows')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

describe('flow registry', () => {
  it('registers every machine file in flows/', () => {
    expect(flowFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(Object.keys(FLOWS).sort());
  });

  it.each(Object.keys(FLOWS))('%s has a paths test', (key) => {
    expect(existsSync(join(ROOT, 'test/flows', `${key}.paths.test.ts`))).toBe(true);
  });

  it.each(flowFiles)('%s imports only xstate and pure domain helpers', (file) => {
    const source = readFileSync(join(ROOT, 'flows', file), 'utf8');
    const imports = [...source.matchAll(/^import\s.*?from\s+'([^']+)'/gms)].map((m) => m[1] ?? '');
    for (const spec of imports)
      expect(spec).toMatch(
        /^(xstate|\.\/[a-z-]+\.ts|\.\.\/src\/domain\/(flow-meta|scope-statement|soa-review|catalog|review-agenda|review-minutes|review-steps|risk\/(level|method|flow-text))\.ts)$/,
      );
  });
});
