/**
 * A modal asked one input at a time in the terminal. The answers are assembled in Slack's own
 * `view.state.values` shape and submitted through the same bot call as a Slack view_submission.
 */
import type { MenuOption, ModalView, ViewValue, ViewValues } from '../bot/types.ts';
import { isUserId } from '../domain/person.ts';
import { plain } from './render.ts';

export interface LineSource {
  /** Next thing typed: one line, or several joined by `\n` when pasted on a terminal; undefined at EOF. */
  next(): Promise<string | undefined>;
  print(text: string): void;
  /** Options matching a search term, for selects whose list is searched (Slack's external select). */
  search?(actionId: string, query: string): Promise<readonly MenuOption[]>;
  /** The bot's own checks of the answers so far, by block id (nothing is submitted). */
  check?(values: ViewValues): Promise<Readonly<Record<string, string>>>;
  /** A person typed as `@name` in a person field, as Slack's user picker would give their id. */
  personId?(name: string): string;
}

interface InputBlock {
  type: 'input';
  block_id: string;
  label: { text: string };
  hint?: { text: string };
  optional?: boolean;
  element: {
    type: string;
    action_id: string;
    multiline?: boolean;
    options?: { text: { text: string }; value: string; description?: { text: string } }[];
    initial_value?: string;
  };
}

export const CANCELLED = Symbol('cancelled');

interface Answer {
  readonly value: ViewValue;
  /** How the answer is shown back before submitting. */
  readonly shown: string;
}

const YES = /^(y|yes|submit)$/i;

/**
 * Ask every input block (or only `only`), each checked as it is answered; then show all the answers
 * and submit only on an explicit "yes". Piped input cannot tell a paste from typing, so a pasted
 * block that ran on into the next fields is caught here, before anything reaches the evidence log.
 * Returns the values, or CANCELLED at `cancel` or EOF.
 */
export async function askModal(
  view: ModalView,
  io: LineSource,
  previous: ViewValues = {},
  only?: ReadonlySet<string>,
): Promise<ViewValues | typeof CANCELLED> {
  const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as InputBlock[];
  const values: ViewValues = { ...previous };
  const shown = new Map<string, string>(inputs.map((b) => [b.block_id, describe(b, previous[b.block_id])]));
  if (!only) io.print(`\n== ${plain(view.title.text)} == (type "cancel" to close the form)`);
  const ask = async (block: InputBlock): Promise<boolean> => {
    for (;;) {
      const answer = await askInput(block, io);
      if (answer === CANCELLED) return false;
      const next = { ...values, [block.block_id]: { [block.element.action_id]: answer.value } };
      const error = (await io.check?.(next))?.[block.block_id];
      if (error) {
        io.print(`  ✗ ${plain(error)}`);
        continue;
      }
      Object.assign(values, next);
      shown.set(block.block_id, answer.shown);
      return true;
    }
  };
  for (const block of inputs) {
    if (only && !only.has(block.block_id)) continue;
    if (!(await ask(block))) return CANCELLED;
  }
  for (;;) {
    io.print(
      [
        'Your answers:',
        ...inputs.map((b, i) => `  ${i + 1}. ${plain(b.label.text)}: ${shown.get(b.block_id) || '(none)'}`),
        `Type yes to submit, a number to change that answer, or cancel.`,
      ].join('\n'),
    );
    for (;;) {
      const raw = await io.next();
      const line = raw?.trim() ?? 'cancel';
      if (line.toLowerCase() === 'cancel') return CANCELLED;
      if (YES.test(line)) return values;
      const n = /^\d+$/.test(line) ? Number(line) : 0;
      const block = inputs[n - 1];
      if (block) {
        if (!(await ask(block))) return CANCELLED;
        break;
      }
      io.print(`  Nothing was submitted yet: type yes, a number from 1 to ${inputs.length}, or cancel.`);
    }
  }
}

/** An answer given earlier (e.g. before a submission error), as shown back. */
function describe(block: InputBlock, value: Record<string, ViewValue> | undefined): string {
  const v = value?.[block.element.action_id];
  if (!v) return '';
  const label = (val: string) => block.element.options?.find((o) => o.value === val)?.text.text ?? val;
  if (v.selected_option) return label(v.selected_option.value);
  if (v.selected_options) return v.selected_options.map((o) => label(o.value)).join(', ');
  return (v.value ?? v.selected_date ?? v.selected_user ?? v.selected_users?.join(', ') ?? '')
    .split('\n')
    .join(' | ');
}

/** A pasted block as lines, without the blank ones. */
const linesOf = (raw: string) =>
  raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

