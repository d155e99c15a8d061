/**
 * A modal asked one input at a time in the terminal. The answers are assembled in Slack's own
 * `view.state.values` shape and submitted through the same bot call as a Slack view_submission.
 */
import type { ModalView, ViewValue, ViewValues } from '../bot/types.ts';
import { plain } from './render.ts';

export interface LineSource {
  /** Next line typed, or undefined at EOF. */
  next(): Promise<string | undefined>;
  print(text: string): void;
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
