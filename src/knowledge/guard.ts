/**
 * User text is data, never instructions. Sentences that try to steer the bot (ignore your rules,
 * reveal the prompt, approve or change ISMS data) are dropped before retrieval; a message that is
 * nothing but such an instruction is declined. Q&A has no way to change ISMS data in any case.
 */

const INSTRUCTION: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules?|prompts?|guidelines|above|previous|everything)\b/i,
  /\b(print|show|reveal|repeat|output|display|leak|dump|tell me)\b.{0,30}\b(system prompt|prompt|instructions|configuration|config|api key|secrets?|tokens?|environment|env vars?)\b/i,
  /\b(you are now|act as|pretend (to be|you)|developer mode|jailbreak|do anything now)\b/i,
  // An imperative to change ISMS data: "approve risk R-12", "please delete the evidence".
  /^(?:(?:and|also|now|then|please|just)\s*,?\s*)*(approve|accept|reject|delete|remove|erase|close|mark|change|update|modify|set|grant|revoke|cancel|sign off)\b/i,
];

// Money questions about certification, audits or courses: the knowledge base has no prices.
const PRICE =
  /\b(costs?|prices?|pricing|priced|fees?|charges?|charging|quotes?|budget|how much money|salar(?:y|ies)|day rates?)\b/i;
const PRICED_THING =
  /\b(certif\w*|audit\w*|consult\w*|course|training|bsi|body|bodies|iso|standard|licen[cs]e|pentest\w*)\b/i;

const SMALL_TALK =
  /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|thanks|thank you|cheers|who are you|what are you|what can you do|how are you)\b[\s!.?]*(isms-bot|bot|there)?[\s!.?]*$/i;

export interface Guarded {
  /** The question with instruction sentences removed. */
  readonly question: string;
  /** Something was removed. */
  readonly hadInstruction: boolean;
  readonly asksPrice: boolean;
  /** A greeting or thanks rather than a question. */
  readonly smallTalk: boolean;
}

export function guardQuestion(raw: string): Guarded {
  const sentences = raw
    .split(/(?<=[.?!;])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const kept = sentences.filter((s) => !INSTRUCTION.some((re) => re.test(s.replace(/^[^a-z]*/i, ''))));
  const question = kept.join(' ');
  return {
    question,
    hadInstruction: kept.length < sentences.length,
    asksPrice: PRICE.test(question) && PRICED_THING.test(question),
    smallTalk: SMALL_TALK.test(raw.trim()),
  };
}