async function askInput(block: InputBlock, io: LineSource): Promise<Answer | typeof CANCELLED> {
  const el = block.element;
  if (el.type === 'external_select' || el.type === 'multi_external_select') return askSearched(block, io);
  const options = el.options ?? [];
  const multi = el.type === 'multi_static_select' || el.type === 'checkboxes';
  const lines = [`${plain(block.label.text)}${block.optional ? ' (optional)' : ''}`];
  if (block.hint) lines.push(`  ${plain(block.hint.text)}`);
  options.forEach((o, i) => {
    lines.push(`  ${i + 1}. ${plain(o.text.text)}${o.description ? ` — ${plain(o.description.text)}` : ''}`);
  });
  if (multi) lines.push('  (numbers separated by commas)');
  if (el.type === 'datepicker') lines.push('  (YYYY-MM-DD)');
  // One rule for every multi-line field, said once: the field's own hint may already say "one per line".
  if (el.multiline)
    lines.push(
      block.hint && /one per line/i.test(block.hint.text)
        ? '  (an empty line ends it)'
        : '  (one per line; an empty line ends it)',
    );
  if (el.initial_value)
    lines.push(`  (${el.multiline ? 'an empty line' : 'Enter'} keeps: ${preview(el.initial_value)})`);
  io.print(lines.join('\n'));
  if (el.multiline) return askLines(block, io);
  for (;;) {
    const raw = await io.next();
    if (raw === undefined || raw.trim().toLowerCase() === 'cancel') return CANCELLED;
    // A paste into a one-line field fills that field only.
    const typed = linesOf(raw).join(' ');
    const line = typed === '' && el.initial_value ? el.initial_value : typed;
    if (line === '' && !block.optional) {
      io.print('  This one is required.');
      continue;
    }
    if (options.length === 0) return { value: toValue(el.type, line, io.personId), shown: line };
    const picked = line === '' ? [] : line.split(',').map((s) => pick(options, s.trim()));
    if (picked.some((p) => p === undefined) || (!multi && picked.length > 1)) {
      io.print(`  Please type ${multi ? 'numbers' : 'a number'} from the list.`);
      continue;
    }
    const chosen = picked as { value: string; text: { text: string } }[];
    const shown = chosen.map((o) => plain(o.text.text)).join(', ');
    if (multi)
      return { value: { type: el.type, selected_options: chosen.map((o) => ({ value: o.value })) }, shown };
    return {
      value: { type: el.type, selected_option: chosen[0] ? { value: chosen[0].value } : null },
      shown,
    };
  }
}

/** A multi-line field: one line per item (a paste brings all its lines), until an empty line. */
async function askLines(block: InputBlock, io: LineSource): Promise<Answer | typeof CANCELLED> {
  const el = block.element;
  const items: string[] = [];
  for (;;) {
    const raw = await io.next();
    if (raw === undefined) {
      if (items.length === 0) return CANCELLED;
      break;
    }
    if (raw.trim().toLowerCase() === 'cancel') return CANCELLED;
    const got = linesOf(raw);
    if (got.length > 0) {
      items.push(...got);
      continue;
    }
    if (items.length > 0) break;
    if (el.initial_value)
      return { value: toValue(el.type, el.initial_value), shown: preview(el.initial_value) };
    if (block.optional) break;
    io.print('  This one is required: type at least one line, then an empty line.');
  }
  const text = items.join('\n');
  return { value: toValue(el.type, text), shown: items.join(' | ') };
}

const preview = (text: string) => {
  const one = text.replace(/\s*\n\s*/g, ' | ');
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
};

const SHOWN = 15;

/** A searched list: ask for a search term, number the matches, take a number (or search again). */
async function askSearched(block: InputBlock, io: LineSource): Promise<Answer | typeof CANCELLED> {
  const el = block.element;
  const multi = el.type === 'multi_external_select';
  io.print(
    `${plain(block.label.text)}${block.optional ? ' (optional)' : ''}\n` +
      `  Type a search term (words or an id), then the number${multi ? 's, separated by commas,' : ''} of your pick.`,
  );
  let shown: readonly MenuOption[] = [];
  for (;;) {
    const raw = await io.next();
    if (raw === undefined || raw.trim().toLowerCase() === 'cancel') return CANCELLED;
    const line = raw.trim();
    if (line === '') {
      if (block.optional)
        return {
          value: multi ? { type: el.type, selected_options: [] } : { type: el.type, selected_option: null },
          shown: '',
        };
      io.print('  This one is required: type a search term.');
      continue;
    }
    const numbers = /^\d+(\s*,\s*\d+)*$/.test(line) ? line.split(',').map((n) => Number(n.trim())) : [];
    const picked = numbers.map((n) => shown[n - 1]);
    if (numbers.length > 0 && picked.every(Boolean) && (multi || picked.length === 1)) {
      const chosen = (picked as MenuOption[]).map((o) => ({ value: o.value }));
      const shown = (picked as MenuOption[]).map((o) => plain(o.label)).join(', ');
      io.print(`  Picked: ${shown}`);
      return {
        value: multi
          ? { type: el.type, selected_options: chosen }
          : { type: el.type, selected_option: chosen[0] ?? null },
        shown,
      };
    }
    const found = (await io.search?.(el.action_id, line)) ?? [];
    if (found.length === 0) {
      io.print(`  Nothing matches "${line.slice(0, 60)}": try other words.`);
      continue;
    }
    shown = found.slice(0, SHOWN);
    io.print(
      [
        ...shown.map((o, i) => `  ${i + 1}. ${plain(o.label)}`),
        ...(found.length > SHOWN
          ? [`  … and ${found.length - SHOWN} more: type more to narrow the search.`]
          : []),
        '  Type the number of your pick, or another search term.',
      ].join('\n'),
    );
  }
}

function pick(options: { text: { text: string }; value: string }[], s: string) {
  const i = Number(s);
  if (Number.isInteger(i) && i >= 1 && i <= options.length) return options[i - 1];
  return options.find((o) => o.value === s || o.text.text.toLowerCase() === s.toLowerCase());
}

function toValue(type: string, line: string, personId?: (name: string) => string): ViewValue {
  const person = (typed: string) => {
    const name = typed.replace(/^@/, '');
    // `@UDANA` is already a user id; `@dana` is a name, looked up as a typed mention is.
    return typed.startsWith('@') && personId && name && !isUserId(name) ? personId(name) : name;
  };
  switch (type) {
    case 'datepicker':
      return { type, selected_date: line || null };
    case 'users_select':
      return { type, selected_user: person(line) || null };
    case 'multi_users_select':
      return {
        type,
        selected_users: line
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(person),
      };
    default:
      return { type, value: line || null };
  }
}
