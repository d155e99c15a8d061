/**
 * App Home: what waits for the person (src/domain/inbox.ts), each item with the button that opens it
 * (a step's own buttons, so the click takes the same path as in its thread), then the ISMS at a
 * glance and buttons that start each workflow in the ISMS channel, as `/isms <command>` would there.
 */
import { count, eq } from 'drizzle-orm';
import { hasAnyRole, READER_ROLES } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { type InboxItem, waitingFor } from '../domain/inbox.ts';
import { mayDecide } from '../domain/risk/acceptances.ts';
import { currentMethod } from '../domain/risk/methods.ts';
import { listRiskRatings } from '../domain/risk/ratings.ts';
import { getRisk } from '../domain/risk/views.ts';
import { holdersOf } from '../domain/roles.ts';
import { settingsOf } from '../domain/settings.ts';
import { listSchedules, scheduleNamed } from '../reminders/schedules.ts';
import type { Db } from '../store/db.ts';
import { soaEntries } from '../store/schema/index.ts';
import type { Runtime } from '../workflows/runtime.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import type { ActionInput, KnownBlock, Reply, Requester } from './types.ts';
import {
  HOME_OPEN_ACTION,
  HOME_START_ACTION,
  type HomeButton,
  type HomeData,
  type HomeItem,
  homeBlocks,
} from './views/home.ts';
import { riskLine } from './views/register.ts';
import type { ButtonValue } from './views/step.ts';
import { escapeMrkdwn, truncate } from './views/text.ts';

export interface HomeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly runtime: Runtime;
  /** The subcommands that start each flow (`/isms scope` …): a Start button runs the same one. */
  readonly startCommands: () => readonly Subcommand[];
  /** Lines other features add to the glance (reviews, reminders) until they have a flow binding. */
  readonly lines?: readonly ((ctx: Ctx) => string | undefined)[];
  /** Replaces the reminders line read from src/reminders/ schedules. */
  readonly reminders?: (ctx: Ctx, userId: string) => string | undefined;
}

const ANNEX_A_CONTROLS = 93;

/** SoA progress (6.1.3 d): controls with a recorded decision, and those implemented. */
function soaLine(ctx: Ctx): string {
  const rows = ctx.db
    .select({ status: soaEntries.status, applicable: soaEntries.applicable, n: count() })
    .from(soaEntries)
    .where(eq(soaEntries.teamId, ctx.teamId))
    .groupBy(soaEntries.status, soaEntries.applicable)
    .all();
  const decided = rows.reduce((s, r) => s + r.n, 0);
  const implemented = rows
    .filter((r) => r.applicable && r.status === 'implemented')
    .reduce((s, r) => s + r.n, 0);
  const applicable = rows.filter((r) => r.applicable).reduce((s, r) => s + r.n, 0);
  return `*Statement of Applicability (6.1.3 d):* ${decided} / ${ANNEX_A_CONTROLS} controls decided, ${implemented} of ${applicable} applicable implemented`;
}

/** 9.3 until the review flow reports its own: none held yet, and when the reminder plans the next. */
function reviewLine(ctx: Ctx): string {
  const next = scheduleNamed(ctx, 'management-review');
  const planned =
    next && !next.deletedAt && !next.paused && next.nextDueAt
      ? `; next planned ${next.nextDueAt.slice(0, 10)}`
      : '';
  return `*Management review (9.3):* none held yet${planned}`;
}

/** The workspace's reminder schedules (src/reminders/): how many run, and which is due next. */
function remindersLine(ctx: Ctx): string {
  const all = listSchedules(ctx);
  if (all.length === 0) return '*Reminders:* none scheduled yet (`/isms remind`)';
  const running = all.filter((r) => !r.paused && r.nextDueAt);
  const next = [...running].sort((a, b) => String(a.nextDueAt).localeCompare(String(b.nextDueAt)))[0];
  const paused = all.length - running.length;
  return `*Reminders:* ${running.length} scheduled${paused ? `, ${paused} paused` : ''}${next ? `; next: ${escapeMrkdwn(next.name)} on ${String(next.nextDueAt).slice(0, 10)}` : ''} (\`/isms remind list\`)`;
}

function methodLine(ctx: Ctx): string {
  const m = currentMethod(ctx);
  return m.version > 0
    ? `*Risk method (6.1.2):* ${escapeMrkdwn(m.method.name)}, version ${m.version}`
    : `*Risk method (6.1.2):* not set yet; the ${escapeMrkdwn(m.method.name)} default applies until one is`;
}

/** The buttons that open an item: a step's own form or choices, else a look at the register entry. */
function buttonsFor(runtime: Runtime, teamId: string, item: InboxItem): HomeButton[] {
  const open = item.open;
  if (open.kind !== 'step') {
    const value = JSON.stringify(
      open.kind === 'risk' ? { risk: open.ref } : { risk: open.ref, action: open.id },
    );
    return [{ actionId: HOME_OPEN_ACTION, text: 'Open', value, style: 'primary' }];
  }
  const i = runtime.get(teamId, open.instanceId);
  const step = runtime.step(i);
  const value = JSON.stringify({ i: i.id, s: step.key } satisfies ButtonValue);
  const buttons: HomeButton[] = [];
  if (step.meta.form)
    buttons.push({
      actionId: step.meta.form.event,
      text: step.meta.form.submitLabel ?? 'Open',
      value,
      style: 'primary',
    });
  for (const c of step.meta.choices ?? [])
    buttons.push({ actionId: c.event, text: c.label, value, style: c.style });
  if (i.permalink)
    buttons.push({ actionId: 'home.link', text: 'See the thread', value: i.id, url: i.permalink });
  return buttons;
}

