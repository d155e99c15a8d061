/**
 * From a question to ranked documents, or to a reasoned decline: references named in the question
 * come first, then lexical (and, with a model configured, embedding) ranking fused by reciprocal rank.
 */

import { CONTROLS } from '../domain/catalog.ts';
import { asksSomething, guardQuestion } from './guard.ts';
import { productHowTo } from './off-topic.ts';
import { inPlainWordsOfKb } from './plain-words.ts';
import { parseRefs } from './refs.ts';
import type { LexicalIndex, RankedDoc } from './search.ts';
import { annexTheme } from './synonyms.ts';
import { words } from './text.ts';
import type { Turn } from './types.ts';

export type Decision = 'answer' | 'decline' | 'refuse' | 'price' | 'hello';

export interface Retrieved {
  readonly decision: Decision;
  readonly question: string;
  readonly docs: RankedDoc[];
  /** The Annex A theme the question named by number ('5'…'8'). */
  readonly theme?: string;
  /** Why a question is declined, when there is more to say than "not found". */
  readonly reason?: string;
}

/** Ranks documents by meaning (embeddings); absent offline. */
export type SemanticRanker = (question: string) => Promise<string[]>;

/** Below these a question is not answered from a weak hit (tuned on bench/, not on single questions). */
export const MIN_SCORE = 20;
export const MIN_COVERAGE = 0.6;
const STRONG_SCORE = 250;
const STRONG_COVERAGE = 0.5;
const RRF_K = 60;

/**
 * The follow-up rule (README, "How questions are answered"): a message is read together with the
 * exchange before it when it reads as a follow-up — it opens with a connective ("and …", "what
 * about …", "also …") or points back ("is it mandatory?", "what evidence for that?") without a
 * subject of its own. In a thread, a reply that cannot be answered on its own is a follow-up too;
 * a top-level DM (or console line) that does not read as one is a new question.
 */
const CONNECTIVE = /^(?:and|also|plus|so|then|but|what about|how about|same for|same question for)\b/i;
const POINTS_BACK = /\b(it|that|this|those|these|them|its|they|there|one)\b/i;
const OWN_SUBJECT_WORDS = 3;

// Words that ask about a subject without naming one ("how often?", "who signs off?", "why?").
const NO_SUBJECT = new Set(
  `often frequency frequently required require requirement mandatory needed optional evidence proof who
  responsible owner owns approve approves approval sign signs off document documented example examples
  long soon quickly many why when mean meaning detail details more else exception exceptions enough
  minimum template look happen happens fail skip skipped audit auditor auditors check checked`
    .split(/\s+/)
    .filter(Boolean),
);

function readsAsFollowUp(question: string): 'connective' | 'points-back' | undefined {
  if (CONNECTIVE.test(question.trim())) return 'connective';
  if (parseRefs(question).length) return undefined;
  const content = words(question);
  if (content.every((w) => NO_SUBJECT.has(w))) return 'points-back';
  if (POINTS_BACK.test(question) && content.length <= OWN_SUBJECT_WORDS) return 'points-back';
  return undefined;
}

