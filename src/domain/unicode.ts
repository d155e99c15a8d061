/**
 * Text made valid Unicode before it is hashed or stored. A JavaScript string can hold a lone UTF-16
 * surrogate (Slack's JSON may carry `"\ud800"`); SQLite stores text as UTF-8, where a lone surrogate
 * cannot exist, so what is read back would differ from what was hashed. Each lone surrogate becomes
 * U+FFFD, the replacement character, as a UTF-8 encoder would write it.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** The same value with every string in it (object keys too) made well-formed; JSON-shaped only. */
export function wellFormedDeep(value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormedDeep(v)] as const),
    );
  }
  return value;
}
