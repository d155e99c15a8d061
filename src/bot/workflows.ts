/**
 * Workflows in the conversation: `/isms <flow command>`, `/isms flows`, step buttons and step forms.
 * Generic over flows: everything a step needs is read from its `meta` and the flow's binding; who may
 * act is the runtime's one rule (`authorize`), checked before a form opens and again on submit.
 */
import type { Clock, Ctx } from '../domain/context.ts';
import { validateForm } from '../domain/flow-meta.ts';
import { parseMention } from '../domain/person.ts';
import { holdersOf, rolesOf } from '../domain/roles.ts';
import type { Db } from '../store/db.ts';
import { copyAt, moveThread } from '../workflows/messages.ts';
import type { Instance, Runtime } from '../workflows/runtime.ts';
import type { RenderAttachment } from './attachment-replies.ts';
import type { Subcommand } from './commands.ts';
import { createFlowHistory } from './flow-history.ts';
import { createFlowMessages, type FlowMessages } from './flow-messages.ts';
import { createFormOptions, type FormOptions } from './form-options.ts';
import type { Feature } from './index.ts';
import { parsePrivateMetadata } from './metadata.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { ActionInput, Reply, Requester, ViewResult, ViewSubmission } from './types.ts';
import { FORM_CALLBACK, formModal, parseButtonValue, readFormValues } from './views/step.ts';

export interface WorkflowDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly runtime: Runtime;
  /** Data-sourced options and checks against the workspace for step forms. */
  readonly forms?: FormOptions;
  /** Renders the documents finished steps hand over (minutes PDF, canvas) for the outbox. */
  readonly attachments?: RenderAttachment | undefined;
}

