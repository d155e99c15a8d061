/**
 * Console mode: the same bot as in Slack, as a DM in the terminal. Each line is a message; `/isms …`
 * is the slash command; numbers click buttons; forms are asked one input at a time. EOF ends it.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import type { Bot, ModalView, Reply, Requester, ViewValues } from '../bot/types.ts';
import { askModal, CANCELLED, type LineSource } from './modal.ts';
import { renderBlocks } from './render.ts';

export const CONSOLE_TEAM = 'TCONSOLE';
export const CONSOLE_CHANNEL = 'DCONSOLE';

export const BANNER =
  'isms-bot (console mode): a DM with the bot. Ask a question or type /isms help. ' +
  'To run in Slack, set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (see README).';

export interface ConsoleOptions {
  readonly bot: Bot;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly userId?: string;
  /** Work done between lines (due events, messages still to show), printed like any reply. */
  readonly background?: () => Promise<readonly Reply[]>;
}

/** `/as @dana`: act as a colleague (a console user id made from the name); `/as me` goes back. */
const AS = /^\/as\s+@?([A-Za-z][\w.-]{0,40})\s*$/;
const consoleUserId = (name: string) => `U${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;

export async function runConsole({
  bot,
  input,
  output,
  userId = 'UCONSOLE',
  background,
}: ConsoleOptions): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const io: LineSource = {
    async next() {
      if (interactive) output.write('> ');
      const r = await lines.next();
      return r.done ? undefined : r.value;
    },
    print: (text) => output.write(`${text}\n`),
    search: (actionId, query) => bot.options(req, { actionId, query }),
  };
  const me: Requester = {
    teamId: CONSOLE_TEAM,
    userId,
    userName: safeUserName(),
    channelId: CONSOLE_CHANNEL,
    // The whole session is one thread, so follow-up questions keep their context.
    threadTs: `${Math.floor(Date.now() / 1000)}.000000`,
    via: 'console',
  };
  let req: Requester = me;
  let seq = 0;
  let buttons: ReadonlyMap<
    number,
    { actionId: string; value?: string | undefined; blockId?: string | undefined }
  > = new Map();

  const show = async (replies: readonly Reply[]): Promise<void> => {
    for (const reply of replies) {
      if (reply.type === 'later') {
        await show(await reply.replies);
        continue;
      }
      if (reply.type === 'modal') {
        await fillModal(reply.view);
        continue;
      }
      const rendered = reply.message.blocks?.length
        ? renderBlocks(reply.message.blocks)
        : { text: reply.message.text, buttons: new Map() };
      if (rendered.buttons.size > 0) buttons = rendered.buttons;
      // A DM to someone else is shown as one; `/as @name` lets the person here answer it.
      const label =
        reply.type === 'dm' && reply.userId !== req.userId
          ? `(DM to <@${reply.userId}>) `
          : reply.type === 'update'
            ? '(updated) '
            : '';
      io.print(`${label}${rendered.text}\n`);
      if (reply.type !== 'ephemeral') {
        const ts =
          reply.type === 'update'
            ? reply.ts
            : `${(Date.now() / 1000).toFixed(6)}${(seq++).toString().padStart(3, '0')}`;
        const channel =
          reply.type === 'dm'
            ? `D${reply.userId}`
            : reply.type === 'update'
              ? reply.channel
              : CONSOLE_CHANNEL;
        reply.onDelivered?.({ channel, ts });
      }
    }
  };

  const fillModal = async (view: ModalView): Promise<void> => {
    let values: ViewValues = {};
    let only: Set<string> | undefined;
    for (;;) {
      const answered = await askModal(view, io, values, only);
      if (answered === CANCELLED) {
        io.print('Form closed; nothing was submitted.\n');
        return;
      }
      values = answered;
      const result = await bot.viewSubmission(req, {
        callbackId: view.callback_id ?? '',
        privateMetadata: view.private_metadata ?? '',
        values,
      });
      if (result.ok) {
        await show(result.replies);
        return;
      }
      for (const [, message] of Object.entries(result.errors)) io.print(`  ✗ ${message}`);
      only = new Set(Object.keys(result.errors));
    }
  };

  io.print(BANNER);
  for (;;) {
    const line = await io.next();
    if (line === undefined) break;
    const text = line.trim();
    if (!text) continue;
    const as = AS.exec(text);
    const clicked = /^\d+$/.test(text) ? buttons.get(Number(text)) : undefined;
    if (as?.[1]) {
      const name = as[1];
      req =
        name === 'me'
          ? me
          : {
              ...me,
              userId: consoleUserId(name),
              userName: name,
              via: `console, as ${name} by ${me.userName ?? me.userId}`,
            };
      io.print(
        name === 'me'
          ? 'You are yourself again.\n'
          : `You now act as @${name} (<@${req.userId}>); evidence says so. \`/as me\` goes back.\n`,
      );
    } else if (clicked) await show(await bot.action(req, clicked));
    else if (/^\/isms\b/i.test(text)) await show(await bot.command(req, text.replace(/^\/isms\b/i, '')));
    // A typed line is a top-level DM message: a new question unless it reads as a follow-up.
    else await show(await bot.message({ ...req, threadTs: undefined }, text));
    if (background) await show(await background());
  }
  rl.close();
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
