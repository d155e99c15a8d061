/** Tokenizing for the index and the decline rules: lower case, stop words out, English stems. */
import { stemmer } from 'stemmer';

// Function words plus words every document shares (they say nothing about which one fits).
const STOP = new Set(
  `a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its
  me my of on or our ours should so than that the their them then there these they this those to too us was we
  were what when where which who whom why will with would you your yours about also any all am just more most
  much must need needs other same some such very via what's whats tell explain please ask asks asked question
  questions actually really thing things kind want mean means say says like get got go going make makes made
  many lot lots anyone someone something good best hi hello hey thanks thank cheers sure anymore
  still ever yet maybe probably exactly currently already even well okay ok basically kinda sort
  he him his himself she her hers herself they're we're i'm it's i've we've don doesn didn isn aren wasn
  won't can't cannot here now being anyway btw pls plz please quick super folks guys told said
  supposed regarding re beforehand worried plain english stuff literally honestly simply bit actual nice asking somebody anybody
  lol lmao rofl tbh ugh omg idk imo imho fyi lmk rn tho though haha hmm yeah yep yup nope sorta yo man dude
  wat wut whats hw ur ya yall gonna wanna gotta lemme dunno thru seems seem obvious obviously guess guys
  honest tl dr tldr srsly seriously sigh meh`
    .split(/\s+/)
    .filter(Boolean),
);

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

export function stem(word: string): string {
  return /^\d/.test(word) ? word : stemmer(word);
}

/** MiniSearch `processTerm`: one token in, its stem out (or nothing for a stop word). */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length <= 1 || STOP.has(t)) return null;
  return stem(t);
}

const ASKING_SENTENCE =
  /\?|^\W*(?:so\s+|and\s+|but\s+|ok\s+)?(?:what|which|who|when|where|why|how|is|are|do|does|did|can|could|should|must|will|would)\b/i;

/**
 * The sentences that ask, without the story around them: in "we did SOC 2, which cost a fortune. How
 * much of it carries over?" the question is about SOC 2, not a price. The whole text when no sentence
 * reads as a question.
 */
export function askingPart(text: string): string {
  // "procrastinating on my tax return lol, but real question: which clause …": what follows the marker.
  const marked = /\b(?:real|actual|my|the|main)\s+question(?:\s+is)?\s*[:—–-]\s*/i.exec(text);
  if (marked) return text.slice(marked.index + marked[0].length);
  const asking = text.split(/(?<=[.!?])\s+|\n+/).filter((s) => ASKING_SENTENCE.test(s));
  return asking.length ? asking.join(' ') : text;
}
