/** References in every notation people type. */
import { describe, expect, it } from 'vitest';
import { normalizeRef, parseRefs } from '../../src/knowledge/index.ts';

describe('reference parsing', () => {
  it.each([
    ['What does A.8.24 require?', ['A.8.24']],
    ['a.8.24', ['A.8.24']],
    ['tell me about A8.24', ['A.8.24']],
    ['Annex A 8.24', ['A.8.24']],
    ['annex a.5.23 in practice', ['A.5.23']],
    ['Explain control 5.14', ['A.5.14']],
    ['controls 5.19 and 5.20', ['A.5.19', 'A.5.20']],
    ["what's 8.15 about?", ['A.8.15']],
    ['clause 9.3', ['9.3']],
    ['what is in clause 8?', ['8.1', '8.2', '8.3']],
    ['section 6.1.2 please', ['6.1.2']],
    ['9.3.2 inputs', ['9.3.2']],
    ['what does 10.2 ask for', ['10.2']],
    ['what does 7.2 say', ['7.2', 'A.7.2']],
    ['control 7.2', ['A.7.2']],
    ['clause 7.2', ['7.2']],
    ['ISO 27002 vs 27001', ['ISO/IEC 27002']],
    ['ISO/IEC 27017 for cloud', ['ISO/IEC 27017']],
    ['is 42001 certifiable?', ['ISO/IEC 42001']],
    ['SOC2 or ISO?', ['SOC 2']],
    ['mapping to the NIST CSF', ['NIST CSF']],
    ['GDPR and ISO', ['GDPR']],
    ['ISO 9001 overlap', ['ISO 9001']],
  ])('%s → %j', (q, refs) => {
    expect(parseRefs(q)).toEqual(refs);
  });

  it('ignores numbers that are not references', () => {
    expect(parseRefs('we have 2.5 engineers and version 1.2.3, founded in 2019')).toEqual([]);
    expect(parseRefs('A.9.1 is a 2013 control')).toEqual([]);
  });

  it('normalizes refs as the eval files write them', () => {
    expect(normalizeRef(' annex a 8.24 ')).toBe('A.8.24');
    expect(normalizeRef('A8.24')).toBe('A.8.24');
    expect(normalizeRef('9.3.2')).toBe('9.3.2');
  });
});
