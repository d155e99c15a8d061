/**
 * A reminder as a Slack message: what is due (a digest lists each item, overdue first), a line when
 * it comes late, and Done / Snooze 1 day / Snooze 1 week / Open. Each button carries the occurrence id.
 */
import type { KnownBlock, OutMessage } from '../bot/types.ts';
import { escapeMrkdwn } from '../bot/views/text.ts';
import type { ReminderBody } from './occurrences.ts';

export const REMINDER_ACTIONS = {
  done: 'reminder.done',
  day: 'reminder.snooze.day',
  week: 'reminder.snooze.week',
  open: 'reminder.open',
} as const;

const MAX_ITEMS = 20;
const when = (iso: string, timeZone = 'UTC') =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });

function itemLines(body: ReminderBody): string[] {
  const items = [...(body.items ?? [])].sort((a, b) => Number(!!b.overdue) - Number(!!a.overdue));
  const lines = items.slice(0, MAX_ITEMS).map((i) => {
    // Titles are people's words (risk titles, form answers): escaped so they cannot ping or link.
    const due = i.due ? ` — due ${escapeMrkdwn(i.due)}` : '';
    const detail = i.detail ? `\n    _${escapeMrkdwn(i.detail)}_` : '';
    return `• ${i.overdue ? ':red_circle: *overdue* ' : ''}${escapeMrkdwn(i.title)}${due}${detail}`;
  });
  if (items.length > MAX_ITEMS)
    lines.push(`…and ${items.length - MAX_ITEMS} more (App Home lists them all).`);
  return lines;
}

export function reminderText(body: ReminderBody): string {
  return [`*${escapeMrkdwn(body.title)}*`, ...body.lines, ...itemLines(body)].join('\n').slice(0, 2900);
}

export function reminderMessage(
  occ: { id: string; dueAt: string; late: boolean },
  body: ReminderBody,
  timeZone?: string,
): OutMessage {
  const text = reminderText(body);
  const button = (label: string, action: string) => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: label },
    action_id: action,
    value: occ.id,
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:bell: ${text}` } },
    ...(occ.late
      ? [
          {
            type: 'context' as const,
            elements: [
              {
                type: 'mrkdwn' as const,
                text: `Late: this was due ${when(occ.dueAt, timeZone)}; I was not running then.`,
              },
            ],
          },
        ]
      : []),
    {
      type: 'actions',
      elements: [
        { ...button('Done', REMINDER_ACTIONS.done), style: 'primary' as const },
        button('Snooze 1 day', REMINDER_ACTIONS.day),
        button('Snooze 1 week', REMINDER_ACTIONS.week),
        button('Open', REMINDER_ACTIONS.open),
      ],
    },
  ];
  return { text: `${body.title}${occ.late ? ' (late)' : ''}`, blocks };
}

/** The message after a decision: what it was, who took it, no buttons left. */
export function decidedMessage(body: ReminderBody, note: string): OutMessage {
  return {
    text: `${body.title}: ${note}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: reminderText(body) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: note }] },
    ],
  };
}
