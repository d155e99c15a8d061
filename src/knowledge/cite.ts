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
/** Sources scoring under this share of the best one are left out (measured on bench/). */
export const CITE_FLOOR = 0.3;
/** A ref a guide cites that the question itself did not match ranks at this share of the guide's score. */
const UNMATCHED = 0.5;

export function citeSources(docs: readonly RankedDoc[], index: LexicalIndex, max = 5): Source[] {
  const citable = (ref: string) => {
    const first = index.chunksOf(ref)[0];
    return first && first.kind !== 'topic' ? first : undefined;
  };
  const scoreOf = new Map(docs.map((d) => [d.ref, d.score]));
  const candidates: Source[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'topic') {
      candidates.push({ ref: doc.ref, title: doc.title, score: doc.score });
      continue;
    }
    // The passage's own citations in its order, then the guide's related refs, best matched first.
    const passage = doc.chunks[0]?.chunk;
    const byScore = (refs: readonly string[]) =>
      [...refs].sort((a, b) => (scoreOf.get(b) ?? 0) - (scoreOf.get(a) ?? 0));
    const named = [...new Set([...citedIn(passage?.text ?? ''), ...byScore(passage?.related ?? [])])].filter(
      (ref) => citable(ref),
    );
    // Those the question matched too come first (in the passage's order), at the guide's score; the
    // others lower (measured on bench/: better than putting them first).
    const matched = named.filter((r) => scoreOf.has(r));
    const ordered = [...matched, ...named.filter((r) => !scoreOf.has(r))].slice(0, PER_GUIDE);
    for (const [i, ref] of ordered.entries()) {
      const own = scoreOf.get(ref);
      const score = own === undefined ? doc.score * UNMATCHED - i : Math.max(own, doc.score - i);
      candidates.push({ ref, title: citable(ref)?.title ?? ref, score });
    }
  }
  const out: Source[] = [];
  const sorted = candidates.sort((a, b) => b.score - a.score);
  // Cite what supports the answer: a source far below the best one is a word match, not support.
  const floor = (sorted[0]?.score ?? 0) * CITE_FLOOR;
  for (const c of sorted) {
    if (c.score < floor) break;
    if (out.length < max && !out.some((s) => s.ref === c.ref))
      out.push({ ...c, score: Math.round(c.score * 100) / 100 });
  }
  if (out.length === 0)
    for (const d of docs.slice(0, max))
      out.push({ ref: d.ref, title: d.title, score: Math.round(d.score * 100) / 100 });
  return out;
}
