/**
 * Any workflow step, rendered from its `meta`: a message with progress and buttons, and a modal for
 * its form. A new flow needs no code here. `action_id` is the machine event type.
 */
import { Bits, type BlockBuilder, Blocks, Elements, Message, Modal } from 'slack-block-builder';
import type { FieldSpec, FormSpec } from '../../domain/flow-meta.ts';
import type { Instance, Step } from '../../workflows/runtime.ts';
import { SOURCE_ACTION } from '../form-options.ts';
import type { KnownBlock, ModalView, OutMessage, ViewValues } from '../types.ts';
import { escapeMrkdwn, SECTION_MAX, truncate } from './text.ts';

export const FORM_CALLBACK = 'flow.form';

/**
 * What a button carries: the instance, the step it was shown for, and which copy of the message it
 * is on (stale-click detection: a copy that no longer follows the step refuses clicks).
 */
export interface ButtonValue {
  readonly i: string;
  readonly s: string;
  readonly m?: string | undefined;
}

export function parseButtonValue(raw: string | undefined): ButtonValue | undefined {
  try {
    const v = JSON.parse(raw ?? '') as Partial<ButtonValue>;
    if (typeof v.i !== 'string' || typeof v.s !== 'string') return undefined;
    return { i: v.i, s: v.s, ...(typeof v.m === 'string' ? { m: v.m } : {}) };
  } catch {
    return undefined;
  }
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      context,
    );
}

function show(value: unknown, trusted = false): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (trusted) return String(value);
  if (Array.isArray(value))
    return value.length ? value.map((v) => `• ${escapeMrkdwn(String(v))}`).join('\n') : undefined;
  return escapeMrkdwn(String(value));
}

export interface StepMessageOptions {
  /** The copy (outbox row) the message is; its buttons say so. */
  readonly copy?: string | undefined;
  /** Show the step's buttons (default true; a DM copy of a step that moved on has none). */
  readonly buttons?: boolean;
  /** One line under the header, e.g. why this person is asked, or who decided. */
  readonly note?: string | undefined;
  /** Show what the step displays from its context (default true). */
  readonly details?: boolean;
}

