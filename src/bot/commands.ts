import { Blocks, Message } from 'slack-block-builder';
import type { KnownBlock, OutMessage, Reply, Requester } from './types.ts';

/** One `/isms <name>` subcommand. Help is generated from these, so usage never drifts. */
export interface Subcommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(req: Requester, args: string): Promise<Reply[]>;
}

export function helpMessage(subcommands: readonly Subcommand[]): OutMessage {
  const lines = [
    '`/isms help` — this list',
    ...subcommands.map((s) => `\`/isms ${s.usage}\` — ${s.summary}`),
  ];
  const built = Message()
    .blocks(
      Blocks.Header({ text: 'isms-bot: your ISO/IEC 27001 ISMS in Slack' }),
      Blocks.Section({ text: lines.join('\n') }),
      Blocks.Context().elements(
        'You can also DM me a question, or @mention me in a channel: I answer in the thread.',
      ),
    )
    .buildToObject() as { blocks: KnownBlock[] };
  return { text: `isms-bot commands:\n${lines.join('\n')}`, blocks: built.blocks };
}

/** `text` is what follows `/isms`. */
export async function routeCommand(
  subcommands: readonly Subcommand[],
  req: Requester,
  text: string,
): Promise<Reply[]> {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/)[0] ?? '';
  const name = first.toLowerCase();
  if (name === '' || name === 'help') return [{ type: 'ephemeral', message: helpMessage(subcommands) }];
  // A two-word name (`soa review`, `risk method`) wins over its first word (`soa`).
  const words = trimmed.split(/\s+/);
  const two = words.slice(0, 2).join(' ').toLowerCase();
  const sub =
    (words.length > 1 && subcommands.find((s) => s.name === two)) || subcommands.find((s) => s.name === name);
  if (!sub) {
    return [
      {
        type: 'ephemeral',
        message: { text: `I don't know \`/isms ${first}\`. Type \`/isms help\` to see what I can do.` },
      },
    ];
  }
  const args = sub.name.includes(' ') ? trimmed.replace(/^\S+\s+\S+/, '') : trimmed.slice(first.length);
  return sub.run(req, args.trim());
}
