/**
 * The shape of a person as Slack names them. Ids arrive in slash-command text, button values and
 * forged payloads; a value that cannot be a Slack user id is refused before it reaches the store,
 * and a display name never carries control characters into evidence or messages.
 */
/** Slack user ids: `U…` (or `W…` on Enterprise Grid), upper-case letters and digits. */
export const USER_ID = /^[UW][A-Z0-9]{1,20}$/;

export const isUserId = (s: unknown): s is string => typeof s === 'string' && USER_ID.test(s);

/** C0/C1 controls, and the bidirectional overrides that let a name display as something else. */
const UNSAFE = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const NAME_MAX = 80;

/** A display name as given, if it is safe to keep; otherwise undefined (the id is used instead). */
export function safeName(name: string | undefined | null): string | undefined {
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > NAME_MAX || UNSAFE.test(trimmed)) return undefined;
  return trimmed;
}

/** True when a label was given but cannot be kept as a name (a forged or garbled mention). */
export const isUnsafeName = (name: string | undefined | null): boolean =>
  typeof name === 'string' && name.trim() !== '' && safeName(name) === undefined;

/** `<@U123|alice>` (escaped Slack mention), `@U123` or `U123`. */
const MENTION = /^<@([^|>]+)(?:\|([^>]*))?>$|^@?([^<@|>]+)$/;

/**
 * A person named in typed text. Undefined when the id lacks Slack's shape, or the label is one Slack
 * would never send (control characters, hundreds of characters): a forged mention is refused rather
 * than kept as someone's name.
 */
export function parseMention(
  who: string | undefined,
): { userId: string; name?: string | undefined } | undefined {
  const m = MENTION.exec(who ?? '');
  const userId = m?.[1] ?? m?.[3];
  if (!isUserId(userId) || isUnsafeName(m?.[2])) return undefined;
  return { userId, name: safeName(m?.[2]) };
}
