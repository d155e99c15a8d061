/**
 * The risk register and heat map as Block Kit (4): one line per risk with its level colour, owner,
 * treatment and acceptance state; overdue actions flagged; paged to stay under Slack's 50 blocks.
 * Pure: built from `RiskView`s, so the bench can time it without Slack.
 */
import { STATE_LABELS } from '../../domain/risk/acceptance.ts';
import { colourSquare } from '../../domain/risk/colour.ts';
import { riskLevel } from '../../domain/risk/level.ts';
import type { RiskMethod } from '../../domain/risk/method.ts';
import type { RiskView } from '../../domain/risk/views.ts';
import type { KnownBlock, OutMessage } from '../types.ts';
import { escapeMrkdwn, truncate } from './text.ts';

export const RISKS_PER_PAGE = 20;
export const PAGE_ACTION = 'register.page';
export { colourSquare };

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** One grid as text lines: rows likelihood (highest first), columns impact, each cell its colour and count. */
export function heatMapText(method: RiskMethod, views: readonly RiskView[], residual: boolean): string {
  const counts = new Map<string, number>();
  for (const v of views) {
    const r = residual ? v.residual : v;
    if (r) counts.set(`${r.likelihood}x${r.impact}`, (counts.get(`${r.likelihood}x${r.impact}`) ?? 0) + 1);
  }
  const lines = [...method.likelihood].reverse().map((l) => {
    const cells = method.impact.map((i) => {
      const level = riskLevel(method, { likelihood: l.value, impact: i.value });
      return `${colourSquare(level.colour)}\`${String(counts.get(`${l.value}x${i.value}`) ?? 0).padStart(3)}\``;
    });
    return `\`L${l.value}\` ${cells.join(' ')}`;
  });
  const axis = method.impact.map((i) => `\`I${i.value}\``).join(' ');
  return `*${residual ? 'Residual' : 'Inherent'} risk*\n${lines.join('\n')}\n      ${axis}`;
}

export function riskLine(v: RiskView): string {
  const residual = v.residualLevel
    ? ` → ${colourSquare(v.residualLevel.colour)} ${v.residualLevel.name}`
    : ' → residual not rated';
  const expiry =
    v.acceptance.state === 'accepted' && v.acceptance.current?.expiresOn
      ? ` until ${v.acceptance.current.expiresOn}`
      : '';
  const overdue = v.overdueActions > 0 ? ` · :warning: ${v.overdueActions} overdue action(s)` : '';
  return truncate(
    `${colourSquare(v.inherent.colour)} *${escapeMrkdwn(v.ref)}* ${escapeMrkdwn(v.title)}\n` +
      `${v.inherent.name}${residual} · owner <@${v.ownerId}> · ${v.treatment ?? 'untreated'} · ${STATE_LABELS[v.acceptance.state]}${expiry}${overdue} · method v${v.methodVersion}`,
    2900,
  );
}

export interface RegisterPage {
  readonly views: readonly RiskView[];
  readonly page: number;
  readonly filterText: string;
  /** The args that reproduce this listing, for the page buttons. */
  readonly args: string;
  readonly method: { readonly version: number; readonly method: RiskMethod };
}

export function registerMessage(p: RegisterPage): OutMessage {
  const pages = Math.max(1, Math.ceil(p.views.length / RISKS_PER_PAGE));
  const page = Math.min(Math.max(1, p.page), pages);
  const shown = p.views.slice((page - 1) * RISKS_PER_PAGE, page * RISKS_PER_PAGE);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Risk register (${p.views.length})` } },
    context(`${p.filterText} · page ${page} of ${pages} · only you can see this`),
  ];
  if (page === 1) {
    const onMethod = p.views.filter((v) => v.methodVersion === p.method.version);
    blocks.push(
      section(heatMapText(p.method.method, onMethod, false)),
      section(heatMapText(p.method.method, onMethod, true)),
    );
    const others = p.views.length - onMethod.length;
    if (others > 0)
      blocks.push(context(`${others} risk(s) on an earlier method version are not in the heat maps.`));
  }
  blocks.push({ type: 'divider' });
  if (shown.length === 0) blocks.push(section('No risks match.'));
  for (const v of shown) blocks.push(section(riskLine(v)));
  const buttons = [
    ...(page > 1 ? [{ text: '◀ Previous', to: page - 1 }] : []),
    ...(page < pages ? [{ text: 'Next ▶', to: page + 1 }] : []),
  ];
  if (buttons.length > 0)
    blocks.push({
      type: 'actions',
      elements: buttons.map((b) => ({
        type: 'button' as const,
        text: { type: 'plain_text' as const, text: b.text },
        action_id: `${PAGE_ACTION}.${b.to}`,
        value: JSON.stringify({ kind: 'risks', args: p.args, page: b.to }).slice(0, 2000),
      })),
    });
  return { text: `Risk register: ${p.views.length} risks (page ${page} of ${pages})`, blocks };
}
