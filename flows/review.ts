/**
 * Management review (9.3): planned by whoever starts it (chair from top management, date, participants,
 * who answers which inputs); every 9.3.2 input pre-filled from live data (the binding's input) and
 * sent by DM to its owner as a child task (`review-input`, one per person, in parallel); then the
 * meeting, run by the chair in the review's thread: each input presented and its discussion noted,
 * the 9.3.3 decisions, action items with owner and due date; minutes drafted (model or template),
 * edited and approved by the chair. Approval emits `review.approved` (the binding stores and locks
 * the minutes) and starts one `review-action` child per action item, which reminds its owner. What
 * each step shows and asks (its `meta`) is in src/domain/review-steps.ts.
 */
import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { EventActor, FormValues } from '../src/domain/flow-meta.ts';
import {
  type AgendaItem,
  agendaStatus,
  INPUTS,
  ownersOf,
  type ReviewInput,
} from '../src/domain/review-agenda.ts';
import { minutesDoc, templateMinutes } from '../src/domain/review-minutes.ts';
import {
  actionsMeta,
  approvedMeta,
  decisionsMeta,
  discussMeta,
  draftingMeta,
  minutesMeta,
  planningMeta,
  preparingMeta,
} from '../src/domain/review-steps.ts';
import type { GivenInput, ReviewInputOutput } from './review-input.ts';

export type { AgendaItem } from '../src/domain/review-agenda.ts';
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

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String).filter(Boolean) : []);

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
      meta: planningMeta,
      on: { 'review.plan.submit': { target: 'preparing', actions: 'plan' } },
    },
    preparing: {
      meta: preparingMeta,
      on: { 'review.meeting.start': meetingState(0) },
    },
    ...Object.fromEntries(
      INPUTS.map((input, i) => [
        meetingState(i),
        {
          meta: discussMeta(input, i),
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
      meta: decisionsMeta,
      on: { 'review.decisions.submit': { target: 'actions', actions: 'decide' } },
    },
    actions: {
      meta: actionsMeta,
      entry: assign({ status: ({ context }) => (context.actions.length ? context.status : 'None yet.') }),
      on: {
        'review.action.add': { actions: 'addAction' },
        'review.actions.done': 'drafting',
      },
    },
    drafting: {
      tags: ['busy'],
      meta: draftingMeta,
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
      meta: minutesMeta,
      on: {
        'review.minutes.submit': { actions: 'editMinutes' },
        'review.minutes.approve': 'approved',
      },
    },
    approved: {
      type: 'final',
      entry: 'approve',
      meta: approvedMeta,
    },
  },
});
