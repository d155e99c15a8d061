/**
 * `/isms settings`: the workspace's delays before an approval is reminded and escalated, its ISMS
 * channel and time zone. Anyone may look; only the ISMS owner changes them, and each change (or
 * refused attempt) is evidence (domain/settings.ts).
 */
import type { Clock, Ctx } from '../domain/context.ts';
import { changeSetting, type SettingName, settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Requester } from './types.ts';

const NAMES: Record<string, SettingName> = {
  reminder: 'approvalReminderDays',
  escalation: 'approvalEscalationDays',
  'acceptance-reminder': 'acceptanceReminderDays',
  'acceptance-escalation': 'acceptanceEscalationDays',
  channel: 'ismsChannel',
  timezone: 'timeZone',
};
const USAGE =
  'Usage: `/isms settings`, or `/isms settings reminder <days>`, `escalation <days>`, `acceptance-reminder <days>`, `acceptance-escalation <days>`, `channel #channel`, `timezone <Area/City>`.';

export function createSettings({ db, clock, timeZone }: { db: Db; clock: Clock; timeZone: string }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const show = (req: Requester) => {
    const s = settingsOf(ctxOf(req), { timeZone });
    return [
      '*Workspace settings*',
      `• reminder: an approval is reminded after *${s.approvalReminderDays}* day(s) without a decision`,
      `• escalation: the ISMS owner is told in the thread after *${s.approvalEscalationDays}* day(s)`,
      `• channel: ISMS channel ${s.ismsChannel ? `<#${s.ismsChannel}>` : '(not set: where `/isms setup` runs)'}`,
      `• timezone: ${s.timeZone} (delays are calendar days here)`,
      `• acceptance-reminder / acceptance-escalation: a risk owner's acceptance is reminded after *${s.acceptanceReminderDays}* and escalated after *${s.acceptanceEscalationDays}* day(s)`,
      'The ISMS owner changes one with e.g. `/isms settings reminder 3`.',
    ].join('\n');
  };
  const settings: Subcommand = {
    name: 'settings',
    usage:
      'settings [reminder|escalation|acceptance-reminder|acceptance-escalation <days> | channel #channel | timezone <zone>]',
    summary:
      'show the workspace settings; the owner sets reminder and escalation delays, ISMS channel, time zone',
    async run(req, args) {
      const [what, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!what) return [ephemeral(show(req))];
      const name = NAMES[what.toLowerCase()];
      const raw = rest.join(' ');
      if (!name || !raw) return [ephemeral(USAGE)];
      // A channel mention arrives escaped as <#C123|name>.
      const value = name === 'ismsChannel' ? (/^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(raw)?.[1] ?? raw) : raw;
      const r = changeSetting(ctxOf(req), actorOf(req), name, value, placeOf(req));
      if (!r.changed)
        return [ephemeral(`That is already the setting; nothing was changed or recorded.\n${show(req)}`)];
      return [ephemeral(`Saved; the change is recorded as evidence.\n${show(req)}`)];
    },
  };
  return { subcommands: [settings] };
}
