/**
 * A modal asked one input at a time in the terminal. The answers are assembled in Slack's own
 * `view.state.values` shape and submitted through the same bot call as a Slack view_submission.
 */
import type { MenuOption, ModalView, ViewValue, ViewValues } from '../bot/types.ts';
import { plain } from './render.ts';

export interface LineSource {
  /** Next line typed, or undefined at EOF. */
  next(): Promise<string | undefined>;
  print(text: string): void;
  /** Options matching a search term, for selects whose list is searched (Slack's external select). */
  search?(actionId: string, query: string): Promise<readonly MenuOption[]>;
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
    options?: { text: { text: string }; value: string }[];
    initial_value?: string;
  };
}

export const CANCELLED = Symbol('cancelled');

/** Ask every input block (or only `only`); returns the values, or CANCELLED at `cancel` or EOF. */
export async function askModal(
  view: ModalView,
  io: LineSource,
  previous: ViewValues = {},
  only?: ReadonlySet<string>,
): Promise<ViewValues | typeof CANCELLED> {
  const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as InputBlock[];
  const values: ViewValues = { ...previous };
  if (!only) io.print(`\n== ${plain(view.title.text)} == (type "cancel" to close the form)`);
  for (const block of inputs) {
    if (only && !only.has(block.block_id)) continue;
    const value = await askInput(block, io);
    if (value === CANCELLED) return CANCELLED;
    values[block.block_id] = { [block.element.action_id]: value };
  }
  return values;
}

async function askInput(block: InputBlock, io: LineSource): Promise<ViewValue | typeof CANCELLED> {
  const el = block.element;
  if (el.type === 'external_select' || el.type === 'multi_external_select') return askSearched(block, io);
  const options = el.options ?? [];
  const multi = el.type === 'multi_static_select' || el.type === 'checkboxes';
  const lines = [`${plain(block.label.text)}${block.optional ? ' (optional)' : ''}`];
  if (block.hint) lines.push(`  ${plain(block.hint.text)}`);
  options.forEach((o, i) => {
    lines.push(`  ${i + 1}. ${plain(o.text.text)}`);
  });
  if (multi) lines.push('  (numbers separated by commas)');
  if (el.type === 'datepicker') lines.push('  (YYYY-MM-DD)');
  if (el.multiline) lines.push('  (one line; type \\n for a line break)');
  if (el.initial_value) lines.push(`  (Enter keeps: ${el.initial_value})`);
  io.print(lines.join('\n'));
  for (;;) {
    const raw = await io.next();
    if (raw === undefined || raw.trim().toLowerCase() === 'cancel') return CANCELLED;
    const line = raw.trim() === '' && el.initial_value ? el.initial_value : raw.trim().replace(/\\n/g, '\n');
    if (line === '' && !block.optional) {
      io.print('  This one is required.');
      continue;
    }
    if (options.length === 0) return toValue(el.type, line);
    const picked = line === '' ? [] : line.split(',').map((s) => pick(options, s.trim()));
    if (picked.some((p) => p === undefined) || (!multi && picked.length > 1)) {
      io.print(`  Please type ${multi ? 'numbers' : 'a number'} from the list.`);
      continue;
    }
    const chosen = picked as { value: string }[];
    if (multi) return { type: el.type, selected_options: chosen.map((o) => ({ value: o.value })) };
    return { type: el.type, selected_option: chosen[0] ? { value: chosen[0].value } : null };
  }
}

const SHOWN = 15;

/** A searched list: ask for a search term, number the matches, take a number (or search again). */
async function askSearched(block: InputBlock, io: LineSource): Promise<ViewValue | typeof CANCELLED> {
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
        return multi ? { type: el.type, selected_options: [] } : { type: el.type, selected_option: null };
      io.print('  This one is required: type a search term.');
      continue;
    }
    const numbers = /^\d+(\s*,\s*\d+)*$/.test(line) ? line.split(',').map((n) => Number(n.trim())) : [];
    const picked = numbers.map((n) => shown[n - 1]);
    if (numbers.length > 0 && picked.every(Boolean) && (multi || picked.length === 1)) {
      const chosen = (picked as MenuOption[]).map((o) => ({ value: o.value }));
      io.print(`  Picked: ${(picked as MenuOption[]).map((o) => plain(o.label)).join(', ')}`);
      return multi
        ? { type: el.type, selected_options: chosen }
        : { type: el.type, selected_option: chosen[0] ?? null };
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

function toValue(type: string, line: string): ViewValue {
  switch (type) {
    case 'datepicker':
      return { type, selected_date: line || null };
    case 'users_select':
      return { type, selected_user: line.replace(/^@/, '') || null };
    case 'multi_users_select':
      return {
        type,
        selected_users: line
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((u) => u.replace(/^@/, '')),
      };
    default:
      return { type, value: line || null };
  }
}
