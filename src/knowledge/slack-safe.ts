/**
 * Text a model wrote is untrusted: before it is posted it must not be able to ping people or send
 * them somewhere. Slack turns `<!channel>`, `<@U…>`, `<#C…>`, `<!subteam^…>` and `<url|label>` into
 * broadcasts, mentions and disguised links, and it links bare URLs and domains by itself. The app's
 * own citations are plain refs (`[A.8.24]`, the sources line), so nothing legitimate is lost.
 */

const LINK_REMOVED = '(link removed)';

// Schemes Slack (or a client) would open; bare `www.` hosts; bare domains such as `evil.example/login`.
const URL_WITH_SCHEME = /\b(?:https?|ftp|sftp|mailto|tel|slack|file|javascript|data|vbscript):\S*/gi;
const WWW = /\bwww\.\S+/gi;
const BARE_DOMAIN =
  /(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?::\d+)?(?:\/\S*)?(?![\w-])/gi;
// Broadcast words typed as text (Slack only broadcasts them with link_names, but clients differ).
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Make untrusted text safe as Slack mrkdwn: escaped, no mentions, broadcasts or links. */
export function slackSafe(text: string): string {
  return text
    .replace(URL_WITH_SCHEME, LINK_REMOVED)
    .replace(WWW, LINK_REMOVED)
    .replace(BARE_DOMAIN, LINK_REMOVED)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, '$1');
}

// Delimiters the prompt wraps data in, and the chat-template markers some models honour.
const DELIMITER =
  /<\s*\/?\s*(?:question|passages?|history|conversation|data|context|system|instructions?|rules|user|assistant)\b[^>]*>|<\|[^|>]{0,40}\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>/gi;

/**
 * Data placed inside the prompt's delimiters (the question, earlier turns) with anything that
 * tries to close or open a delimiter removed, so it cannot step outside its block.
 */
export function asPromptData(text: string): string {
  let out = text;
  // Removing one marker can join the halves of another (`</que</question>stion>`): repeat until stable.
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(DELIMITER, ' ');
  }
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}
