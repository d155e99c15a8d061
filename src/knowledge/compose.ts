/** The offline answer: the most relevant sentences of the best passages, with the document named. */
import { parseRefs } from './refs.ts';
import type { RankedDoc } from './search.ts';
import { expandQuery } from './synonyms.ts';
import { askingPart, stem, words } from './text.ts';

export const DECLINE_TEXT =
  "I couldn't find that in my ISO/IEC 27001 knowledge base, so I won't guess. Try naming a clause or " +
  'control (for example `A.8.24` or `clause 9.3`), or ask it another way.';
// Worded so that it claims nothing and repeats nothing of what was asked.
export const REFUSE_TEXT =
  'I only answer questions about ISO/IEC 27001 and running an ISMS, and I do not act on instructions ' +
  'given in a question. Decisions are made in the workflows (`/isms help`) by the people each step ' +
  'names, and every one is recorded.';
export const HELLO_TEXT =
  "Hi! I'm isms-bot. Ask me anything about ISO/IEC 27001 (for example _what goes in the management review?_ " +
  'or _what does A.8.24 require?_) and I answer with the clause or control it comes from. Type `/isms help` ' +
  'for the workflows I can run with your team.';
export const PRICE_TEXT =
  "I don't have prices or fees: they depend on the certification body, your scope and headcount. Ask two or " +
  'three accredited certification bodies for a quote. I can explain the certification steps, though.';

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.replace(/^\s*[-*]\s+/, '').split(/(?<=[.!?])\s+(?=[A-Z0-9`*])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

const DEFINING = /^(purpose|what it requires|what it is|what .* is|overview)$/i;

/**
 * Pick up to `max` characters of sentences from the document's sections, preferring those that
 * share the question's words. The defining section (Purpose, What it requires …) comes first, then
 * the others in relevance order, each introduced by its heading.
 */
export function bestSentences(doc: RankedDoc, question: string, max = 650): string {
  const q = new Set(words(question).map(stem));
  const candidates = doc.chunks
    .filter(({ chunk }) => !isQa(chunk.heading))
    .slice(0, 4)
    .flatMap(({ chunk }, rank) =>
      sentencesOf(chunk.text).map((s, si) => {
        const overlap = new Set(
          words(s)
            .map(stem)
            .filter((w) => q.has(w)),
        ).size;
        const defining = DEFINING.test(chunk.heading);
        return {
          s,
          heading: chunk.heading,
          group: defining ? -1 : rank,
          si,
          score: overlap * 2 + (rank === 0 ? 0.5 : 0) + (defining && si === 0 ? 1 : 0),
        };
      }),
    );
  const picked: typeof candidates = [];
  let length = 0;
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (length + c.s.length > max && picked.length > 0) continue;
    picked.push(c);
    length += c.s.length;
    if (length > max * 0.7) break;
  }
  const ordered = picked.sort((a, b) => a.group - b.group || a.si - b.si);
  return ordered
    .map((c, i) => (i > 0 && ordered[i - 1]?.group !== c.group ? `_${c.heading}:_ ${c.s}` : c.s))
    .join(' ');
}

/** How a document is named in an answer: `A.8.24 Use of cryptography`, or a title that names itself. */
export function labelOf(doc: Pick<RankedDoc, 'ref' | 'title' | 'kind'>): string {
  if (doc.kind === 'topic' || doc.title.startsWith(doc.ref)) return doc.title;
  return `${doc.ref} ${doc.title}`;
}

/** Q&A passages are written to be the first thing an answer says. */
export const isQa = (heading: string): boolean => /^Q:/.test(heading);
const QA_LEADS = 0.6;

const QA_DOC_SHARE = 0.5;
/** Share of a Q&A's own question words the asked question must contain for its answer to lead. */
const QA_OVERLAP = 0.6;
const QA_COVERS = 0.3;

/**
 * The Q&A passage that answers the question: in one of the best documents, ranking well, and asking
 * what was asked (most of its question's words are in the question, acronyms expanded).
 */
function answeringQa(docs: readonly RankedDoc[], question: string) {
  const best = Math.max(0, ...docs.slice(0, 3).map((d) => d.chunks[0]?.score ?? 0));
  const { base, extra } = expandQuery(question);
  const asked = new Set(words(`${base} ${extra}`).map(stem));
  // What was asked is the asking sentence, not the story around it ("who signs off residual risk? our
  // CTO says he can but the CEO wants to see everything").
  const typed = [...new Set(words(expandQuery(askingPart(question)).base).map(stem))];
  // Most of the Q&A's question is in what was asked, and it covers a fair share of what was asked
  // (a two-word Q&A such as "who owns a risk?" does not answer a long question that mentions both).
  const overlap = (heading: string) => {
    const own = new Set(words(heading.replace(/^Q:/, '')).map(stem));
    if (own.size === 0) return 0;
    const back = typed.length ? typed.filter((w) => own.has(w)).length / typed.length : 0;
    return back < QA_COVERS ? 0 : [...own].filter((w) => asked.has(w)).length / own.size;
  };
  let found: { doc: RankedDoc; chunk: RankedDoc['chunks'][number]['chunk']; fit: number } | undefined;
  for (const doc of docs.slice(0, 3)) {
    if (doc.score < (docs[0]?.score ?? 0) * QA_DOC_SHARE) continue;
    for (const c of doc.chunks.slice(0, 4)) {
      if (!isQa(c.chunk.heading) || c.score < best * QA_LEADS) continue;
      const fit = overlap(c.chunk.heading);
      if (fit >= QA_OVERLAP && (!found || fit > found.fit)) found = { doc, chunk: c.chunk, fit };
    }
  }
  return found;
}

const DIFFERENCE = /\b(?:differen(?:ce|t)|differ|vs\.?|versus|compared? (?:to|with)|same (?:thing|as))\b/i;
// "Is MFA mandatory?", "are access reviews required?", "do we have to label documents?" — not
// "what do we need to minute?" nor "required reviews on github".
const MUST =
  /\b(?:is|are|it's|isn't|aren't|be)\b(?:\s+\S+){0,6}?\s+(?:mandatory|compulsory|obligatory|required|a must|a requirement)\b|^(?:(?:so|ok|and|but|hey)[\s,]+)*(?:do|does|must|shall) (?:we|i|you|one|a company)\s+(?:really |actually |literally |even |still )?(?:need|have|got) to\b/i;
const WHAT_FIRST = /^(?:what|which|how|who|when|where|why)\b/i;

/**
 * For "is it mandatory?" with no Q&A passage to lead: what is true of every document of that kind
 * (an Annex A control applies when the risk assessment selects it; clauses 4–10 all apply). It does
 * not say yes or no to the detail asked about: the passages that follow say what the text asks.
 */
function leadSentence(top: RankedDoc, question: string): string | undefined {
  if (!MUST.test(question) || WHAT_FIRST.test(question.trim())) return undefined;
  const name = labelOf(top);
  if (top.kind === 'control')
    return `It depends on your risk assessment: Annex A controls are not mandatory one by one. ${name} applies when your risks call for it, and the Statement of Applicability records whether you include it and why (6.1.3).`;
  if (top.kind === 'clause')
    return `${name} is a requirement: every clause from 4 to 10 applies to an ISMS that is to be certified. What it asks, and what it leaves to you:`;
  return undefined;
}

// Abbreviations the passages use, written out where an answer first uses them and nowhere spells them.
const SPELLED_OUT: readonly [RegExp, string, RegExp][] = [
  [/\bSoA\b/, 'Statement of Applicability (SoA)', /statement of applicability/i],
  [/\bNC\b/, 'nonconformity (NC)', /nonconformit/i],
  [/\bRTP\b/, 'risk treatment plan (RTP)', /risk treatment plan/i],
];

/** An answer reads on its own: an abbreviation it never spells out is written out once, where it first appears. */
export function spellOut(text: string): string {
  return SPELLED_OUT.reduce(
    (t, [abbr, full, present]) => (present.test(t) ? t : t.replace(abbr, full)),
    text,
  );
}

/**
 * The offline answer. When a Q&A passage answers the question, its answer comes first and the
 * document's own passages support it; otherwise the best document's most relevant sentences.
 */
export function composeAnswer(docs: readonly RankedDoc[], question: string): string {
  return composeLed(docs, question).text;
}

/** The answer, and the document whose Q&A passage leads it (cited first), if one does. */
export function composeLed(docs: readonly RankedDoc[], question: string): { text: string; lead?: string } {
  const [top, second] = docs;
  if (!top) return { text: DECLINE_TEXT };
  const qa = answeringQa(docs, question);
  if (qa) {
    const support = { ...qa.doc, chunks: qa.doc.chunks.filter((c) => !isQa(c.chunk.heading)) };
    const rest = support.chunks.length
      ? `\n\n*${labelOf(qa.doc)}*: ${bestSentences(support, question, 360)}`
      : '';
    return { text: `${qa.chunk.text.trim()}${rest}`, lead: qa.doc.ref };
  }
  const parts = [`*${labelOf(top)}*: ${bestSentences(top, question)}`];
  const lead = leadSentence(top, question);
  if (lead) parts.unshift(lead);
  // "What is the difference between A.8.15 and A.8.16?": both sides, whatever their scores.
  const named = parseRefs(question);
  if (second && DIFFERENCE.test(question) && named.includes(top.ref) && named.includes(second.ref)) {
    parts.push(`*${labelOf(second)}*: ${bestSentences(second, question, 360)}`);
  } else if (second && second.score >= top.score * 0.75) {
    parts.push(`See also *${labelOf(second)}*: ${bestSentences(second, question, 260)}`);
  }
  return { text: parts.join('\n\n') };
}
