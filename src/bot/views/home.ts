/**
 * App Home as Block Kit: what waits for the person first (each item with the button that opens it),
 * then the ISMS at a glance and buttons to start each workflow. Pure: built from `HomeData`, so the
 * bench times the reads and this together, and the console can render the same blocks.
 */
import type { InboxItem } from '../../domain/inbox.ts';
import { riskLevel } from '../../domain/risk/level.ts';
import type { RiskMethod } from '../../domain/risk/method.ts';
import type { RiskRating } from '../../domain/risk/ratings.ts';
import type { KnownBlock } from '../types.ts';
import { colourSquare } from './register.ts';
import { escapeMrkdwn, truncate } from './text.ts';

/** A Home tab holds at most 100 blocks; items beyond this many are counted, not shown. */
export const HOME_ITEMS_MAX = 20;
export const HOME_START_ACTION = 'home.start';
export const HOME_OPEN_ACTION = 'home.open';

export interface HomeButton {
  readonly actionId: string;
  readonly text: string;
  readonly value: string;
  readonly style?: 'primary' | 'danger' | undefined;
  readonly url?: string | undefined;
}

export interface HomeItem {
  readonly item: InboxItem;
  readonly buttons: readonly HomeButton[];
}

export interface HomeData {
  /** No ISMS owner yet: the workspace has not run `/isms setup`. */
  readonly setUp: boolean;
  readonly items: readonly HomeItem[];
  /** One line per flow about what it has produced (the bindings' `home`), then the domain's. */
  readonly lines: readonly string[];
  /** Risks by level, only for those who may read the register. */
  readonly risks?: {
    readonly method: RiskMethod;
    readonly version: number;
    readonly ratings: readonly RiskRating[];
  };
  readonly flows: readonly { readonly key: string; readonly title: string }[];
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const button = (b: HomeButton) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: truncate(b.text, 75) },
  action_id: b.actionId,
  value: b.value.slice(0, 2000),
  ...(b.style ? { style: b.style } : {}),
  ...(b.url ? { url: b.url } : {}),
});

function itemText({ item }: HomeItem): string {
  const mark = item.overdue ? ':red_circle:' : item.due ? ':large_yellow_circle:' : ':white_circle:';
  const due = item.due ? ` · ${item.overdue ? '*overdue*, was due' : 'due'} ${item.due}` : '';
  const detail = item.detail ? `\n${escapeMrkdwn(item.detail)}${due}` : due ? `\n${due.slice(3)}` : '';
  return truncate(`${mark} *${escapeMrkdwn(item.title)}*${detail}`, 2900);
}

function itemBlocks(h: HomeItem, n: number): KnownBlock[] {
  const [first, ...rest] = h.buttons;
  if (!first) return [section(itemText(h))];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `home.item.${n}`,
      text: { type: 'mrkdwn', text: itemText(h) },
      accessory: button(first),
    },
  ];
  // Slack wants action ids unique within a block, so each item's extra buttons get a block of their own.
  if (rest.length)
    blocks.push({ type: 'actions', block_id: `home.item.${n}.more`, elements: rest.map(button) });
  return blocks;
}

/** Counts by level (where each risk sits now) as coloured squares, highest level first. */
export function levelCounts(method: RiskMethod, ratings: readonly RiskRating[]): string {
  const counts = new Map<string, number>();
  for (const r of ratings) counts.set(r.level.id, (counts.get(r.level.id) ?? 0) + 1);
  return [...method.levels]
    .reverse()
    .map((l) => `${colourSquare(l.colour)} ${escapeMrkdwn(l.name)} *${counts.get(l.id) ?? 0}*`)
    .join('   ');
}

/**
 * The heat map as a grid: one context block per likelihood row (highest first), each cell its level's
 * colour and how many risks sit there now (residual cell once rated, else inherent).
 */
export function heatMapGrid(method: RiskMethod, ratings: readonly RiskRating[]): KnownBlock[] {
  const counts = new Map<string, number>();
  for (const r of ratings) {
    const at = r.residual ?? r.inherent;
    const k = `${at.likelihood}x${at.impact}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // A context block holds 10 elements: the row label and up to 9 impact columns.
  const impacts = method.impact.slice(0, 9);
  const rows = [...method.likelihood].reverse().map(
    (l): KnownBlock => ({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `\`L${l.value}\`` },
        ...impacts.map((i) => {
          const level = riskLevel(method, { likelihood: l.value, impact: i.value });
          const n = counts.get(`${l.value}x${i.value}`) ?? 0;
          return { type: 'mrkdwn' as const, text: `${colourSquare(level.colour)} ${n}` };
        }),
      ],
    }),
  );
  return [
    ...rows,
    context(`rows likelihood, columns impact ${impacts.map((i) => `\`I${i.value}\``).join(' ')}`),
  ];
}

function riskBlocks(r: NonNullable<HomeData['risks']>): KnownBlock[] {
  const open = r.ratings.filter((v) => v.status === 'open');
  if (open.length === 0) return [section('*Risks (6.1.2):* none registered yet.')];
  const onMethod = open.filter((v) => v.methodVersion === r.version);
  const others = open.length - onMethod.length;
  return [
    section(
      `*Risks (6.1.2):* ${open.length} open, by current level (residual where rated): \`/isms risks\` lists them\n${levelCounts(r.method, open)}`,
    ),
    ...heatMapGrid(r.method, onMethod),
    ...(others > 0 ? [context(`${others} risk(s) on an earlier method version are not in the grid.`)] : []),
  ];
}

export function homeBlocks(d: HomeData): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'What waits for you' } }];
  if (!d.setUp)
    blocks.push(
      section(
        'Welcome! I help your team run its ISO/IEC 27001 ISMS here in Slack. To begin, type `/isms setup` in the channel where the ISMS work should happen: you become the ISMS owner, and that channel the ISMS channel.',
      ),
    );
  else if (d.items.length === 0) blocks.push(section('Nothing waits for you right now. :tada:'));
  d.items.slice(0, HOME_ITEMS_MAX).forEach((h, n) => {
    blocks.push(...itemBlocks(h, n));
  });
  if (d.items.length > HOME_ITEMS_MAX)
    blocks.push(context(`…and ${d.items.length - HOME_ITEMS_MAX} more, the most urgent shown first.`));
  blocks.push(
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Your ISMS at a glance' } },
    section(d.lines.join('\n')),
  );
  if (d.risks) blocks.push(...riskBlocks(d.risks));
  if (d.flows.length) {
    blocks.push(section('*Start a workflow* (it runs in the ISMS channel):'), {
      type: 'actions',
      block_id: 'home.start',
      elements: d.flows.map((f) =>
        button({ actionId: `${HOME_START_ACTION}.${f.key}`, text: f.title, value: f.key }),
      ),
    });
  }
  blocks.push(context('Type `/isms help` anywhere for every command, or ask me a question in this DM.'));
  return blocks;
}
