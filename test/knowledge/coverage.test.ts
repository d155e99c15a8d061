/** The knowledge base covers every clause, every Annex A control and every related document, once. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAUSES, CONTROLS, RELATED_REFS } from '../../src/domain/catalog.ts';
import { chunkDocs, loadKnowledge } from '../../src/knowledge/index.ts';

const docs = loadKnowledge();
const byRef = (ref: string) => docs.filter((d) => d.ref === ref);

describe('knowledge coverage', () => {
  it.each(CLAUSES.map((c) => [c.ref, c.title]))(
    'clause %s has exactly one document titled "%s"',
    (ref, title) => {
      const found = byRef(ref);
      expect(found.map((d) => [d.kind, d.title])).toEqual([['clause', title]]);
    },
  );

  it('has all 93 Annex A controls, each exactly once with its title and theme', () => {
    expect(CONTROLS).toHaveLength(93);
    const problems = CONTROLS.flatMap((c) => {
      const found = byRef(c.ref);
      if (found.length !== 1) return [`${c.ref}: ${found.length} documents`];
      const d = found[0];
      if (d?.title !== c.title) return [`${c.ref}: title "${d?.title}" should be "${c.title}"`];
      if (d.kind !== 'control' || d.theme !== c.theme) return [`${c.ref}: kind/theme ${d.kind}/${d.theme}`];
      if (d.new_in_2022 !== c.newIn2022) return [`${c.ref}: new_in_2022 should be ${c.newIn2022}`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it.each([...RELATED_REFS])('related document %s exists once', (ref) => {
    expect(byRef(ref).map((d) => d.kind)).toEqual(['related']);
  });

  it('has the topics people ask about', () => {
    const topics = docs.filter((d) => d.kind === 'topic').map((d) => d.ref);
    for (const t of [
      'PDCA',
      'CIA triad',
      'Certification journey',
      'Statement of Applicability',
      'Mandatory documented information',
      'Risk methodology',
      'AI systems in the ISMS',
      'Glossary',
    ]) {
      expect(topics).toContain(t);
    }
  });

  it('has no duplicate refs and every document has sections to retrieve', () => {
    const refs = docs.map((d) => d.ref);
    expect(refs.length).toBe(new Set(refs).size);
    const chunks = chunkDocs(docs);
    const empty = docs.filter((d) => !chunks.some((c) => c.ref === d.ref)).map((d) => d.file);
    expect(empty).toEqual([]);
  });

  it('rejects a document with broken front matter, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    writeFileSync(join(dir, 'bad.md'), '---\nref: "A.9.9"\ntitle: "x"\nkind: essay\n---\n# x\n');
    expect(() => loadKnowledge(dir)).toThrow(/knowledge\/bad\.md: front matter kind/);
    writeFileSync(join(dir, 'bad.md'), '# no front matter\n');
    expect(() => loadKnowledge(dir)).toThrow(/knowledge\/bad\.md: no front matter/);
  });
});