export function createWorkflows({
  db,
  clock,
  runtime,
  forms = createFormOptions({ db, clock }),
  attachments,
}: WorkflowDeps): Feature & { messages: FlowMessages } {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const titleOf = (i: Instance) => runtime.flows.find((f) => f.key === i.flow)?.title ?? i.flow;
  const messages = createFlowMessages({ db, clock, runtime, attachments });
  const who = (req: Requester) => ({ actor: actorOf(req), place: placeOf(req), via: req.via });

  /** Every copy of the instance that is behind: the thread status, the DMs, new notices. */
  const show = (i: Instance) => messages.due({ instanceId: i.id });

  /** Show the step an event led to as soon as it is committed, and again when a busy step settles. */
  async function advance(sent: ReturnType<Runtime['dispatch']>): Promise<Reply[]> {
    const first = await sent.persisted;
    const now = await show(first);
    if (!runtime.step(first).meta.busy) return now;
    return [...now, { type: 'later', replies: sent.settled.then(show) }];
  }

  /** `/isms <command>` for every registered flow: start it here, or show what it approved. */
  const startCommands: Subcommand[] = runtime.flows
    .filter((flow) => !flow.child && !flow.ownCommand)
    .map((flow) => {
      const document = flow.document?.bind(flow);
      const usage = `Usage: \`/isms ${flow.command}\` to start${document ? `, \`/isms ${flow.command} show\` to see the approved result` : ''}.`;
      return {
        name: flow.command,
        usage: document ? `${flow.command} [show]` : flow.command,
        summary: document ? `${flow.summary}, or show the approved result` : flow.summary,
        async run(req, args) {
          if (document && args.trim() === 'show')
            return [
              ephemeral(
                document(ctxOf(req)) ?? `Nothing is approved yet. Start with \`/isms ${flow.command}\`.`,
              ),
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
            via: req.via,
          });
          return show(i);
        },
      };
    });

  /** Who may bring a workflow here or cancel it: its starter, the ISMS owner, the people its step names. */
  function mayManage(req: Requester, i: Instance): boolean {
    if (i.startedBy === req.userId || rolesOf(ctxOf(req), req.userId).includes('owner')) return true;
    return runtime.addressed(i).userIds.includes(req.userId);
  }

  function refuseManage(req: Requester, i: Instance, verb: string): Reply[] {
    runtime.refuse({
      teamId: req.teamId,
      instanceId: i.id,
      event: `flows.${verb}`,
      reason: 'not starter, owner or addressee',
      ...who(req),
    });
    const others =
      verb === 'cancel' ? ' or the ISMS owner' : ', the ISMS owner or the people its step is addressed to';
    return [
      ephemeral(
        `:warning: Only <@${i.startedBy}> (who started it)${others} can ${verb} \`${i.id}\`. Your attempt was recorded.`,
      ),
    ];
  }

  const flows: Subcommand = {
    name: 'flows',
    usage: 'flows [cancel <id> <reason> | resume <id> | handover <id> @person [reason]]',
    summary:
      'list running workflows, cancel one (with a reason), bring one back here, or hand its step to someone',
    async run(req, args) {
      const [verb, id, ...rest] = args.split(/\s+/).filter(Boolean);
      if (!verb) {
        const active = runtime.list(req.teamId, 'active');
        if (!active.length) return [ephemeral('No workflows are running. Start one with `/isms scope`.')];
        const lines = active.map(
          (i) =>
            `\`${i.id}\` ${titleOf(i)}${i.subject ? ` ${i.subject}` : ''}: *${runtime.step(i).meta.title}* (in <#${i.channel}>, started by <@${i.startedBy}>)`,
        );
        return [ephemeral(`*Running workflows*\n${lines.join('\n')}`)];
      }
      if (verb === 'resume' && id) {
        const i = runtime.get(req.teamId, id);
        if (!mayManage(req, i)) return refuseManage(req, i, 'resume');
        moveThread(db, i, clock.now().toISOString(), { channel: req.channelId, threadTs: req.threadTs });
        return show(i);
      }
      if (verb === 'handover' && id && rest.length) {
        const i = runtime.get(req.teamId, id);
        const person = parseMention(rest[0]);
        if (!person) return [ephemeral('Mention the person: `/isms flows handover <id> @person [reason]`.')];
        if (!rolesOf(ctxOf(req), req.userId).includes('owner')) {
          runtime.refuse({
            teamId: req.teamId,
            instanceId: i.id,
            event: 'flows.handover',
            reason: 'not owner',
            ...who(req),
          });
          return [
            ephemeral(
              ':warning: Only the ISMS owner can hand a step to someone else. Your attempt was recorded.',
            ),
          ];
        }
        runtime.handOver({
          teamId: req.teamId,
          instance: i,
          to: person.userId,
          reason: rest.slice(1).join(' '),
          ...who(req),
        });
        return [
          ...(await show(i)),
          ephemeral(`Handed the step of \`${id}\` to <@${person.userId}>; recorded as evidence.`),
        ];
      }
      if (verb === 'cancel' && id && rest.length) {
        const i = runtime.get(req.teamId, id);
        if (i.startedBy !== req.userId && !rolesOf(ctxOf(req), req.userId).includes('owner'))
          return refuseManage(req, i, 'cancel');
        const cancelled = await runtime.cancel({
          teamId: req.teamId,
          instanceId: id,
          actor: actorOf(req),
          reason: rest.join(' '),
          via: req.via,
        });
        return [
          ...(await show(cancelled)),
          ephemeral(`Cancelled \`${id}\`; the reason is recorded as evidence.`),
        ];
      }
      return [
        ephemeral(
          'Usage: `/isms flows`, `/isms flows cancel <id> <reason>`, `/isms flows resume <id>`, `/isms flows handover <id> @person [reason]`, `/isms flows history <id>` or `/isms flows correct <id> <#entry> <reason>`.',
        ),
      ];
    },
  };

  /** A click on a copy that no longer follows the step (an orphan posted twice, a retired DM). */
  function staleCopy(
    req: Requester,
    i: Instance,
    copy: string | undefined,
    messageTs: string | undefined,
    event: string,
  ) {
    if (!copy || copyAt(db, copy, messageTs)?.instanceId === i.id) return undefined;
    runtime.refuse({ teamId: req.teamId, instanceId: i.id, event, reason: 'stale copy', ...who(req) });
    return [
      ephemeral('This copy of the message is out of date; nothing was changed. Your click was recorded.'),
    ];
  }

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
      const stale = staleCopy(req, i, target.m, a.messageTs, a.actionId);
      if (stale) return stale;
      const form = step.meta.form?.event === a.actionId ? step.meta.form : undefined;
      const choice = step.meta.choices?.find((c) => c.event === a.actionId);
      if (!form && !choice) return [ephemeral('This step has moved on; nothing was changed.')];
      runtime.authorize({ teamId: req.teamId, instance: i, step, event: a.actionId, ...who(req) });
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
            copy: target.m,
          },
          form ? answers : {},
        );
        return [{ type: 'modal', view }];
      }
      return advance(
        runtime.dispatch({
          teamId: req.teamId,
          instanceId: i.id,
          event: { type: a.actionId },
          expectStep: step.key,
          ...who(req),
        }),
      );
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
      // A page of a long form that was already submitted (the step now holds the next page's fields).
      if (fields.length > 0 && !fields.some((f) => f.id in v.values))
        return { ok: true, replies: [ephemeral('This page was already saved; nothing was changed.')] };
      const stale = staleCopy(req, i, typeof meta.m === 'string' ? meta.m : undefined, undefined, e ?? '');
      if (stale) return { ok: true, replies: stale };
      // A crafted submission from someone the step is not addressed to is refused and recorded.
      runtime.authorize({ teamId: req.teamId, instance: i, step, event: e ?? '', ...who(req) });
      const checked = validateForm(fields, readFormValues(fields, v.values));
      if (!checked.ok) return { ok: false, errors: checked.errors };
      // Checks that need the workspace (the person exists, the date, the source) answer in the modal.
      // The flow's own checks (e.g. an expiry within the criteria), then the fields' checks, which win.
      const problems = {
        ...(runtime.flows.find((f) => f.key === i.flow)?.check?.(ctxOf(req), step, checked.values, e ?? '') ??
          {}),
        ...(await forms.check(req.teamId, fields, checked.values)),
      };
      if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
      if (checkOnly) return { ok: true, replies: [] };
      const sent = runtime.dispatch({
        teamId: req.teamId,
        instanceId: i.id,
        event: { type: e ?? '', values: checked.values },
        expectStep: s,
        ...who(req),
      });
      return { ok: true, replies: await advance(sent) };
    })();
  }

  return {
    subcommands: [...startCommands, flows, ...createFlowHistory({ db, clock, runtime, show })],
    action,
    view: (req: Requester, v: ViewSubmission) => view(req, v),
    checkView: (req: Requester, v: ViewSubmission) => view(req, v, true),
    messages,
    async accountChanged(teamId: string, userId: string, deactivated: boolean) {
      const moved = runtime.personLeft(teamId, userId, deactivated);
      return (await Promise.all(moved.map(show))).flat();
    },
  };
}
