/** The offline answer: the most relevant sentences of the best passages, with the document named. */
import type { RankedDoc } from './search.ts';
import { stem, words } from './text.ts';

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
  const candidates = doc.chunks.slice(0, 4).flatMap(({ chunk }, rank) =>
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

export function composeAnswer(docs: readonly RankedDoc[], question: string): string {
  const [top, second] = docs;
  if (!top) return DECLINE_TEXT;
  const head =
    top.kind === 'control' || top.kind === 'clause' ? `*${top.ref} ${top.title}*` : `*${top.title}*`;
  const parts = [`${head}: ${bestSentences(top, question)}`];
  if (second && second.score >= top.score * 0.75) {
    parts.push(`See also *${second.ref} ${second.title}*: ${bestSentences(second, question, 260)}`);
  }
  return parts.join('\n\n');
}
