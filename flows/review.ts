/**
 * Management review (9.3): planned by whoever starts it (chair from top management, date, participants,
 * who answers which inputs); every 9.3.2 input pre-filled from live data (the binding's input) and
 * sent by DM to its owner as a child task (`review-input`, one per person, in parallel); then the
 * meeting, run by the chair in the review's thread: each input presented and its discussion noted,
 * the 9.3.3 decisions, action items with owner and due date; minutes drafted (model or template),
 * edited and approved by the chair. Approval emits `review.approved` (the binding stores and locks
 * the minutes) and starts one `review-action` child per action item, which reminds its owner.
 */
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { EventActor, FormValues, StepMeta } from '../src/domain/flow-meta.ts';
import { INPUT_GROUPS, INPUTS, type InputKey, type ReviewInput } from '../src/domain/review-agenda.ts';
import { minutesDoc, templateMinutes } from '../src/domain/review-minutes.ts';
import type { GivenInput, ReviewInputOutput } from './review-input.ts';

export interface AgendaItem extends ReviewInput {
  text?: string | undefined;
  confirmedBy?: string | undefined;
  discussion?: string | undefined;
}
export interface ActionItem {
  readonly ref: string;
  readonly text: string;
  readonly owner: string;
  readonly due: string;
}
export interface Decision {
  readonly text: string;
  readonly kind: 'improvement' | 'change';
}

export interface ReviewContext {
  teamId: string;
  reviewId: string;
  organisation: string | null;
  chair: string | null;
  date: string | null;
  participants: string[];
  agenda: AgendaItem[];
  /** People whose input task is still open. */
  waitingFor: string[];
  /** The agenda as text: what the thread shows while inputs come in and during the meeting. */
  status: string;
  decisions: Decision[];
  actions: ActionItem[];
  answers: FormValues;
}

export interface ReviewStart {
  readonly teamId: string;
  readonly reviewId: string;
  readonly organisation: string | null;
  readonly inputs: readonly ReviewInput[];
}

export type ReviewEvent =
  | { type: 'review.plan.submit'; values: FormValues; actor: EventActor }
  | { type: 'review.meeting.start'; actor: EventActor }
  | { type: 'review.discuss.submit'; values: FormValues; actor: EventActor }
  | { type: 'review.decisions.submit'; values: FormValues; actor: EventActor }
  | { type: 'review.action.add'; values: FormValues; actor: EventActor }
  | { type: 'review.actions.done'; actor: EventActor }
  | { type: 'review.minutes.submit'; values: FormValues; actor: EventActor }
  | { type: 'review.minutes.approve'; actor: EventActor }
  | { type: 'child.done'; childId: string; subject: string | null; output: ReviewInputOutput | null };

export interface MinutesDraftInput {
  readonly context: ReviewContext;
}

const STEPS = 5;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String).filter(Boolean) : []);

/** One line per input: where it stands (waiting, given by whom, discussed). */
export function agendaStatus(agenda: readonly AgendaItem[]): string {
  return agenda
    .map((a) => {
      const state = a.discussion
        ? 'discussed'
        : a.confirmedBy
          ? `given by ${a.confirmedBy}`
          : a.known
            ? 'pre-filled, to confirm'
            : 'waiting for its owner';
      return `${a.clause} ${a.title}: ${state}`;
    })
    .join('\n');
}

/** Whom each input goes to, from the plan: data inputs, performance (d), feedback and improvement. */
export function ownersOf(values: FormValues): Map<string, InputKey[]> {
  const owners = new Map<string, InputKey[]>();
  const groups: [string, readonly InputKey[]][] = [
    ['dataOwner', INPUT_GROUPS.data],
    ['performanceOwner', INPUT_GROUPS.performance],
    ['feedbackOwner', INPUT_GROUPS.feedback],
  ];
  for (const [field, keys] of groups) {
    const person = str(values[field]);
    if (person) owners.set(person, [...(owners.get(person) ?? []), ...keys]);
  }
  return owners;
}

