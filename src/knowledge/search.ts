/**
 * Lexical retrieval: MiniSearch (BM25-style) over the chunks with field boosts, stemming and
 * acronym expansion; chunk hits are folded into document scores.
 */
import MiniSearch, { type Query } from 'minisearch';
import type { Chunk } from './load.ts';
import { expandQuery, hasExpansion, isVendorName } from './synonyms.ts';
import { processTerm, stem, words } from './text.ts';

export interface RankedDoc {
  readonly ref: string;
  readonly title: string;
  readonly kind: Chunk['kind'];
  score: number;
  /** Best-matching chunks of the document, best first. */
  readonly chunks: { readonly chunk: Chunk; readonly score: number }[];
}

export interface LexicalIndex {
  readonly chunks: readonly Chunk[];
  search(question: string, limit?: number): RankedDoc[];
  /** Share of the question's content words that occur anywhere in the knowledge base. */
  coverage(question: string): number;
  /** The knowledge base's chunks of one document. */
  chunksOf(ref: string): Chunk[];
}

const BOOST = { title: 3, keywords: 2.5, heading: 1.2, text: 1 };
const EXPANSION_WEIGHT = 0.7;
const VENDOR_WEIGHT = 0.2;

export function buildIndex(chunks: readonly Chunk[]): LexicalIndex {
  const mini = new MiniSearch<Chunk>({
    fields: ['title', 'keywords', 'heading', 'text'],
    idField: 'id',
    processTerm,
    searchOptions: {
      boost: BOOST,
      prefix: (term) => term.length >= 5,
      // Numbers are never fuzzy: 27001 is not 27002.
      fuzzy: (term) => (/\d/.test(term) ? false : term.length >= 7 ? 0.15 : term.length >= 5 ? 1 : false),
      weights: { fuzzy: 0.3, prefix: 0.5 },
      combineWith: 'OR',
    },
  });
  mini.addAll(chunks as Chunk[]);
  const vocabulary = new Set<string>();
  const byRef = new Map<string, Chunk[]>();
  for (const c of chunks) {
    for (const w of words(`${c.title} ${c.keywords} ${c.heading} ${c.text}`)) vocabulary.add(stem(w));
    byRef.set(c.ref, [...(byRef.get(c.ref) ?? []), c]);
  }

  // A word counts as known when it is one typo away from a word of the knowledge base ("managment").
  const byLength = new Map<number, string[]>();
  for (const v of vocabulary) {
    const list = byLength.get(v.length);
    if (list) list.push(v);
    else byLength.set(v.length, [v]);
  }
  const known = (w: string) =>
    vocabulary.has(stem(w)) ||
    hasExpansion(w) ||
    (w.length >= 5 &&
      !/\d/.test(w) &&
      [w.length - 1, w.length, w.length + 1].some((n) => (byLength.get(n) ?? []).some((v) => oneEdit(w, v))));

  return {
    chunks,
    chunksOf: (ref) => byRef.get(ref) ?? [],
    coverage(question) {
      const content = words(question).filter((w) => !isVendorName(w));
      if (content.length === 0) return 0;
      return content.filter((w) => known(w)).length / content.length;
    },
    search(question, limit = 8) {
      const docs = new Map<string, RankedDoc>();
      const { base, extra, vendors } = expandQuery(question);
      // The words of the knowledge base that an acronym or everyday word stands for count, but less
      // than the words the person typed; a vendor named beside the subject counts least.
      const parts: Query[] = [base];
      if (extra) parts.push({ queries: [extra], boostTerm: () => EXPANSION_WEIGHT });
      if (vendors) parts.push({ queries: [vendors], boostTerm: () => VENDOR_WEIGHT });
      const query: Query = parts.length > 1 ? { combineWith: 'OR', queries: parts } : base;
      for (const hit of mini.search(query)) {
        const chunk = chunks[hit.id as number] as Chunk;
        const doc = docs.get(chunk.ref) ?? {
          ref: chunk.ref,
          title: chunk.title,
          kind: chunk.kind,
          score: 0,
          chunks: [],
        };
        doc.chunks.push({ chunk, score: hit.score });
        docs.set(chunk.ref, doc);
      }
      for (const doc of docs.values()) {
        // The best section counts most; a second matching section adds some confidence.
        // Q&A passages repeat their document's subject, so a second one adds no confidence.
        const second = doc.chunks.slice(1).find((c) => !/^Q:/.test(c.chunk.heading));
        doc.score = (doc.chunks[0]?.score ?? 0) + 0.3 * (second?.score ?? 0);
      }
      return [...docs.values()].sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}

/** Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of neighbours. */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swap = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return a.slice(i + 1) === b.slice(i + 1) || swap;
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
