/**
 * `/isms remind list | add | pause | resume | delete` and the reminder buttons, plugged into the bot.
 * Anyone may list; the ISMS owner changes the workspace's reminders (domain rules in schedules.ts).
 */
import { and, eq } from 'drizzle-orm';
import type { Subcommand } from '../bot/commands.ts';
import type { Feature } from '../bot/index.ts';
import { actorOf, ephemeral, placeOf } from '../bot/replies.ts';
import type { Reply, Requester } from '../bot/types.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import { people } from '../store/schema/index.ts';
import { CRON_EXAMPLE, ZONE_EXAMPLE } from './cron.ts';
import { type Decision, decideReminder } from './decide.ts';
import {
  addSchedule,
  DEFAULT_SCHEDULES,
  deleteSchedule,
  ensureDefaults,
  listSchedules,
  reschedule,
  type Schedule,
  scheduleNamed,
  setOwnDigestPaused,
  setPaused,
} from './schedules.ts';
import { decidedMessage, REMINDER_ACTIONS } from './view.ts';

const USAGE = [
  'Usage: `/isms remind list`',
  `• \`/isms remind add <cron> <zone> [#channel|@person|me] <text>\`, e.g. \`/isms remind add 0 9 * * 1 ${ZONE_EXAMPLE.replaceAll('`', '')} #isms Check the backup report\``,
  '• `/isms remind add <name> <cron> [zone]` gives a reminder (e.g. `management-review`) a new time',
  '• `/isms remind pause|resume|delete <name>`; anyone: `/isms remind pause|resume my-digest` (your own daily digest)',
].join('\n');

const OPEN_HINT: Record<Schedule['kind'], string> = {
  management_review: 'Start the review with `/isms review` (top management chairs it).',
  risk_review: 'Open the register with `/isms risks`; `/isms risks stale` and `overdue` first.',
  soa_review: 'Open the Statement of Applicability with `/isms soa`.',
  digest: 'Everything waiting for you is on the bot’s App Home tab, each with a button that opens it.',
  weekly_summary: 'The details per person are on each one’s App Home tab; `/isms risks overdue` for actions.',
  custom: 'This is a reminder the ISMS owner set up; `/isms remind list` shows it.',
};

const label = (t: string) =>
  t === 'channel' ? 'the ISMS channel' : t.startsWith('user:') ? `<@${t.slice(5)}>` : `<#${t.slice(8)}>`;

function describe(s: Schedule, zone: string): string {
  const next = s.nextDueAt
    ? new Date(s.nextDueAt).toLocaleString('en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: s.timeZone ?? zone,
      })
    : '—';
  const where = s.kind === 'digest' ? 'each person by DM, in their Slack time zone' : label(s.target);
  const state = s.paused ? ' *(paused)*' : s.kind === 'digest' ? '' : ` — next ${next}`;
  return `• \`${s.name}\` \`${s.cron}\`${s.timeZone ? ` ${s.timeZone}` : ''} → ${where}${state}${s.text ? `: ${s.text.slice(0, 80)}` : ''}`;
}

/** `add`: the cron expression is the first five words; then the zone; then an optional target. */
function parseAdd(req: Requester, words: string[]) {
  const cron = words.slice(0, 5).join(' ');
  const timeZone = words[5] ?? '';
  let rest = words.slice(6);
  let target = 'channel';
  const first = rest[0] ?? '';
  const channel = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(first)?.[1];
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(first)?.[1];
  if (channel) target = `channel:${channel}`;
  else if (user) target = `user:${user}`;
  else if (first.toLowerCase() === 'me') target = `user:${req.userId}`;
  if (target !== 'channel') rest = rest.slice(1);
  return { cron, timeZone, target, text: rest.join(' ') };
}