const given = (agenda: AgendaItem[], answers: readonly GivenInput[]) =>
  agenda.map((a) => {
    const g = answers.find((x) => x.key === a.key);
    return g ? { ...a, text: g.text, confirmedBy: g.confirmedBy } : a;
  });

const meetingState = (i: number) => `discuss_${INPUTS[i]?.key ?? ''}`;

export const reviewMachine = setup({
  types: {
    context: {} as ReviewContext,
    events: {} as ReviewEvent,
    input: {} as ReviewStart,
  },
  actors: {
    // The template draft; the runtime provides one that names people and may use the model.
    draftMinutes: fromPromise<string, MinutesDraftInput>(async ({ input }) =>
      templateMinutes(minutesDoc(input.context, (id) => id)),
    ),
  },
  actions: {
    plan: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'review.plan.submit') return;
      const v = event.values;
      const owners = ownersOf(v);
      enqueue.assign({
        chair: str(v.chair),
        date: str(v.date),
        participants: list(v.participants),
        waitingFor: [...owners.keys()],
      });
      // One task per person, in parallel (children), each with only their inputs.
      for (const [person, keys] of owners)
        enqueue.emit({
          type: 'runtime.spawn',
          flow: 'review-input',
          subject: person,
          input: {
            person,
            reviewId: context.reviewId,
            due: str(v.date),
            inputs: context.agenda.filter((a) => keys.includes(a.key)),
          },
        } as never);
    }),
    childDone: assign(({ context, event }) => {
      if (event.type !== 'child.done' || !event.output?.answers) return {};
      const agenda = given(context.agenda, event.output.answers);
      return {
        agenda,
        waitingFor: context.waitingFor.filter((p) => p !== event.output?.person),
        status: agendaStatus(agenda),
      };
    }),
    decide: assign({
      decisions: ({ event }) =>
        event.type === 'review.decisions.submit'
          ? [
              ...list(event.values.improvements).map((text) => ({ text, kind: 'improvement' as const })),
              ...list(event.values.changes).map((text) => ({ text, kind: 'change' as const })),
            ]
          : [],
    }),
    addAction: assign({
      actions: ({ context, event }) =>
        event.type === 'review.action.add'
          ? [
              ...context.actions,
              {
                ref: `${context.reviewId}-A${context.actions.length + 1}`,
                text: str(event.values.text),
                owner: str(event.values.owner),
                due: str(event.values.due),
              },
            ]
          : context.actions,
      status: ({ context, event }) =>
        [...context.actions, ...(event.type === 'review.action.add' ? [event.values] : [])]
          .map(
            (a, i) =>
              `${context.reviewId}-A${i + 1} ${str(a.text)} (owner ${str(a.owner)}, due ${str(a.due)})`,
          )
          .join('\n'),
    }),
    editMinutes: assign({
      answers: ({ context, event }) =>
        event.type === 'review.minutes.submit'
          ? { ...context.answers, minutes: str(event.values.minutes) }
          : context.answers,
    }),
    approve: enqueueActions(({ context, event, enqueue }) => {
      const actor = (event as { actor?: EventActor }).actor;
      enqueue.emit({
        type: 'review.approved',
        context,
        minutes: str(context.answers.minutes),
        actor,
      } as never);
      for (const a of context.actions)
        enqueue.emit({
          type: 'runtime.spawn',
          flow: 'review-action',
          subject: a.ref,
          input: { ...a, reviewId: context.reviewId },
        } as never);
    }),
  },
}).createMachine({
  id: 'review',
  initial: 'planning',
  context: ({ input }) => ({
    teamId: input.teamId,
    reviewId: input.reviewId,
    organisation: input.organisation,
    chair: null,
    date: null,
    participants: [],
    agenda: input.inputs.map((i) => ({ ...i })),
    waitingFor: [],
    status: agendaStatus(input.inputs),
    decisions: [],
    actions: [],
    answers: {},
  }),
  // A child's answers count whenever they arrive, also during the meeting.
  on: { 'child.done': { actions: 'childDone' } },
  states: {
    planning: {
      meta: {
        title: 'Plan the management review',
        clause: '9.3.1',
        index: 1,
        of: STEPS,
        description:
          'Top management reviews the ISMS at planned intervals. Name the chair, the date and who takes part, and who answers which inputs: isms-bot asks each of them by DM with what it already knows.',
        to: 'starter',
        display: [
          { key: 'reviewId', label: 'Review' },
          { key: 'status', label: 'Agenda (9.3.2)' },
        ],
        form: {
          event: 'review.plan.submit',
          title: 'Management review',
          fields: [
            { id: 'chair', type: 'user', label: 'Chair (top management)', required: true },
            { id: 'date', type: 'date', label: 'Meeting date', required: true, checks: ['date.notPast'] },
            {
              id: 'participants',
              type: 'list',
              label: 'Participants',
              hint: 'One per line, e.g. "Dana (CTO)"',
              required: false,
              maxLength: 120,
            },
            {
              id: 'dataOwner',
              type: 'user',
              label: 'Confirms actions, scope and risks (a, b, c, f)',
              required: true,
            },
            {
              id: 'performanceOwner',
              type: 'user',
              label: 'Writes performance: NCs, monitoring, audits, objectives (d)',
              required: true,
            },
            {
              id: 'feedbackOwner',
              type: 'user',
              label: 'Writes feedback and improvements (e, g)',
              required: true,
            },
          ],
        },
      } satisfies StepMeta,
      on: { 'review.plan.submit': { target: 'preparing', actions: 'plan' } },
    },
    preparing: {
      meta: {
        title: 'Inputs: asked by DM',
        clause: '9.3.2',
        index: 2,
        of: STEPS,
        description:
          'Each input owner confirms or completes their inputs by DM. The chair starts the meeting when ready.',
        to: { person: 'chair' },
        display: [
          { key: 'reviewId', label: 'Review' },
          { key: 'date', label: 'Meeting date' },
          { key: 'status', label: 'Agenda (9.3.2)' },
        ],
        choices: [{ event: 'review.meeting.start', label: 'Start the meeting', style: 'primary' }],
      } satisfies StepMeta,
      on: { 'review.meeting.start': meetingState(0) },
    },
    ...Object.fromEntries(
      INPUTS.map((input, i) => [
        meetingState(i),
        {
          meta: {
            title: `Meeting: ${input.title}`,
            clause: input.clause,
            index: 3,
            of: STEPS,
            description: `Input ${i + 1} of ${INPUTS.length}. Note what was discussed (or nothing), then go on.`,
            to: { person: 'chair' },
            display: [
              { key: `agenda.${i}.text`, label: 'Input (as confirmed)' },
              { key: `agenda.${i}.prefilled`, label: 'Pre-filled by isms-bot' },
              { key: `agenda.${i}.confirmedBy`, label: 'Given by' },
            ],
            form: {
              event: 'review.discuss.submit',
              title: `Discussion ${input.clause.replace('9.3.2 ', '')}`.slice(0, 24),
              submitLabel: 'Note the discussion',
              fields: [
                { id: 'discussion', type: 'longtext', label: 'Discussion', required: false, maxLength: 2900 },
              ],
            },
          } satisfies StepMeta,
          on: {
            'review.discuss.submit': {
              target: INPUTS[i + 1] ? meetingState(i + 1) : 'decisions',
              actions: [
                assign({
                  agenda: ({ context, event }) =>
                    context.agenda.map((a) =>
                      a.key === input.key && 'values' in event
                        ? { ...a, discussion: str(event.values.discussion) || 'No discussion noted.' }
                        : a,
                    ),
                }),
                assign({ status: ({ context }) => agendaStatus(context.agenda) }),
                // The thread keeps a running record of the meeting, one note per input.
                emit(({ context }) => {
                  const a = context.agenda.find((x) => x.key === input.key);
                  return {
                    type: 'runtime.notify',
                    key: `discussed.${input.key}`,
                    kind: 'thread',
                    title: `${input.clause} ${input.title}`,
                    body: `${a?.text ?? a?.prefilled ?? ''}\nDiscussion: ${a?.discussion ?? ''}`,
                  } as never;
                }),
              ],
            },
          },
        },
      ]),
    ),
    decisions: {
      meta: {
        title: 'Decisions (9.3.3)',
        clause: '9.3.3',
        index: 4,
        of: STEPS,
        description:
          'Decisions on continual improvement opportunities and on any changes needed to the ISMS.',
        to: { person: 'chair' },
        form: {
          event: 'review.decisions.submit',
          title: 'Decisions (9.3.3)',
          fields: [
            {
              id: 'improvements',
              type: 'list',
              label: 'Continual improvement',
              hint: 'One decision per line',
              required: false,
              maxLength: 300,
            },
            {
              id: 'changes',
              type: 'list',
              label: 'Changes to the ISMS',
              hint: 'One decision per line',
              required: false,
              maxLength: 300,
            },
          ],
        },
      } satisfies StepMeta,
      on: { 'review.decisions.submit': { target: 'actions', actions: 'decide' } },
    },
    actions: {
      meta: {
        title: 'Action items',
        clause: '9.3.3',
        index: 4,
        of: STEPS,
        description: 'Each action has an owner and a due date; isms-bot reminds the owner until it is done.',
        to: { person: 'chair' },
        display: [{ key: 'status', label: 'Actions so far' }],
        choices: [
          {
            event: 'review.action.add',
            label: 'Add an action item',
            form: {
              title: 'Action item',
              fields: [
                {
                  id: 'text',
                  type: 'text',
                  label: 'What is to be done',
                  required: true,
                  minLength: 3,
                  maxLength: 300,
                },
                { id: 'owner', type: 'user', label: 'Owner', required: true },
                { id: 'due', type: 'date', label: 'Due date', required: true, checks: ['date.notPast'] },
              ],
            },
          },
          { event: 'review.actions.done', label: 'Draft the minutes', style: 'primary' },
        ],
      } satisfies StepMeta,
      entry: assign({ status: ({ context }) => (context.actions.length ? context.status : 'None yet.') }),
      on: {
        'review.action.add': { actions: 'addAction' },
        'review.actions.done': 'drafting',
      },
    },
    drafting: {
      tags: ['busy'],
      meta: {
        title: 'Drafting the minutes…',
        clause: '9.3',
        index: 5,
        of: STEPS,
        busy: true,
      } satisfies StepMeta,
      invoke: {
        src: 'draftMinutes',
        input: ({ context }): MinutesDraftInput => ({ context }),
        onDone: {
          target: 'minutes',
          actions: assign({
            answers: ({ context, event }) => ({ ...context.answers, minutes: String(event.output) }),
          }),
        },
        onError: {
          target: 'minutes',
          actions: assign({
            answers: ({ context }) => ({
              ...context.answers,
              minutes: 'Minutes to be written by the chair.',
            }),
          }),
        },
      },
    },
    minutes: {
      meta: {
        title: 'Minutes: edit and approve',
        clause: '9.3',
        index: 5,
        of: STEPS,
        description: 'The chair edits the drafted minutes and approves them. Approval locks them.',
        to: { person: 'chair' },
        display: [{ key: 'answers.minutes', label: 'Draft minutes' }],
        form: {
          event: 'review.minutes.submit',
          title: 'Minutes',
          submitLabel: 'Edit the minutes',
          fields: [
            {
              id: 'minutes',
              type: 'longtext',
              label: 'Minutes',
              required: true,
              minLength: 20,
              maxLength: 2900,
            },
          ],
        },
        choices: [{ event: 'review.minutes.approve', label: 'Approve the minutes', style: 'primary' }],
      } satisfies StepMeta,
      on: {
        'review.minutes.submit': { actions: 'editMinutes' },
        'review.minutes.approve': 'approved',
      },
    },
    approved: {
      type: 'final',
      entry: 'approve',
      meta: {
        title: 'Minutes approved',
        clause: '9.3',
        index: 5,
        of: STEPS,
        display: [{ key: 'answers.minutes', label: 'Approved minutes' }],
      } satisfies StepMeta,
    },
  },
});
