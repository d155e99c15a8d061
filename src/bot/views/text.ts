/** Block Kit limits (Slack reference): section text 3000 chars, 50 blocks a message. */
export const SECTION_MAX = 3000;
export const MESSAGE_BLOCKS_MAX = 50;

/** Split mrkdwn into pieces that fit a section, at paragraph, then line, then word boundaries. */
export function splitForSections(text: string, max = SECTION_MAX - 100): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut =
      Math.max(window.lastIndexOf('\n\n'), 0) ||
      Math.max(window.lastIndexOf('\n'), 0) ||
      window.lastIndexOf(' ');
    const at = cut > max / 3 ? cut : max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escape user text for mrkdwn (Slack asks for &, <, > to be escaped). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
