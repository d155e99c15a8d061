/**
 * Workflows in the conversation: `/isms setup | roles | scope | flows`, step buttons and step forms.
 * Generic over flows: everything a step needs is read from its `meta`.
 */
import type { Clock, Ctx } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { type Role, validateForm } from '../domain/flow-meta.ts';
import { holdersOf, ROLE_LABELS, rolesOf } from '../domain/roles.ts';
import type { Db } from '../store/db.ts';
import type { Instance, Runtime } from '../workflows/runtime.ts';
import type { Subcommand } from './commands.ts';
import { createFormOptions, type FormOptions } from './form-options.ts';
import type { Feature } from './index.ts';
import { parsePrivateMetadata } from './metadata.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type {
  ActionInput,
  KnownBlock,
  Posted,
  Reply,
  Requester,
  ViewResult,
  ViewSubmission,
} from './types.ts';
import { FORM_CALLBACK, formModal, parseButtonValue, readFormValues, stepMessage } from './views/step.ts';

export interface WorkflowDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly runtime: Runtime;
  /** Data-sourced options and checks against the workspace for step forms. */
  readonly forms?: FormOptions;
}

export function createWorkflows({
  db,
  clock,
  runtime,
  forms = createFormOptions({ db, clock }),
}: WorkflowDeps): Feature & { show(i: Instance): Reply } {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const titleOf = (i: Instance) => runtime.flows.find((f) => f.key === i.flow)?.title ?? i.flow;

  /** The current step as a reply: an update of its message, or a new message that then becomes it. */
  function render(i: Instance, req: Requester, fresh = false): Reply {
    const message = stepMessage(titleOf(i), i, runtime.step(i));
    const mark = (p: Posted) =>
      runtime.markRendered(i.teamId, i.id, {
        version: i.version,
        messageTs: p.ts,
        // A fresh post (start or resume) makes this message, channel and thread the workflow's home.
        ...(p.permalink ? { permalink: p.permalink } : {}),
        ...(fresh || !i.messageTs ? { channel: p.channel, threadTs: req.threadTs ?? null } : {}),
      });
    if (i.messageTs && !fresh)
      return { type: 'update', channel: i.channel, ts: i.messageTs, message, onDelivered: mark };
    return { type: 'message', message, threadTs: req.threadTs, onDelivered: mark };
  }

  /** Show the step an event led to as soon as it is committed, and again when a busy step settles. */
  async function advance(req: Requester, sent: ReturnType<Runtime['dispatch']>): Promise<Reply[]> {
    const first = await sent.persisted;
    if (!runtime.step(first).meta.busy) return [render(first, req)];
    return [render(first, req), { type: 'later', replies: sent.settled.then((i) => [render(i, req)]) }];
  }

  function requireRole(req: Requester, role: Role | undefined, i: Instance, event: string): void {
    if (!role || rolesOf(ctxOf(req), req.userId).includes(role)) return;
    const holders = holdersOf(ctxOf(req), role).map((p) => `<@${p.userId}>`);
    const who = holders.length
      ? `${ROLE_LABELS[role]} (${holders.join(', ')})`
      : `${ROLE_LABELS[role]} (nobody yet: see \`/isms roles\`)`;
    runtime.refuse({
      teamId: req.teamId,
      instanceId: i.id,
      actor: actorOf(req),
      event,
      reason: `requires ${role}`,
      place: placeOf(req),
    });
    throw new DomainError('FORBIDDEN', `Only the ${who} can do this step. Your attempt was recorded.`);
  }

  /** `/isms <command>` for every registered flow: start it here, or show what it approved. */
  const startCommands: Subcommand[] = runtime.flows.map((flow) => {
    const show = flow.document?.bind(flow);
    const usage = `Usage: \`/isms ${flow.command}\` to start${show ? `, \`/isms ${flow.command} show\` to see the approved result` : ''}.`;
    return {
      name: flow.command,
      usage: show ? `${flow.command} [show]` : flow.command,
      summary: show ? `${flow.summary}, or show the approved result` : flow.summary,
      async run(req, args) {
        if (show && args.trim() === 'show')
          return [
            ephemeral(show(ctxOf(req)) ?? `Nothing is approved yet. Start with \`/isms ${flow.command}\`.`),
          ];
        if (args.trim()) return [ephemeral(usage)];
        if (holdersOf(ctxOf(req), 'owner').length === 0) {
          return [
            ephemeral('Run `/isms setup` first: someone has to be the ISMS owner who approves the result.'),
          ];
        }
        const i = await runtime.start({
          teamId: req.teamId,
          flow: flow.key,
          actor: actorOf(req),
          channel: req.channelId,
          threadTs: req.threadTs,
        });
        return [render(i, req, true)];
      },
    };
  });

  const flows: Subcommand = {
    name: 'flows',
    usage: 'flows [cancel <id> <reason> | resume <id>]',
    summary: 'list running workflows, cancel one (with a reason) or bring one back here',
    async run(req, args) {
      const [verb, id, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!verb) {
        const active = runtime.list(req.teamId, 'active');
        if (!active.length) return [ephemeral('No workflows are running. Start one with `/isms scope`.')];
        const lines = active.map(
          (i) =>
            `\`${i.id}\` ${titleOf(i)}: *${runtime.step(i).meta.title}* (in <#${i.channel}>, started by <@${i.startedBy}>)`,
        );
        return [ephemeral(`*Running workflows*\n${lines.join('\n')}`)];
      }
      if (verb === 'resume' && id) return [render(runtime.get(req.teamId, id), req, true)];
      if (verb === 'cancel' && id && rest.length) {
        const i = runtime.get(req.teamId, id);
        if (i.startedBy !== req.userId && !rolesOf(ctxOf(req), req.userId).includes('owner')) {
          throw new DomainError(
            'FORBIDDEN',
            `Only <@${i.startedBy}> (who started it) or the ISMS owner can cancel \`${id}\`.`,
          );
        }
        const cancelled = await runtime.cancel({
          teamId: req.teamId,
          instanceId: id,
          actor: actorOf(req),
          reason: rest.join(' '),
        });
        return [
          render(cancelled, req),
          ephemeral(`Cancelled \`${id}\`; the reason is recorded as evidence.`),
        ];
      }
      return [
        ephemeral('Usage: `/isms flows`, `/isms flows cancel <id> <reason>` or `/isms flows resume <id>`.'),
      ];
    },
  };

  function action(req: Requester, a: ActionInput): Promise<Reply[]> | undefined {
    const target = parseButtonValue(a.value);
    if (!target) return undefined;
    return (async () => {
      const i = runtime.get(req.teamId, target.i);
      const step = runtime.step(i);
      if (i.status !== 'active' || step.key !== target.s) {
        return [
          ephemeral(
            i.status === 'active'
              ? 'This step has moved on (someone already did it); nothing was changed.'
              : `This workflow is already ${i.status === 'done' ? 'complete' : 'cancelled'}.`,
          ),
        ];
      }
      const form = step.meta.form?.event === a.actionId ? step.meta.form : undefined;
      const choice = step.meta.choices?.find((c) => c.event === a.actionId);
      if (!form && !choice) return [ephemeral('This step has moved on; nothing was changed.')];
      requireRole(req, form?.role ?? choice?.role, i, a.actionId);
      const fields = form?.fields ?? choice?.form?.fields;
      if (fields) {
        const spec = {
          title: form?.title ?? choice?.form?.title ?? choice?.label ?? '',
          fields: forms.resolve(req.teamId, fields),
          submitLabel: form?.submitLabel ?? choice?.form?.submitLabel,
        };
        const answers = (step.context.answers ?? {}) as Record<string, unknown>;
        const view = formModal(
          spec,
          {
            channel: i.channel,
            threadTs: i.threadTs ?? undefined,
            instanceId: i.id,
            step: step.key,
            event: a.actionId,
          },
          form ? answers : {},
        );
        return [{ type: 'modal', view }];
      }
      const sent = runtime.dispatch({
        teamId: req.teamId,
        instanceId: i.id,
        event: { type: a.actionId },
        actor: actorOf(req),
        expectStep: step.key,
        place: placeOf(req),
      });
      return advance(req, sent);
    })();
  }

  function view(req: Requester, v: ViewSubmission, checkOnly = false): Promise<ViewResult> | undefined {
    if (v.callbackId !== FORM_CALLBACK) return undefined;
    return (async (): Promise<ViewResult> => {
      const meta = parsePrivateMetadata(v.privateMetadata);
      const [id, s, e] = [meta.i, meta.s, meta.e].map((x) => (typeof x === 'string' ? x : ''));
      const i = runtime.get(req.teamId, id ?? '');
      const step = runtime.step(i);
      if (i.status !== 'active' || step.key !== s)
        return {
          ok: true,
          replies: [ephemeral('This step has moved on while the form was open; nothing was changed.')],
        };
      const form = step.meta.form?.event === e ? step.meta.form : undefined;
      const choice = step.meta.choices?.find((c) => c.event === e);
      const fields = form?.fields ?? choice?.form?.fields;
      if (!fields) return { ok: true, replies: [ephemeral('This step has moved on; nothing was changed.')] };
      requireRole(req, form ? form.role : choice?.role, i, e ?? '');
      const checked = validateForm(fields, readFormValues(fields, v.values));
      if (!checked.ok) return { ok: false, errors: checked.errors };
      // Checks that need the workspace (the person exists, the date, the source) answer in the modal.
      const problems = await forms.check(req.teamId, fields, checked.values);
      if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
      if (checkOnly) return { ok: true, replies: [] };
      const sent = runtime.dispatch({
        teamId: req.teamId,
        instanceId: i.id,
        event: { type: e ?? '', values: checked.values },
        actor: actorOf(req),
        expectStep: s,
        place: placeOf(req),
      });
      return { ok: true, replies: await advance(req, sent) };
    })();
  }

  function home(teamId: string): KnownBlock[] {
    const ctx: Ctx = { db, teamId, clock };
    const active = runtime.list(teamId, 'active');
    const documents = runtime.flows.flatMap((f) => f.home?.(ctx) ?? []);
    const lines = active.map(
      (i) => `• \`${i.id}\` ${titleOf(i)}: *${runtime.step(i).meta.title}* (<#${i.channel}>)`,
    );
    return [
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'Your ISMS' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: [
            ...documents,
            active.length ? `*Running workflows*\n${lines.join('\n')}` : '*Running workflows:* none',
          ].join('\n'),
        },
      },
    ];
  }

  return {
    subcommands: [...startCommands, flows],
    action,
    view: (req: Requester, v: ViewSubmission) => view(req, v),
    checkView: (req: Requester, v: ViewSubmission) => view(req, v, true),
    home,
    /** The current step of an instance as a reply (to show it again, e.g. after a restart). */
    show: (i: Instance): Reply =>
      render(i, {
        teamId: i.teamId,
        userId: i.startedBy,
        channelId: i.channel,
        threadTs: i.threadTs ?? undefined,
      }),
  };
}
