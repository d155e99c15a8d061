/**
 * Console mode: the same bot as in Slack, as a DM in the terminal. Each line is a message; `/isms …`
 * is the slash command; numbers click buttons; forms are asked one input at a time, checked as they
 * are answered, and submitted only once their answers are confirmed. EOF ends it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bot, ModalView, Reply, Requester, ViewValues } from '../bot/types.ts';
import type { Db } from '../store/db.ts';
import type { Runtime } from '../workflows/runtime.ts';
import { typedMentions } from './markup.ts';
import { askModal, CANCELLED, type LineSource } from './modal.ts';
import { type ConsoleDirectory, consoleDirectory, consoleUserId } from './people.ts';
import { renderBlocks, textOf } from './render.ts';

export const CONSOLE_TEAM = 'TCONSOLE';
export const CONSOLE_CHANNEL = 'DCONSOLE';
export const CONSOLE_USER = 'UCONSOLE';

export const BANNER =
  'isms-bot (console mode): a DM with the bot. Ask a question or type /isms help; /quit leaves. ' +
  'To run in Slack, set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (see README).';

/** A workflow that waits for someone, listed when a session starts. */
export interface Waiting {
  readonly id: string;
  readonly title: string;
  readonly step: string;
}

export interface ConsoleOptions {
  readonly bot: Bot;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly userId?: string;
  readonly userName?: string | undefined;
  /** Names for mentions, and ids for `@name` typed in the terminal. */
  readonly directory?: ConsoleDirectory;
  /** The workflows running in the console workspace, told when the session starts. */
  readonly waiting?: () => readonly Waiting[];
  /** Said after the banner (e.g. where the logs go). */
  readonly notice?: string;
  /** Work done between lines (due events, messages still to show), printed like any reply. */
  readonly background?: () => Promise<readonly Reply[]>;
  /** Where documents a workflow hands over (the approved minutes PDF) are written, for lack of Slack. */
  readonly filesDir?: string | undefined;
}

/** `/as @dana`: act as a colleague (a console user id made from the name); `/as me` goes back. */
const AS = /^\/as\s+@?([A-Za-z][\w.-]{0,40})\s*$/;

/** Running workflows of the console's workspace, for `ConsoleOptions.waiting`. */
export function waitingIn(runtime: Pick<Runtime, 'list' | 'step' | 'flows'>): () => Waiting[] {
  return () =>
    runtime.list(CONSOLE_TEAM, 'active').map((i) => ({
      id: i.id,
      title: runtime.flows.find((f) => f.key === i.flow)?.title ?? i.flow,
      step: runtime.step(i).meta.title,
    }));
}

// Bracketed paste (xterm, and every common terminal): the terminal wraps pasted text in these, so a
// paste of several lines can be told from lines typed one by one.
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