export function stepMessage(
  title: string,
  instance: Instance,
  step: Step,
  opts: StepMessageOptions = {},
): OutMessage {
  const { meta } = step;
  const value = JSON.stringify({ i: instance.id, s: step.key, m: opts.copy } satisfies ButtonValue);
  const status =
    instance.status === 'cancelled'
      ? '🚫 Cancelled'
      : step.done
        ? '✅ Complete'
        : meta.busy
          ? '⏳ Working on it…'
          : `Step ${meta.index} of ${meta.of}`;
  const blocks: BlockBuilder[] = [
    Blocks.Header({ text: truncate(title, 150) }),
    Blocks.Context().elements(
      [
        status,
        meta.clause ? `Clause ${meta.clause}` : undefined,
        `Workflow \`${instance.id}\``,
        `started by <@${instance.startedBy}>`,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    Blocks.Section({
      text: truncate(
        `*${escapeMrkdwn(meta.title)}*${meta.description ? `\n${escapeMrkdwn(meta.description)}` : ''}`,
        SECTION_MAX,
      ),
    }),
  ];
  if (opts.note) blocks.splice(2, 0, Blocks.Context().elements(truncate(opts.note, 3000)));
  for (const d of opts.details === false ? [] : (meta.display ?? [])) {
    const text = show(lookup(step.context, d.key), d.as === 'mrkdwn');
    if (text)
      blocks.push(
        Blocks.Section({
          text: truncate(`*${d.label}*\n${d.as === 'code' ? `\`\`\`${text}\`\`\`` : text}`, SECTION_MAX),
        }),
      );
  }
  if (instance.status === 'active' && !step.done && !meta.busy && opts.buttons !== false) {
    const buttons = [
      ...(meta.form
        ? [
            Elements.Button({
              text: truncate(meta.form.submitLabel ?? `Fill in: ${meta.form.title}`, 75),
              actionId: meta.form.event,
              value,
            }).primary(),
          ]
        : []),
      ...(meta.choices ?? []).map((c) => {
        const b = Elements.Button({ text: truncate(c.label, 75), actionId: c.event, value });
        return c.style === 'primary' ? b.primary() : c.style === 'danger' ? b.danger() : b;
      }),
    ];
    if (buttons.length) blocks.push(Blocks.Actions({ blockId: `step-${step.key}` }).elements(buttons));
  }
  const built = Message().blocks(blocks).buildToObject() as { blocks: KnownBlock[] };
  return { text: `${title}: ${meta.title} (${status})`, blocks: built.blocks };
}

/** The thread's status while a step waits for people by DM: one line, no buttons. */
export function waitingMessage(
  title: string,
  instance: Instance,
  step: Step,
  waitingFor: readonly string[],
  askedAt: string,
): OutMessage {
  const who = waitingFor.length ? waitingFor.map((u) => `<@${u}>`).join(', ') : 'nobody (see `/isms roles`)';
  const on = new Date(askedAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  const line = `⏳ Waiting for ${who} — asked by DM on ${on}`;
  const base = stepMessage(title, instance, step, {
    buttons: false,
    note: line,
    details: !step.meta.private,
  });
  return { text: `${title}: ${step.meta.title} (${line})`, blocks: base.blocks ?? [] };
}

/** A one-off notice (reminder, escalation) or the last words of a copy that no longer follows the step. */
export function noticeMessage(text: string): OutMessage {
  const built = Message()
    .blocks(Blocks.Section({ text: truncate(text, SECTION_MAX) }))
    .buildToObject() as { blocks: KnownBlock[] };
  return { text: truncate(text, 3000), blocks: built.blocks };
}

export interface FormTarget {
  readonly channel: string;
  readonly threadTs?: string | undefined;
  readonly instanceId: string;
  readonly step: string;
  readonly event: string;
  readonly copy?: string | undefined;
}

export function formModal(
  form: Pick<FormSpec, 'title' | 'fields' | 'submitLabel'>,
  target: FormTarget,
  initial: Record<string, unknown>,
): ModalView {
  const metadata = JSON.stringify({
    channel: target.channel,
    threadTs: target.threadTs,
    i: target.instanceId,
    s: target.step,
    e: target.event,
    m: target.copy,
  });
  return Modal({
    title: truncate(form.title, 24),
    submit: truncate(form.submitLabel ?? 'Submit', 24),
    close: 'Cancel',
    callbackId: FORM_CALLBACK,
    privateMetaData: metadata,
  })
    .blocks(form.fields.map((f) => inputBlock(f, initial[f.id])))
    .buildToObject() as ModalView;
}

export function inputBlock(f: FieldSpec, initial: unknown): BlockBuilder {
  const block = Blocks.Input({
    label: truncate(f.label, 2000),
    blockId: f.id,
    hint: f.hint ? truncate(f.hint, 2000) : undefined,
  });
  if (!f.required) block.optional();
  const text = Array.isArray(initial) ? initial.join('\n') : initial == null ? undefined : String(initial);
  // Slack shows an option's description under it (at most 75 characters).
  const options = (f.options ?? []).map((o) =>
    Bits.Option({
      text: truncate(o.label, 75),
      value: o.value,
      ...(o.description ? { description: truncate(o.description, 75) } : {}),
    }),
  );
  // A sourced list too long to show whole is searched: Slack asks the options URL as the person types.
  const searched =
    f.source && !f.options ? { actionId: `${SOURCE_ACTION}${f.source}`, minQueryLength: 1 } : undefined;
  switch (f.type) {
    case 'select':
      if (searched)
        return block.element(Elements.ExternalSelect({ ...searched, placeholder: 'Type to search' }));
      return block.element(Elements.StaticSelect({ actionId: 'v', placeholder: 'Choose' }).options(options));
    case 'multiselect':
      if (searched)
        return block.element(Elements.ExternalMultiSelect({ ...searched, placeholder: 'Type to search' }));
      return block.element(
        Elements.StaticMultiSelect({ actionId: 'v', placeholder: 'Choose' }).options(options),
      );
    case 'date':
      return block.element(
        Elements.DatePicker({ actionId: 'v', initialDate: text ? new Date(text) : undefined }),
      );
    case 'user':
      return block.element(Elements.UserSelect({ actionId: 'v' }));
    case 'number':
      return block.element(
        Elements.NumberInput({
          actionId: 'v',
          isDecimalAllowed: true,
          initialValue: text ? Number(text) : undefined,
        }),
      );
    default:
      return block.element(
        Elements.TextInput({
          actionId: 'v',
          multiline: f.type !== 'text',
          initialValue: text ? truncate(text, 3000) : undefined,
          maxLength: f.type === 'list' ? 3000 : f.maxLength,
        }),
      );
  }
}

/** Slack's `state.values` back to one raw answer per field. */
export function readFormValues(
  fields: readonly FieldSpec[],
  values: ViewValues,
): Record<string, string | string[] | null> {
  const out: Record<string, string | string[] | null> = {};
  for (const f of fields) {
    const v = values[f.id]?.v ?? Object.values(values[f.id] ?? {})[0];
    out[f.id] =
      v?.value ??
      v?.selected_option?.value ??
      (v?.selected_options ? v.selected_options.map((o) => o.value) : undefined) ??
      v?.selected_date ??
      v?.selected_user ??
      null;
  }
  return out;
}