export async function retrieve(
  index: LexicalIndex,
  raw: string,
  history: readonly Turn[] = [],
  semantic?: SemanticRanker,
  inThread = true,
): Promise<Retrieved> {
  const g = guardQuestion(raw);
  const question = g.question;
  const empty = (q: string) => index.coverage(q) === 0 && parseRefs(q).length === 0;
  if (!question || (g.hadInstruction && (empty(question) || !asksSomething(question))))
    return { decision: 'refuse', question, docs: [] };
  if (g.asksPrice) return { decision: 'price', question, docs: [] };
  if (g.smallTalk) return { decision: 'hello', question, docs: [] };
  if (g.beyond) return { decision: 'decline', question, docs: [], reason: g.beyond };
  const elsewhere = g.elsewhere ?? productHowTo(question, (w) => index.coverage(w) > 0);
  if (elsewhere && !parseRefs(withoutOtherNumbers(question)).length)
    return { decision: 'decline', question, docs: [], reason: elsewhere };

  const outline = outlineOnly(question, index);
  if (outline) return { decision: 'decline', question, docs: [], reason: outline };

  const theme = annexTheme(question);
  const alone = index.search(question, 10);
  const own = parseRefs(question);
  // "Annex A section 6 — what's in it?": the theme's best-matching controls lead, and the answer lists it.
  if (theme && own.length === 0) own.push(...themeLeads(theme, alone));
  // A strong match carries a question with more words the knowledge base does not know ("a dead HMI
  // panel goes to scrap"); a weak one needs most of its words known.
  const topAlone = alone[0]?.score ?? 0;
  const weakAlone =
    topAlone < MIN_SCORE ||
    index.coverage(inPlainWordsOfKb(question)) <
      (topAlone >= STRONG_SCORE ? STRONG_COVERAGE : MIN_COVERAGE) ||
    words(question).length === 0;
  const last = history.at(-1);
  const shape = last ? readsAsFollowUp(question) : undefined;
  const followUp = last !== undefined && (shape !== undefined || (inThread && weakAlone && own.length === 0));
  // A follow-up that points back keeps the subject (the last answer's top source); one that opens
  // with a connective but names its own subject ("and what about access reviews?") only borrows the
  // previous question's words.
  const keepsSubject = followUp && own.length === 0 && (shape === 'points-back' || weakAlone);
  const query = followUp ? `${question} ${last.question}` : question;
  const named = keepsSubject && last.refs[0] ? [last.refs[0]] : orderByTopic(own, alone, question);
  let docs = followUp ? index.search(query, 10) : alone;
  if (keepsSubject) for (const d of docs) if (last.refs.includes(d.ref)) d.score *= 1.5;
  if (semantic) docs = fuse(docs, await semantic(query));
  docs.sort((a, b) => b.score - a.score);

  const top = docs[0]?.score ?? 0;
  const weak = followUp ? top < MIN_SCORE : weakAlone;
  if (named.length === 0 && weak && !keepsSubject) return { decision: 'decline', question, docs: [] };

  // Named references lead, in the order named; the rest follow by score.
  const lead = named.map((ref, i) => {
    const found = docs.find((d) => d.ref === ref);
    const matched = found?.chunks ?? [];
    // A named document whose only matching sections are Q&A passages (they repeat its number)
    // still needs its own sections to summarise from.
    const chunks = matched.some((c) => !/^Q:/.test(c.chunk.heading))
      ? matched
      : [
          ...matched,
          ...index
            .chunksOf(ref)
            .filter((chunk) => !matched.some((c) => c.chunk === chunk))
            .map((chunk) => ({ chunk, score: 0 })),
        ];
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
  // Another standard's summary is related reading only when the question is about it: "what does
  // A.8.24 require?" is not a NIS2 question because NIS2's summary mentions cryptography.
  const rest = docs
    .filter((d) => !named.includes(d.ref) && !(named.length && d.kind === 'related'))
    .map((d) => (named.length ? { ...d, score: d.score / 2 } : d));
  const ranked = [...lead.filter((d) => d.chunks.length > 0), ...rest];
  return {
    decision: ranked.length ? 'answer' : 'decline',
    question,
    docs: ranked.slice(0, 8),
    ...(theme && { theme }),
  };
}

function themeLeads(theme: string, docs: readonly RankedDoc[]): string[] {
  const inTheme = (ref: string) => ref.startsWith(`A.${theme}.`);
  const found = docs.filter((d) => inTheme(d.ref)).map((d) => d.ref);
  const all = CONTROLS.filter((c) => inTheme(c.ref)).map((c) => c.ref);
  return [...new Set([...found, ...all])].slice(0, 3);
}

// Standards the knowledge base summarises but does not hold clause by clause.
const OUTLINE =
  /\b(?:iso\s*\/?\s*(?:iec)?\s*)?(27005|27017|27018|27701|42001|9001|22301)\b|\b(soc\s*-?\s*2|nist(?:\s+csf)?|gdpr|nis\s*-?\s*2)\b/i;
const SECTION_ID =
  /(?:\b(?:clause|section|article|art\.?|control|requirement|criteria|criterion)\s*)?\b((?:[A-Z]{2,4}[.\s-]?)?\d+(?:\.\d+)+|(?:article|art\.?)\s*\d+|[A-Z]{2}\.[A-Z]{2}-\d+|CC\s?\d(?:\.\d+)?)\b/gi;

const MAPPING =
  /\b(?:line[sd]? up|lining up|maps?|mapp(?:ed|ing)|align\w*|correspond\w*|equivalent|overlap\w*|match(?:es|ed)?|compare[sd]?|comparison|differ\w*|vs\.?|versus|same as|covered by|cover(?:s|ed)?)\b/i;
const OWN_DETAIL =
  /\b(?:which|what)\b.{0,20}\b(?:extra|additional|specific|exact|new)\b.{0,20}\b(?:clauses|requirements|controls|articles|sections|annex(?:es)?)\b|\bdo (?:we|i|they) (?:count|qualify) as\b|\b\d+\s?h(?:ours?)?\s+or\s+\d+\s?h(?:ours?)?\b/i;
const OWN_STANDARD = /\bannex\s*a\b|\b27001\b|\bA\.?\s?[5-8]\.\d|\bour (?:controls?|isms)\b/i;

/**
 * "What does clause 8.4 of ISO 22301 say?", "GDPR article 30", "SOC 2 CC6.1": a section of a
 * standard the knowledge base covers only in outline. Declined with the reason and the offer of the
 * summary, unless the summary itself names that section.
 */
function outlineOnly(question: string, index: LexicalIndex): string | undefined {
  const std = OUTLINE.exec(question);
  if (!std) return undefined;
  // "Does SOC 2 CC6 line up with Annex A access control?" asks for the mapping, which the summary holds.
  if (MAPPING.test(question) && OWN_STANDARD.test(question)) return undefined;
  const ref = parseRefs(std[0]).find((r) => !/^(A\.)?\d/.test(r));
  if (!ref) return undefined;
  // "Which extra clauses would we need for a PIMS?", "do we count as an important entity in Germany?":
  // the other standard's own detail, which an outline cannot answer.
  if (OWN_DETAIL.test(question))
    return `I cover ${ref} only in outline (what it is and how it relates to ISO/IEC 27001), so I can't answer that part of ${ref} reliably. Ask me _what is ${ref}?_ for my summary, or go to the text of ${ref} itself or a specialist.`;
  const near = question.slice(Math.max(0, std.index - 40), std.index + std[0].length + 40);
  const ids = [...near.matchAll(SECTION_ID)]
    .map((m) => m[0])
    .filter(
      (id) =>
        /article|art\.|CC|[A-Z]{2}\.[A-Z]{2}/i.test(id) ||
        /\bof\b|\bin\b/.test(near) ||
        /clause|section|control|requirement/i.test(id),
    );
  // "A.8.24 and SOC 2" names our own control, not a section of the other standard.
  const foreign = ids.filter((id) => !/^\s*(?:control\s*)?A\./i.test(id) && !std[0].includes(id.trim()));
  if (!foreign.length) return undefined;
  const text = index
    .chunksOf(ref)
    .map((c) => c.text.toLowerCase())
    .join(' ');
  if (
    foreign.some((id) =>
      text.includes(id.toLowerCase().replace(/^(clause|section|control|requirement)\s*/, '')),
    )
  )
    return undefined;
  return `I cover ${ref} only in outline (what it is and how it relates to ISO/IEC 27001), not section by section, so I can't say what ${foreign[0]?.trim()} asks. Ask me _what is ${ref}?_ for my summary, or go to the text of ${ref} itself.`;
}

/**
 * "7.5" is both clause 7.5 and control A.7.5 when nothing beside it says which. The words around it
 * decide: whichever of the two the rest of the question matches better leads, and the other one is
 * only ranked on its own merits (no "see also" for a number's other reading). Clause first on a tie.
 */
function orderByTopic(refs: readonly string[], docs: readonly RankedDoc[], question: string): string[] {
  const scoreOf = (ref: string) => docs.find((d) => d.ref === ref)?.score ?? 0;
  // "Clause 6 — what's 'planning of changes' about?" names 6.1, 6.2 and 6.3 by their clause only: the
  // sub-clause the rest of the question matches leads. Numbers typed out keep the order they were typed in.
  const typed = (ref: string) =>
    new RegExp(`(?<![\\d.])${ref.replace(/^A\./, '').replace(/\./g, '\\.')}(?![\\d])`).test(question);
  const out = [
    ...refs.filter(typed),
    ...refs.filter((r) => !typed(r)).sort((a, b) => scoreOf(b) - scoreOf(a)),
  ];
  for (let i = 0; i < out.length - 1; i++) {
    const a = out[i] as string;
    const b = out[i + 1] as string;
    if (b !== `A.${a}` && a !== `A.${b}`) continue;
    const clause = a.startsWith('A.') ? b : a;
    const control = a.startsWith('A.') ? a : b;
    const keep = scoreOf(control) > scoreOf(clause) ? control : clause;
    out.splice(i, 2, keep);
  }
  return out;
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