export async function runConsole({
  bot,
  input,
  output,
  userId = CONSOLE_USER,
  userName = safeUserName(),
  directory,
  waiting,
  notice,
  background,
  filesDir,
}: ConsoleOptions): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const pasteMode = interactive && (output as { isTTY?: boolean }).isTTY === true;
  const readLine = async () => {
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  const io: LineSource = {
    async next() {
      if (interactive) output.write('> ');
      const first = await readLine();
      if (first === undefined || !first.includes(PASTE_START)) return first?.replaceAll(PASTE_END, '');
      // One paste is one answer, however many lines it has.
      const pasted = [first.replace(PASTE_START, '')];
      while (!pasted.at(-1)?.includes(PASTE_END)) {
        const more = await readLine();
        if (more === undefined) break;
        pasted.push(more);
      }
      return pasted.join('\n').replaceAll(PASTE_END, '');
    },
    print: (text) => output.write(`${text}\n`),
    search: (actionId, query) => bot.options(req, { actionId, query }),
  };
  const me: Requester = {
    teamId: CONSOLE_TEAM,
    userId,
    userName,
    channelId: CONSOLE_CHANNEL,
    // The whole session is one thread, so follow-up questions keep their context.
    threadTs: `${Math.floor(Date.now() / 1000)}.000000`,
    via: 'console',
  };
  const names = directory ?? {
    nameOf: (id: string) => (id === userId ? userName : undefined),
    idOf: consoleUserId,
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
      // A terminal has no file sharing: a workflow's document is written to a file and the path said;
      // an export says what Slack would share (`isms export --out` writes files).
      if (reply.type === 'file') {
        const path = reply.onDelivered && filesDir ? saveFile(filesDir, reply.file) : undefined;
        io.print(`${textOf(reply.message.text, names)}${path ? ` Written to ${path}` : ''}\n`);
        if (path) reply.onDelivered?.({ channel: CONSOLE_CHANNEL, ts: path, savedTo: path });
        continue;
      }
      // Canvases are Slack's: in the terminal the file above is the copy.
      if (reply.type === 'canvas') {
        reply.onDelivered?.({
          channel: CONSOLE_CHANNEL,
          ts: 'unavailable',
          canvas: { how: 'unavailable', reason: 'console' },
        });
        continue;
      }
      const rendered = reply.message.blocks?.length
        ? renderBlocks(reply.message.blocks, 1, names)
        : { text: textOf(reply.message.text, names), buttons: new Map() };
      if (rendered.buttons.size > 0) buttons = rendered.buttons;
      // A DM to someone else is shown as one; `/as @name` lets the person here answer it.
      const label =
        reply.type === 'dm' && reply.userId !== req.userId
          ? `(DM to ${textOf(`<@${reply.userId}>`, names)}) `
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
    const submission = (values: ViewValues) => ({
      callbackId: view.callback_id ?? '',
      privateMetadata: view.private_metadata ?? '',
      values,
    });
    const formIo: LineSource = {
      ...io,
      personId: (name) => names.idOf(name),
      check: async (values) => {
        const r = await bot.checkView(req, submission(values));
        return r.ok ? {} : r.errors;
      },
    };
    let values: ViewValues = {};
    let only: Set<string> | undefined;
    for (;;) {
      const answered = await askModal(view, formIo, values, only);
      if (answered === CANCELLED) {
        io.print('Form closed; nothing was submitted.\n');
        return;
      }
      values = answered;
      const result = await bot.viewSubmission(req, submission(values));
      if (result.ok) {
        await show(result.replies);
        return;
      }
      for (const [, message] of Object.entries(result.errors)) io.print(`  ✗ ${textOf(message, names)}`);
      only = new Set(Object.keys(result.errors));
    }
  };

  if (pasteMode) output.write(PASTE_ON);
  io.print(BANNER);
  if (notice) io.print(notice);
  const waitingNow = waiting?.() ?? [];
  const resume = (w: Waiting) => `/isms flows resume ${w.id}`;
  for (const w of waitingNow)
    io.print(
      `Waiting from before: ${w.id} ${w.title}, at "${w.step}": type ${resume(w)} to continue it here.`,
    );
  if (waitingNow.length) io.print('');
  for (;;) {
    const line = await io.next();
    if (line === undefined) break;
    // A paste at the prompt is one message.
    const text = line.replace(/\s*\n\s*/g, ' ').trim();
    if (!text) continue;
    if (/^\/(?:quit|exit|bye)$/i.test(text)) break;
    // "/quit" is not a question about leavers: a slash word the console does not know says so.
    const slash = /^\/(?!isms\b|as\b)([a-z][\w-]*)\b/i.exec(text);
    if (slash) {
      io.print(
        `\`/${slash[1]}\` is not a console command. Type /isms help for the bot's commands, /as @name to act as someone, or /quit (or Ctrl-D) to leave.\n`,
      );
      continue;
    }
    const as = AS.exec(text);
    if (as?.[1]) {
      const name = as[1];
      req =
        name === 'me'
          ? me
          : {
              ...me,
              userId: names.idOf(name),
              userName: name,
              via: `console, as ${name} by ${me.userName ?? me.userId}`,
            };
      io.print(
        name === 'me'
          ? 'You are yourself again.\n'
          : `You now act as @${name} (<@${req.userId}>); evidence says so. \`/as me\` goes back.\n`,
      );
    } else if (/^\d+$/.test(text)) {
      const clicked = buttons.get(Number(text));
      if (clicked) await show(await bot.action(req, clicked));
      else {
        const first = waiting?.()[0];
        io.print(
          `There is no button [${text}] on screen${buttons.size ? ` (the last reply has 1–${buttons.size})` : ''}. ` +
            (first
              ? `To continue ${first.id}, type ${resume(first)}.`
              : 'Type /isms help to see what I can do.') +
            '\n',
        );
      }
    } else {
      const typed = typedMentions(text, (name) => names.idOf(name));
      if (/^\/isms\b/i.test(typed)) await show(await bot.command(req, typed.replace(/^\/isms\b/i, '')));
      // A typed line is a top-level DM message: a new question unless it reads as a follow-up.
      else await show(await bot.message({ ...req, threadTs: undefined }, typed));
    }
    if (background) await show(await background());
  }
  if (pasteMode) output.write(PASTE_OFF);
  rl.close();
}

/** Write a handed-over file into `dir` (made if missing), never outside it; returns its path. */
function saveFile(dir: string, file: { filename: string; content: Uint8Array }): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, basename(file.filename));
  writeFileSync(path, file.content);
  return path;
}

function safeUserName(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** What `isms chat` gives the console besides the bot: names from the database, waiting workflows. */
export function consoleWiring(
  app: { bot: Bot; runtime: Pick<Runtime, 'list' | 'step' | 'flows'> },
  db: Db,
  userName = safeUserName(),
): Pick<ConsoleOptions, 'bot' | 'userId' | 'userName' | 'directory' | 'waiting'> {
  return {
    bot: app.bot,
    userId: CONSOLE_USER,
    userName,
    directory: consoleDirectory(db, CONSOLE_TEAM, { userId: CONSOLE_USER, name: userName }),
    waiting: waitingIn(app.runtime),
  };
}
