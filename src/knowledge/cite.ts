/**
 * What an answer cites. Sources are DESIGN.md reference forms: clauses, Annex A controls and related
 * documents. A topic guide (the certification journey, the SoA guide …) can supply the answer's
 * text, but it is cited through the clauses and controls its matched passage names, or failing
 * those, the ones its front matter lists as related.
 */
import { findClause, findControl } from '../domain/catalog.ts';
import { parseRefs } from './refs.ts';
import type { LexicalIndex, RankedDoc } from './search.ts';
import type { Source } from './types.ts';

/** Refs a passage of the knowledge base names: `A.8.25`, `clause 6.1.3`, `(9.3)`, `ISO/IEC 42001`. */
export function citedIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(
    /\bA\.([5-8])\.(\d{1,2})\b|(?<![\w.])((?:10|[4-9])\.\d(?:\.\d)?)(?![\w.]*\d)/g,
  )) {
    const ref = m[3] ? findClause(m[3])?.ref : findControl(`A.${m[1]}.${m[2]}`)?.ref;
    if (ref) out.add(ref);
  }
  for (const ref of parseRefs(text)) if (!/^(A\.)?\d/.test(ref)) out.add(ref);
  return [...out];
}

const PER_GUIDE = 3;

export function citeSources(docs: readonly RankedDoc[], index: LexicalIndex, max = 5): Source[] {
  const citable = (ref: string) => {
    const first = index.chunksOf(ref)[0];
    return first && first.kind !== 'topic' ? first : undefined;
  };
  const scoreOf = new Map(docs.map((d) => [d.ref, d.score]));
  const out: Source[] = [];
  const add = (ref: string, title: string, score: number) => {
    if (out.length >= max || out.some((s) => s.ref === ref)) return;
    const previous = out.at(-1)?.score ?? Number.POSITIVE_INFINITY;
    out.push({ ref, title, score: Math.round(Math.min(score, previous) * 100) / 100 });
  };
  for (const doc of docs) {
    if (doc.kind !== 'topic') {
      add(doc.ref, doc.title, doc.score);
      continue;
    }
    // The passage's own citations, then the guide's related refs; within each, those the question
    // matched too come first.
    const passage = doc.chunks[0]?.chunk;
    const matchedFirst = (refs: readonly string[]) => {
      const ok = refs.filter((r) => citable(r));
      return [
        ...ok.filter((r) => scoreOf.has(r)).sort((a, b) => (scoreOf.get(b) ?? 0) - (scoreOf.get(a) ?? 0)),
        ...ok.filter((r) => !scoreOf.has(r)),
      ];
    };
    const ordered = [
      ...new Set([...matchedFirst(citedIn(passage?.text ?? '')), ...matchedFirst(passage?.related ?? [])]),
    ];
    for (const ref of ordered.slice(0, PER_GUIDE)) add(ref, citable(ref)?.title ?? ref, doc.score);
  }
  if (out.length === 0) for (const doc of docs) add(doc.ref, doc.title, doc.score);
  return out;
}
