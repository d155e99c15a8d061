/**
 * One action item of a management review (9.3.3): its owner is told by DM, reminded three days before
 * it is due, and the ISMS owner is told in the review's thread once it is overdue; Done (with an
 * optional note) closes it. A child of the review, started when the minutes are approved.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { EventActor, FormValues, StepMeta } from '../src/domain/flow-meta.ts';

export interface ReviewActionInput {
  readonly ref: string;
  readonly reviewId: string;
  readonly text: string;
  readonly owner: string;
  /** YYYY-MM-DD. */
  readonly due: string;
}

export interface ReviewActionContext extends ReviewActionInput {
  /** When to remind (three days before the due date); null when that is already past. */
  remindAt: string | null;
  note: string | null;
}

export type ReviewActionEvent =
  | { type: 'review.action.complete'; values: FormValues; actor: EventActor }
  | { type: 'review.action.remind'; actor: EventActor }
  | { type: 'review.action.overdue'; actor: EventActor };

export type ReviewActionEmitted = {
  type: 'review.action.completed';
  ref: string;
  note: string | null;
  actor: EventActor;
};

const DAY = 86_400_000;
/** 09:00 UTC on a day `offset` days from the due date (the DM itself waits for working hours). */
export const dayAt = (due: string, offset: number) =>
  new Date(new Date(`${due}T09:00:00Z`).getTime() + offset * DAY).toISOString();

export const reviewActionMachine = setup({
  types: {
    context: {} as ReviewActionContext,
    events: {} as ReviewActionEvent,
    input: {} as ReviewActionInput & { remindAt: string | null },
    emitted: {} as ReviewActionEmitted | { type: string; [k: string]: unknown },
  },
  actions: {
    scheduleReminders: enqueueActions(({ context, enqueue }) => {
      if (context.remindAt)
        enqueue.emit({
          type: 'runtime.schedule',
          key: 'action.remind',
          event: { type: 'review.action.remind' },
          at: context.remindAt,
        });
    }),
    scheduleOverdue: emit(({ context }) => ({
      type: 'runtime.schedule',
      key: 'action.overdue',
      event: { type: 'review.action.overdue' },
      at: dayAt(context.due, 1),
    })),
    remind: emit({ type: 'runtime.notify', key: 'action.remind', kind: 'reminder' }),
    escalate: emit({ type: 'runtime.notify', key: 'action.overdue', kind: 'escalation' }),
    complete: emit(({ context, event }) => ({
      type: 'review.action.completed' as const,
      ref: context.ref,
      note: context.note,
      actor: (event as { actor: EventActor }).actor,
    })),
  },
}).createMachine({
  id: 'review-action',
  initial: 'open',
  context: ({ input }) => ({ ...input, note: null }),
  states: {
    open: {
      meta: {
        title: 'Management review action',
        clause: '9.3.3',
        index: 1,
        of: 1,
        description: 'An action decided in the management review. Mark it done when it is done.',
        to: { person: 'owner' },
        where: 'dm',
        display: [
          { key: 'ref', label: 'Action' },
          { key: 'text', label: 'What is to be done' },
          { key: 'due', label: 'Due' },
        ],
        form: {
          event: 'review.action.complete',
          title: 'Action done',
          submitLabel: 'Mark as done',
          fields: [
            {
              id: 'note',
              type: 'longtext',
              label: 'What was done',
              required: false,
              maxLength: 1000,
            },
          ],
        },
      } satisfies StepMeta,
      entry: ['scheduleReminders', 'scheduleOverdue'],
      on: {
        'review.action.complete': {
          target: 'done',
          actions: assign({
            note: ({ event }) => {
              const n = event.values.note;
              return typeof n === 'string' && n.trim() ? n.trim() : null;
            },
          }),
        },
        'review.action.remind': { actions: 'remind' },
        'review.action.overdue': { actions: 'escalate' },
      },
    },
    done: {
      type: 'final',
      entry: 'complete',
      meta: {
        title: 'Action done',
        clause: '9.3.3',
        index: 1,
        of: 1,
        display: [
          { key: 'ref', label: 'Action' },
          { key: 'text', label: 'What was to be done' },
          { key: 'note', label: 'What was done' },
        ],
      } satisfies StepMeta,
    },
  },
});
