/**
 * What a workflow step asks of people, declared in each state's `meta` and read by every surface
 * (Slack renders it as Block Kit, the console as prompts). Pure: no I/O, safe for flows/ to import.
 */
/** ISMS roles (5.3) that a step can require. */
export type Role = 'owner' | 'approver' | 'management' | 'auditor';

export type FieldType = 'text' | 'longtext' | 'list' | 'select' | 'multiselect' | 'date' | 'user' | 'number';

export interface FieldSpec {
  readonly id: string;
  readonly type: FieldType;
  readonly label: string;
  readonly hint?: string;
  readonly required: boolean;
  readonly options?: readonly {
    readonly value: string;
    readonly label: string;
    /** A line under the option (e.g. what a likelihood level means). */
    readonly description?: string | undefined;
  }[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** For `list`: fewest items. */
  readonly minItems?: number;
  /** Each line (list) or the value (text) must match; `patternMessage` says how to fix it. */
  readonly pattern?: string;
  readonly patternMessage?: string;
  /** A valid answer, shown as a placeholder and used by the generated path tests. */
  readonly example?: string;
  /**
   * For `select`/`multiselect`: the options come from this named source (src/domain/options.ts,
   * e.g. `controls`) instead of `options`; the answer must be one of them when submitted.
   */
  readonly source?: string;
  /** Named checks against the workspace, run when the form is submitted (e.g. `date.notPast`). */
  readonly checks?: readonly string[];
}

/**
 * Who may act on a step: holders of a role (with a fallback role when nobody holds it, e.g. top
 * management, else the ISMS owner), a person named in the flow's context (`{ person: 'riskOwner' }`),
 * or whoever started the flow. No `to`: anyone in the workspace.
 */
export type Assignee =
  | { readonly role: Role; readonly fallback?: Role }
  | { readonly person: string }
  | 'starter';

export interface FormSpec {
  /** The machine event the form submits, e.g. `scope.issues.submit`. */
  readonly event: string;
  readonly title: string;
  readonly submitLabel?: string;
  readonly fields: readonly FieldSpec[];
  /**
   * The fields are data: read from the machine's context at this key (a page of a long review, whose
   * controls differ from page to page). `fields` is then empty; `stepFields` resolves them.
   */
  readonly fieldsFrom?: string;
}

/** A step form's fields as they are shown now: its own, or the page its context holds (`fieldsFrom`). */
export function stepFields(form: FormSpec, context: Readonly<Record<string, unknown>>): readonly FieldSpec[] {
  if (!form.fieldsFrom) return form.fields;
  const fields = context[form.fieldsFrom];
  return Array.isArray(fields) ? (fields as FieldSpec[]) : [];
}

export interface ChoiceSpec {
  readonly event: string;
  readonly label: string;
  readonly style?: 'primary' | 'danger';
  /** A decision that needs a few words first (e.g. a rejection reason). */
  readonly form?: Omit<FormSpec, 'event'>;
}

export interface StepMeta {
  readonly title: string;
  readonly clause?: string;
  /** Place in the flow: "step index of total". */
  readonly index: number;
  readonly of: number;
  readonly description?: string;
  readonly form?: FormSpec;
  readonly choices?: readonly ChoiceSpec[];
  /** Context values to show with the step (`key` into the machine's `context.answers`). */
  readonly display?: readonly {
    readonly key: string;
    readonly label: string;
    /**
     * `code`: shown preformatted (e.g. a diff); `mrkdwn`: text the flow composed itself (mentions,
     * level colours), shown as it is — the flow escapes any user text in it.
     */
    readonly as?: 'code' | 'mrkdwn';
  }[];
  /** A transient step: work in progress, nothing to do. */
  readonly busy?: boolean;
  /** Who may act (one rule, `mayAct` in domain/assignment.ts); absent: anyone in the workspace. */
  readonly to?: Assignee;
  /** Where the step is shown: the flow's thread (default), or a DM to each person it is addressed to. */
  readonly where?: 'thread' | 'dm';
  /**
   * With `where: 'dm'`: what the step displays is register content (e.g. SoA rows), shown only in the
   * DMs; the thread gets the status line alone (registers are never posted to channels).
   */
  readonly private?: boolean;
}

export type FormValue = string | string[] | number | null;
export type FormValues = Record<string, FormValue>;

/** Everything an event carries about who sent it; the runtime fills it in. */
export interface EventActor {
  readonly userId: string;
  readonly name?: string | undefined;
  readonly roles: readonly Role[];
  /** When the runtime applied the event (ISO), so a pure machine can date what it records. */
  readonly at?: string | undefined;
}

/** Check raw answers against the form. Returns typed values, or a sentence per bad field. */
export function validateForm(
  fields: readonly FieldSpec[],
  raw: Readonly<Record<string, string | string[] | null | undefined>>,
): { ok: true; values: FormValues } | { ok: false; errors: Record<string, string> } {
  const values: FormValues = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const r = raw[f.id];
    // Answers come from outside (Slack, the console): anything but text or a list of text is refused.
    if (r != null && typeof r !== 'string' && !(Array.isArray(r) && r.every((x) => typeof x === 'string'))) {
      errors[f.id] = `${f.label}: this answer is not in a form I can read. Please answer again.`;
      continue;
    }
    const error = (m: string) => {
      errors[f.id] = m;
    };
    if (f.type === 'list') {
      const items = (Array.isArray(r) ? r : String(r ?? '').split('\n')).map((s) => s.trim()).filter(Boolean);
      if (f.required && items.length === 0) error(`${f.label} is required: one item per line.`);
      else if (f.minItems && items.length < f.minItems)
        error(`Give at least ${f.minItems} items, one per line.`);
      else if (f.pattern && items.some((i) => !new RegExp(f.pattern as string, 'u').test(i)))
        error(f.patternMessage ?? `Each line of ${f.label} must match ${f.pattern}.`);
      else if (f.maxLength && items.some((i) => i.length > (f.maxLength as number)))
        error(`Keep each line of ${f.label} under ${f.maxLength} characters.`);
      values[f.id] = items;
      continue;
    }
    if (f.type === 'multiselect') {
      const picked = Array.isArray(r) ? r : r ? [r] : [];
      const allowed = new Set(f.options?.map((o) => o.value));
      // A sourced field's options are checked against its source when the form is submitted.
      if (picked.some((p) => typeof p !== 'string' || (!f.source && !allowed.has(p))))
        error('Pick from the options given.');
      else if (f.required && picked.length === 0) error(`Pick at least one ${f.label.toLowerCase()}.`);
      values[f.id] = picked;
      continue;
    }
    const text = (Array.isArray(r) ? r.join('\n') : (r ?? '')).trim();
    if (!text) {
      if (f.required) error(`${f.label} is required.`);
      values[f.id] = null;
      continue;
    }
    if (f.minLength && text.length < f.minLength)
      error(`${f.label} needs at least ${f.minLength} characters.`);
    else if (f.maxLength && text.length > f.maxLength)
      error(`${f.label} must be at most ${f.maxLength} characters.`);
    else if (f.pattern && !new RegExp(f.pattern, 'u').test(text))
      error(f.patternMessage ?? `${f.label} is not in the expected form.`);
    else if (f.type === 'select' && !f.source && !f.options?.some((o) => o.value === text))
      error('Pick one of the options given.');
    else if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) error('Give the date as YYYY-MM-DD.');
    else if (f.type === 'number' && !Number.isFinite(Number(text))) error(`${f.label} must be a number.`);
    values[f.id] = f.type === 'number' ? Number(text) : text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