export function createReminders({
  db,
  clock,
  timeZone,
}: {
  db: Db;
  clock: Clock;
  timeZone: string;
}): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const zoneOf = (ctx: Ctx) => settingsOf(ctx, { timeZone }).timeZone;
  const find = (ctx: Ctx, name: string) =>
    [name, name.toLowerCase(), name.toUpperCase()].map((n) => scheduleNamed(ctx, n)).find(Boolean)?.name ??
    name;

  const list = (req: Requester): Reply[] => {
    const ctx = ctxOf(req);
    ensureDefaults(ctx, timeZone);
    // The defaults in their usual order, then the owner's own (REM-001 …).
    const rank = (s: Schedule) => {
      const i = DEFAULT_SCHEDULES.findIndex((d) => d.name === s.name);
      return i < 0 ? DEFAULT_SCHEDULES.length : i;
    };
    const rows = listSchedules(ctx)
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
      .map((s) => describe(s, zoneOf(ctx)));
    const mine = scheduleNamed(ctx, `digest:${req.userId}`);
    if (mine?.paused) rows.push('• your own digest is paused (`/isms remind resume my-digest`)');
    return [
      ephemeral(
        ['*Reminders*', ...rows, 'The ISMS owner changes them: `/isms remind help` shows how.'].join('\n'),
      ),
    ];
  };

  const remind: Subcommand = {
    name: 'remind',
    usage:
      'remind [list | add <cron> <zone> [#channel|@person|me] <text> | pause|resume|delete <name> | pause|resume my-digest]',
    summary: 'the reminder schedules (reviews, daily digest, weekly summary); the owner changes them',
    async run(req, args) {
      // Quotes or backticks around a cron expression are a common way to type it.
      const words = args
        .replace(/[`"'“”]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      const [verb = 'list', ...rest] = words;
      const ctx = ctxOf(req);
      ensureDefaults(ctx, timeZone);
      const actor = actorOf(req);
      const place = placeOf(req);
      switch (verb.toLowerCase()) {
        case 'list':
          return list(req);
        case 'add': {
          const named = rest[0] && scheduleNamed(ctx, find(ctx, rest[0]));
          if (named) {
            const s = reschedule(ctx, actor, named.name, rest.slice(1, 6).join(' '), rest[6] ?? null, place);
            return [ephemeral(`Saved; the change is recorded as evidence.\n${describe(s, zoneOf(ctx))}`)];
          }
          if (rest.length < 7)
            return [
              ephemeral(
                `That needs a cron expression (${CRON_EXAMPLE}), a time zone (${ZONE_EXAMPLE}) and what to remind of.\n${USAGE}`,
              ),
            ];
          const s = addSchedule(ctx, actor, parseAdd(req, rest), place);
          return [ephemeral(`Added \`${s.name}\`; recorded as evidence.\n${describe(s, zoneOf(ctx))}`)];
        }
        case 'pause':
        case 'resume': {
          if (!rest[0]) return [ephemeral(USAGE)];
          const pause = verb.toLowerCase() === 'pause';
          if (rest[0].toLowerCase() === 'my-digest') {
            const own = db
              .select({ tz: people.tz })
              .from(people)
              .where(and(eq(people.teamId, req.teamId), eq(people.userId, req.userId)))
              .get()?.tz;
            const r = setOwnDigestPaused(ctx, actor, pause, own ?? zoneOf(ctx), place);
            return [
              ephemeral(
                r.paused
                  ? 'Your daily digest is paused; `/isms remind resume my-digest` turns it back on. Recorded as evidence.'
                  : `Your daily digest is on again (next ${new Date(r.nextDueAt ?? '').toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: r.timeZone })}). Recorded as evidence.`,
              ),
            ];
          }
          const s = setPaused(ctx, actor, find(ctx, rest[0]), pause, place);
          return [
            ephemeral(
              `${s.paused ? 'Paused' : 'Resumed'}; recorded as evidence.\n${describe(s, zoneOf(ctx))}`,
            ),
          ];
        }
        case 'delete': {
          if (!rest[0]) return [ephemeral(USAGE)];
          const name = find(ctx, rest[0]);
          deleteSchedule(ctx, actor, name, place);
          return [ephemeral(`Deleted \`${name}\`; recorded as evidence.`)];
        }
        default:
          return [ephemeral(USAGE)];
      }
    },
  };

  const DECISIONS: Record<string, Decision> = {
    [REMINDER_ACTIONS.done]: 'done',
    [REMINDER_ACTIONS.day]: 'snooze.day',
    [REMINDER_ACTIONS.week]: 'snooze.week',
    [REMINDER_ACTIONS.open]: 'open',
  };

  return {
    subcommands: [remind],
    action(req, action) {
      const decision = DECISIONS[action.actionId];
      if (!decision) return undefined;
      return (async () => {
        const ctx = ctxOf(req);
        const own = db
          .select({ tz: people.tz })
          .from(people)
          .where(and(eq(people.teamId, req.teamId), eq(people.userId, req.userId)))
          .get()?.tz;
        const d = decideReminder(ctx, actorOf(req), action.value ?? '', decision, {
          timeZone: own ?? zoneOf(ctx),
          place: placeOf(req),
        });
        if (!d.note) return [ephemeral(`${OPEN_HINT[d.body.kind]} (Recorded as evidence.)`)];
        const o = d.occurrence;
        const replies: Reply[] = [ephemeral(`${d.note} Recorded as evidence.`)];
        if (o.ts)
          replies.unshift({
            type: 'update',
            channel: o.channel,
            ts: o.ts,
            message: decidedMessage(d.body, d.note),
          });
        return replies;
      })();
    },
  };
}
