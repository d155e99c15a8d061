/**
 * Block Kit rendered as readable terminal text (markup: ./markup.ts). Buttons (and select options in
 * action blocks) get numbers; typing the number clicks them.
 */
import type { ActionInput, KnownBlock } from '../bot/types.ts';
import { type Names, terminalText } from './markup.ts';

export interface Rendered {
  readonly text: string;
  readonly buttons: ReadonlyMap<number, ActionInput>;
}

type TextObj = { type: string; text: string } | undefined;

/** Slack mrkdwn to terminal text, without names (form labels and hints). */
export const plain = (text: string): string => terminalText(text);

/** A message's text for the terminal, mentions by name. */
export const textOf = (text: string, names?: Names): string => terminalText(text, names);

export function renderBlocks(blocks: readonly KnownBlock[], firstNumber = 1, names?: Names): Rendered {
  const txt = (t: TextObj) => (t ? terminalText(t.text, names) : '');
  const lines: string[] = [];
  const buttons = new Map<number, ActionInput>();
  let n = firstNumber;
  const button = (el: { action_id?: string; value?: string; text: TextObj }, blockId?: string) => {
    buttons.set(n, { actionId: el.action_id ?? '', value: el.value, blockId });
    return `[${n++}] ${txt(el.text)}`;
  };
  for (const block of blocks) {
    const b = block as Record<string, unknown> & { type: string; block_id?: string };
    switch (b.type) {
      case 'header':
        lines.push('', `== ${txt(b.text as TextObj)} ==`);
        break;
      case 'section': {
        if (b.text) lines.push(txt(b.text as TextObj));
        for (const f of (b.fields as TextObj[] | undefined) ?? []) lines.push(`  ${txt(f)}`);
        const acc = b.accessory as
          | { type: string; action_id?: string; value?: string; text: TextObj }
          | undefined;
        if (acc?.type === 'button') lines.push(`  ${button(acc, b.block_id)}`);
        break;
      }
      case 'context':
        lines.push(
          `  ${((b.elements as { type: string; text?: string; alt_text?: string }[]) ?? [])
            .map((e) => terminalText(e.text ?? e.alt_text ?? '', names))
            .join(' · ')}`,
        );
        break;
      case 'divider':
        lines.push('----');
        break;
      case 'actions': {
        const parts: string[] = [];
        for (const el of (b.elements as Record<string, unknown>[]) ?? []) {
          if (el.type === 'button') parts.push(button(el as never, b.block_id));
          else if (el.type === 'static_select' || el.type === 'overflow') {
            for (const o of (el.options as { text: TextObj; value: string }[]) ?? []) {
              parts.push(
                button({ action_id: el.action_id as string, value: o.value, text: o.text }, b.block_id),
              );
            }
          }
        }
        lines.push(parts.join('  '));
        break;
      }
      case 'rich_text':
        lines.push('[rich text]');
        break;
      default:
        break;
    }
  }
  return { text: lines.join('\n').replace(/^\n+/, ''), buttons };
}
