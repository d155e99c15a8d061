/**
 * Slack mrkdwn for a terminal: mentions and channels by name, emoji for the common shortcodes (and
 * nothing for the rest: a terminal has no custom emoji), no `*bold*` / `_italic_` / `~strike~`
 * markers, links as "text (url)", and Slack's escapes undone. Code spans keep their backticks: ids
 * and commands are meant to be copied.
 */

export interface Names {
  nameOf(userId: string): string | undefined;
}

const EMOJI: Readonly<Record<string, string>> = {
  warning: '⚠️',
  x: '❌',
  lock: '🔒',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  bell: '🔔',
  memo: '📝',
  clipboard: '📋',
  calendar: '📅',
  date: '📅',
  page_facing_up: '📄',
  bookmark_tabs: '📑',
  mag: '🔍',
  link: '🔗',
  information_source: 'ℹ️',
  bulb: '💡',
  speech_balloon: '💬',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  eyes: '👀',
  tada: '🎉',
  rotating_light: '🚨',
  shield: '🛡️',
  key: '🔑',
  arrow_right: '➡️',
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  question: '❓',
  exclamation: '❗',
  red_circle: '🔴',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
};

export function terminalText(text: string, names?: Names): string {
  // Code spans are kept as typed: set them aside (private-use characters mark the place), render
  // the rest, put them back.
  const code: string[] = [];
  const rest = text.replace(/`[^`\n]+`/g, (m) => `\ue000${code.push(m) - 1}\ue001`);
  const out = rest
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(
      /<@([A-Z0-9]+)(?:\|([^>]+))?>/g,
      (_m, id: string, label?: string) => `@${names?.nameOf(id) ?? label ?? id}`,
    )
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) =>
      name ? `#${name}` : id.startsWith('D') ? 'this conversation' : `#${id}`,
    )
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>/g, (_m, name?: string) => name ?? '@group')
    .replace(/<!date\^[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<!([a-z]+)(?:\|[^>]*)?>/g, '@$1')
    // A shortcode starts a word (not the `30:` of 10:30:00).
    .replace(/(?<![\w:]):([a-z][a-z0-9_+-]*|[+-]1):/g, (_m, name: string) => EMOJI[name] ?? '')
    // Emphasis markers around words, not asterisks inside them (2*3*4) nor snake_case names.
    .replace(/(^|[\s(["'])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s).,;:!?'"\]])/gm, '$1$2')
    .replace(/(^|[\s(["'])_(?=\S)([^_\n]*?\S)_(?=$|[\s).,;:!?'"\]])/gm, '$1$2')
    .replace(/(^|[\s(["'])~(?=\S)([^~\n]*?\S)~(?=$|[\s).,;:!?'"\]])/gm, '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return out.replace(/\ue000(\d+)\ue001/g, (_m, i: string) => code[Number(i)] ?? '');
}

/**
 * What a person types in the terminal, as Slack would send it: `@alice` becomes a mention
 * `<@U…|alice>` (Slack's escaped form, which commands and forms already read).
 */
export function typedMentions(text: string, idOf: (name: string) => string): string {
  return text.replace(/(^|[\s,(])@([a-zA-Z][a-zA-Z0-9._-]{0,79})\b/g, (_m, pre: string, name: string) => {
    // `@U123ABC` is already an id.
    if (/^[UW][A-Z0-9]{2,}$/.test(name)) return `${pre}<@${name}>`;
    return `${pre}<@${idOf(name)}|${name}>`;
  });
}
