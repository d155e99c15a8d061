/**
 * Reference lookup in the notations people type: `A.8.24`, `A8.24`, `8.24`, `Annex A 8.24`,
 * `control 5.23`, `clause 9.3`, `9.3.2`, `ISO 27002`, `27017`, `SOC2`, `NIST CSF`, `GDPR`.
 */
import { CLAUSES, findClause, findControl } from '../domain/catalog.ts';

const RELATED: readonly [RegExp, string][] = [
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?27002\b/i, 'ISO/IEC 27002'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?27005\b/i, 'ISO/IEC 27005'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?27017\b/i, 'ISO/IEC 27017'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?27018\b/i, 'ISO/IEC 27018'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?42001\b/i, 'ISO/IEC 42001'],
  [/\b(?:iso\s*\/?\s*(?:iec)?\s*)?27701\b/i, 'ISO/IEC 27701'],
  [/\b(?:iso\s*)?9001\b/i, 'ISO 9001'],
  [/\b(?:iso\s*)?22301\b/i, 'ISO 22301'],
  [/\bsoc\s*-?\s*2\b/i, 'SOC 2'],
  [/\bnist(?!\s*(?:sp\s*)?800)(?:\s+csf)?\b|\bcsf\b|\bcybersecurity framework\b/i, 'NIST CSF'],
  [/\bgdpr\b|\bgeneral data protection regulation\b/i, 'GDPR'],
  [/\bnis\s*-?\s*2\b|\bnis directive\b/i, 'NIS2'],
];

/** Normalize a ref as written in eval files and by users: `Annex A 8.24` or `A8.24` → `A.8.24`. */
export function normalizeRef(ref: string): string {
  const t = ref.trim().toUpperCase();
  const m = /^(?:ANNEX\s*)?A\s*\.?\s*([5-8])\.(\d{1,2})$/.exec(t);
  return m ? `A.${m[1]}.${m[2]}` : t;
}

const UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS: Record<string, number> = { twenty: 20, thirty: 30 };
const SPOKEN_CONTROL = new RegExp(
  `\\b(five|six|seven|eight)[\\s-]+(?:(${Object.keys(TENS).join('|')})(?:[\\s-]+(${UNITS.slice(1).join('|')}))?|(${TEENS.join('|')})|(${UNITS.slice(1).join('|')}))\\b`,
  'gi',
);

/** "five twenty-three", "eight twelve": a control number said aloud, as people do in meetings. */
function spokenControls(q: string): string[] {
  return [...q.matchAll(SPOKEN_CONTROL)].flatMap((m) => {
    const theme = UNITS.indexOf((m[1] ?? '').toLowerCase());
    const n = m[2]
      ? (TENS[m[2].toLowerCase()] ?? 0) + Math.max(0, UNITS.indexOf((m[3] ?? '').toLowerCase()))
      : m[4]
        ? 10 + TEENS.indexOf(m[4].toLowerCase())
        : UNITS.indexOf((m[5] ?? '').toLowerCase());
    const ref = findControl(`A.${theme}.${n}`)?.ref;
    return ref ? [ref] : [];
  });
}

/** Refs named in a question, most specific first. Both readings of an ambiguous number are kept. */
export function parseRefs(question: string): string[] {
  const out: string[] = [];
  const add = (r: string | undefined) => {
    if (r && !out.includes(r)) out.push(r);
  };
  const q = question.replace(/\s+/g, ' ');
  // Explicit controls: "A.8.24", "A8.24", "Annex A 8.24", "control 8.24", "controls 5.19 and 5.20".
  for (const m of q.matchAll(
    /\b(?:annex\s*a\s*[.:]?\s*|a\s?\.?\s?|controls?\s+(?:a\.?\s?)?)([5-8])\.(\d{1,2})\b|\b(?:annex\s*a|controls?|ctrl)\s*[.:]?\s*([5-8])\s?[-\s]\s?(\d{1,2})\b(?![.\d])/gi,
  )) {
    add(findControl(`A.${m[1] ?? m[3]}.${m[2] ?? m[4]}`)?.ref);
  }
  // Explicit clauses: "clause 9.3", "section 6.1.2", "clauses 4.1 and 4.2".
  for (const m of q.matchAll(/\b(?:clauses?|sections?|§)\s*((?:10|[4-9])(?:\.\d){1,2})\b/gi))
    add(findClause(m[1] ?? '')?.ref);
  // A whole clause: "clause 8" → its sub-clauses.
  // …but "section 8 of Annex A" and "Annex A section 8" are Annex A's themes, not clauses.
  for (const m of q.matchAll(
    /(?<!\bannex\s*a\s*[,:]?\s*(?:theme\s*)?)\b(?:clause|section)\s+(10|[4-9])(?![.\d])(?!\s+(?:of|in)\s+(?:the\s+)?annex)/gi,
  )) {
    for (const c of CLAUSES) if (c.ref.split('.')[0] === m[1] && c.ref.split('.').length === 2) add(c.ref);
  }
  // Bare numbers: "8.24" is only a control; "9.3.2" only a clause; "7.2" both (listed together).
  const explicitControl = /\b(?:annex|control)/i.test(q);
  const explicitClause = /\b(?:clause|section|requirement)/i.test(q);
  for (const m of q.matchAll(/(?<![\w.])((?:10|[4-9])\.\d{1,2}(?:\.\d)?)(?![\w.]*\d)/g)) {
    const n = m[1] ?? '';
    const clause = findClause(n)?.ref;
    const control = findControl(`A.${n}`)?.ref;
    if (explicitControl && !explicitClause) add(control ?? clause);
    else if (explicitClause && !explicitControl) add(clause ?? control);
    else for (const r of [clause, control]) add(r);
  }
  // "A 8 15 vs A 8 16": a capital A and spaces for dots.
  for (const m of q.matchAll(/\bA\s+([5-8])\s+(\d{1,2})\b/g)) add(findControl(`A.${m[1]}.${m[2]}`)?.ref);
  for (const [re, ref] of RELATED) if (re.test(q)) add(ref);
  // Only where nothing was typed as a number: "five or six people" is not a control.
  if (out.length === 0 && /\b(?:control|annex|we'?re weak on|saying|means?|called)\b|['"‘’“”]/i.test(q))
    for (const r of spokenControls(q)) add(r);
  return out;
}
