/**
 * From a question to ranked documents, or to a reasoned decline: references named in the question
 * come first, then lexical (and, with a model configured, embedding) ranking fused by reciprocal rank.
 */

import { asksSomething, guardQuestion, productHowTo } from './guard.ts';
import { parseRefs } from './refs.ts';
import type { LexicalIndex, RankedDoc } from './search.ts';
import type { Turn } from './types.ts';

export type Decision = 'answer' | 'decline' | 'refuse' | 'price' | 'hello';

export interface Retrieved {
  readonly decision: Decision;
  readonly question: string;
  readonly docs: RankedDoc[];
  /** Why a question is declined, when there is more to say than "not found". */
  readonly reason?: string;
}

/** Ranks documents by meaning (embeddings); absent offline. */
export type SemanticRanker = (question: string) => Promise<string[]>;

/** Below these a question is not answered from a weak hit (tuned on bench/, not on single questions). */
export const MIN_SCORE = 20;
export const MIN_COVERAGE = 0.6;
const RRF_K = 60;

const FOLLOW_UP = /\b(it|that|this|those|these|them|its|they)\b|^(and|what about|how about|also)\b/i;

export async function retrieve(
  index: LexicalIndex,
  raw: string,
  history: readonly Turn[] = [],
  semantic?: SemanticRanker,
): Promise<Retrieved> {
  const g = guardQuestion(raw);
  const question = g.question;
  if (!question || (g.hadInstruction && (index.coverage(question) === 0 || !asksSomething(question))))
    return { decision: 'refuse', question, docs: [] };
  if (g.asksPrice) return { decision: 'price', question, docs: [] };
  if (g.smallTalk) return { decision: 'hello', question, docs: [] };
  const elsewhere = g.elsewhere ?? productHowTo(question, (w) => index.coverage(w) > 0);
  if (elsewhere && !parseRefs(withoutOtherNumbers(question)).length)
    return { decision: 'decline', question, docs: [], reason: elsewhere };

  // A follow-up in a thread ("what evidence do we need for that?") is read with the turn before it.
  const last = history.at(-1);
  const followUp = last && (FOLLOW_UP.test(question) || question.split(/\s+/).length <= 6);
  const query = followUp ? `${question} ${last.question}` : question;

  // A follow-up without references of its own keeps the thread's subject (the last answer's top source).
  const own = parseRefs(question);
  const named = own.length === 0 && followUp && last?.refs[0] ? [last.refs[0]] : own;
  let docs = index.search(query, 10);
  if (followUp && last) for (const d of docs) if (last.refs.includes(d.ref)) d.score *= 1.5;
  if (semantic) docs = fuse(docs, await semantic(query));
  docs.sort((a, b) => b.score - a.score);

  const top = docs[0]?.score ?? 0;
  const weak = top < MIN_SCORE || index.coverage(question) < MIN_COVERAGE;
  if (named.length === 0 && weak && !(followUp && last?.refs.length))
    return { decision: 'decline', question, docs: [] };

  // Named references lead, in the order named; the rest follow by score.
  const lead = named.map((ref, i) => {
    const found = docs.find((d) => d.ref === ref);
    const chunks = found?.chunks.length
      ? found.chunks
      : index.chunksOf(ref).map((chunk) => ({ chunk, score: 0 }));
    const first = chunks[0]?.chunk;
    return {
      ref,
      title: first?.title ?? ref,
      kind: first?.kind ?? 'control',
      score: top + 10 - i,
      chunks,
    } as RankedDoc;
  });
  // With references named, the others are only related reading: they rank after, at half weight,
  // so the answer does not add a "see also" on a word match.
  const rest = docs
    .filter((d) => !named.includes(d.ref))
    .map((d) => (named.length ? { ...d, score: d.score / 2 } : d));
  const ranked = [...lead.filter((d) => d.chunks.length > 0), ...rest];
  return { decision: ranked.length ? 'answer' : 'decline', question, docs: ranked.slice(0, 8) };
}

/** "PCI DSS requirement 8.3.6" names another standard's section, not clause 8.3 of ours. */
const withoutOtherNumbers = (q: string) =>
  q.replace(/(\b(?:clauses?|controls?|annex\s*a|a)\s*\.?\s*)?\b\d+(?:\.\d+)+/gi, (m, named?: string) =>
    named ? m : '',
  );

/** Reciprocal rank fusion of the lexical order with a semantic order; scores stay on the lexical scale. */
function fuse(lexical: RankedDoc[], semanticRefs: readonly string[]): RankedDoc[] {
  const top = lexical[0]?.score ?? 0;
  const rrf = new Map<string, number>();
  for (const order of [lexical.map((d) => d.ref), semanticRefs]) {
    for (const [i, ref] of order.entries()) rrf.set(ref, (rrf.get(ref) ?? 0) + 1 / (RRF_K + i + 1));
  }
  const best = Math.max(...rrf.values(), Number.EPSILON);
  return lexical.map((d) => ({ ...d, score: (top * (rrf.get(d.ref) ?? 0)) / best }));
}