export function createHome({
  db,
  clock,
  runtime,
  startCommands,
  lines = [],
  reminders,
}: HomeDeps): Feature & {
  build(teamId: string, userId: string): KnownBlock[];
} {
  const ctxOf = (teamId: string): Ctx => ({ db, teamId, clock });

  function data(teamId: string, userId: string): HomeData {
    const ctx = ctxOf(teamId);
    const reader = hasAnyRole(ctx, userId, READER_ROLES);
    // The glance needs where risks sit, not full views; the inbox reads in full only its candidates.
    const items = waitingFor(ctx, userId);
    const method = currentMethod(ctx);
    const hasReview = runtime.flows.some((f) => f.key === 'review');
    return {
      setUp: holdersOf(ctx, 'owner').length > 0,
      items: items.map((item): HomeItem => ({ item, buttons: buttonsFor(runtime, teamId, item) })),
      lines: [
        ...runtime.flows.flatMap((f) => f.home?.(ctx) ?? []),
        methodLine(ctx),
        soaLine(ctx),
        ...(hasReview ? [] : [reviewLine(ctx)]),
        ...lines.flatMap((l) => l(ctx) ?? []),
        reminders?.(ctx, userId) ?? remindersLine(ctx),
      ],
      ...(reader
        ? { risks: { method: method.method, version: method.version, ratings: listRiskRatings(ctx) } }
        : {}),
      // Child flows (a review's inputs and actions) are started by their parent, not from Home.
      flows: runtime.flows.filter((f) => !f.child).map((f) => ({ key: f.key, title: f.title })),
    };
  }

  const build = (teamId: string, userId: string) => homeBlocks(data(teamId, userId));

  /** A Start button: the flow's own `/isms <command>`, run in the ISMS channel. */
  async function start(req: Requester, flowKey: string): Promise<Reply[]> {
    const flow = runtime.flows.find((f) => f.key === flowKey);
    const command = flow && startCommands().find((c) => c.name === flow.command);
    if (!flow || !command)
      return [{ type: 'dm', userId: req.userId, message: { text: 'That workflow is no longer available.' } }];
    const channel = settingsOf(ctxOf(req.teamId)).ismsChannel;
    if (!channel)
      return [
        {
          type: 'dm',
          userId: req.userId,
          message: { text: 'Run `/isms setup` in the ISMS channel first: workflows run there.' },
        },
      ];
    const dm = (text: string): Reply => ({ type: 'dm', userId: req.userId, message: { text } });
    let replies: Reply[];
    try {
      replies = await command.run({ ...req, channelId: channel, threadTs: undefined }, '');
    } catch (err) {
      // Why it did not start (one at a time, not yours to start …): a Home click has no channel to
      // answer in privately, so the person's DM says it.
      if (err instanceof DomainError) return [dm(`:warning: ${err.message}`)];
      throw err;
    }
    // The command's own answers for the person (ephemeral there) come to their DM from Home.
    return replies.map((r) =>
      r.type === 'ephemeral' ? { type: 'dm', userId: req.userId, message: r.message } : r,
    );
  }

  /** A look at the risk an item is about, in a modal: for its owner, its decider, or ISMS roles. */
  function openRisk(req: Requester, raw: string | undefined): Reply[] {
    const ctx = ctxOf(req.teamId);
    let ref: unknown;
    try {
      ref = (JSON.parse(raw ?? '') as { risk?: unknown }).risk;
    } catch {
      ref = undefined;
    }
    if (typeof ref !== 'string')
      return [{ type: 'dm', userId: req.userId, message: { text: 'That button is no longer in use.' } }];
    const view = getRisk(ctx, ref);
    if (
      view.ownerId !== req.userId &&
      !mayDecide(ctx, view, req.userId) &&
      !hasAnyRole(ctx, req.userId, READER_ROLES)
    )
      throw new DomainError('FORBIDDEN', `Risk ${ref} is not yours to see; ask the ISMS owner.`);
    const actions = view.actions
      .filter((a) => a.status === 'open')
      .map((a) => `• ${escapeMrkdwn(a.title)}, <@${a.ownerId}>, due ${a.dueOn}`);
    return [
      {
        type: 'modal',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: truncate(`Risk ${view.ref}`, 24) },
          close: { type: 'plain_text', text: 'Close' },
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: riskLine(view) } },
            { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(view.scenario), 2900) } },
            ...(actions.length
              ? [
                  {
                    type: 'section' as const,
                    text: {
                      type: 'mrkdwn' as const,
                      text: truncate(`*Open treatment actions*\n${actions.join('\n')}`, 2900),
                    },
                  },
                ]
              : []),
          ],
        },
      },
    ];
  }

  function action(req: Requester, a: ActionInput): Promise<Reply[]> | undefined {
    if (a.actionId.startsWith(`${HOME_START_ACTION}.`)) return start(req, a.value ?? '');
    if (a.actionId === HOME_OPEN_ACTION) return Promise.resolve().then(() => openRisk(req, a.value));
    // A link button still sends a click; the browser opens the link.
    if (a.actionId === 'home.link') return Promise.resolve([]);
    return undefined;
  }

  return { home: build, build, action };
}

export type Home = ReturnType<typeof createHome>;
