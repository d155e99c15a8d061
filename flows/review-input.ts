/**
 * One person's part of a management review's inputs (9.3.2): a child of the review, sent by DM before
 * the meeting. Each input assigned to them is its own step (so a stale click on an earlier one is
 * refused), showing what isms-bot filled in from live data; they confirm it as it is or correct it,
 * and write what the bot cannot know. Reminded after the workspace's reminder delay while a step
 * waits. Its output goes back to the review as `child.done`.
 */
import { assign, emit, not, setup } from 'xstate';
import type { EventActor, FormValues, StepMeta } from '../src/domain/flow-meta.ts';
import { INPUT_GROUPS, INPUTS, type InputKey, type ReviewInput } from '../src/domain/review-agenda.ts';

export interface ReviewInputTaskInput {
  readonly person: string;
  readonly reviewId: string;
  /** The meeting day (YYYY-MM-DD): the inputs are due before it. */
  readonly due?: string | null | undefined;
  readonly inputs: readonly ReviewInput[];
}

export interface GivenInput {
  readonly key: string;
  readonly text: string;
  readonly confirmedBy: string;
}

export interface ReviewInputContext {
  person: string;
  reviewId: string;
  due: string | null;
  /** Per input key: what the bot has (shown), and whether it came from data. */
  prefilled: Partial<Record<InputKey, string>>;
  known: InputKey[];
  mine: InputKey[];
  /** Pre-fills the form: the data-filled text, to confirm or correct. */
  answers: FormValues;
  given: GivenInput[];
}

export interface ReviewInputOutput {
  readonly person: string;
  readonly answers: readonly GivenInput[];
}

export type ReviewInputEvent =
  | { type: 'review.input.confirm'; actor: EventActor }
  | { type: 'review.input.submit'; values: FormValues; actor: EventActor }
  | { type: 'review.input.remind'; actor: EventActor };

const name = (e: { actor?: EventActor }) => e.actor?.name ?? e.actor?.userId ?? '';

export const reviewInputMachine = setup({
  types: {
    context: {} as ReviewInputContext,
    events: {} as ReviewInputEvent,
    input: {} as ReviewInputTaskInput,
    output: {} as ReviewInputOutput,
  },
  guards: {
    mine: ({ context }, p: { key: InputKey }) => context.mine.includes(p.key),
    // Only an input filled from data can be confirmed as it is; the others need words.
    known: ({ context }, p: { key: InputKey }) => context.known.includes(p.key),
  },
  actions: {
    give: assign({
      given: ({ context, event }, p: { key: InputKey }) => [
        ...context.given.filter((g) => g.key !== p.key),
        {
          key: p.key,
          text:
            event.type === 'review.input.submit'
              ? String(event.values[p.key] ?? '')
              : (context.prefilled[p.key] ?? ''),
          confirmedBy: name(event),
        },
      ],
    }),
    scheduleReminder: emit({
      type: 'runtime.schedule',
      key: 'input.remind',
      event: { type: 'review.input.remind' },
      after: { setting: 'approvalReminderDays' },
    } as const),
    stopReminder: emit({ type: 'runtime.unschedule', key: 'input.remind' } as const),
    remind: emit({ type: 'runtime.notify', key: 'input.remind', kind: 'reminder' } as const),
  },
}).createMachine({
  id: 'review-input',
  initial: INPUTS[0]?.key ?? 'done',
  context: ({ input }) => ({
    person: input.person,
    reviewId: input.reviewId,
    due: input.due ?? null,
    prefilled: Object.fromEntries(input.inputs.map((i) => [i.key, i.prefilled])),
    known: input.inputs.filter((i) => i.known).map((i) => i.key),
    mine: input.inputs.map((i) => i.key),
    answers: Object.fromEntries(input.inputs.filter((i) => i.known).map((i) => [i.key, i.prefilled])),
    given: [],
  }),
  states: {
    ...Object.fromEntries(
      INPUTS.map((input, i) => {
        const next = INPUTS[i + 1]?.key ?? 'done';
        const key = { key: input.key };
        return [
          input.key,
          {
            // Inputs that are someone else's are passed over.
            always: { guard: not({ type: 'mine', params: key }), target: next },
            meta: {
              title: `Review input: ${input.title}`,
              clause: input.clause,
              index: i + 1,
              of: INPUTS.length,
              description:
                'Before the management review meeting: confirm what isms-bot filled in from live data, or correct it; where it cannot know, write it.',
              to: { person: 'person' },
              where: 'dm',
              display: [
                { key: 'reviewId', label: 'Management review' },
                { key: `prefilled.${input.key}`, label: 'What isms-bot has' },
              ],
              // Only the inputs filled from data can be confirmed as they are; the others need words.
              choices: (INPUT_GROUPS.data as readonly string[]).includes(input.key)
                ? [{ event: 'review.input.confirm', label: 'Confirm as shown', style: 'primary' as const }]
                : [],
              form: {
                event: 'review.input.submit',
                title: `Review input ${input.clause.replace('9.3.2 ', '')}`.slice(0, 24),
                submitLabel: 'Write or correct',
                fields: [
                  {
                    id: input.key,
                    type: 'longtext',
                    label: input.title,
                    required: true,
                    minLength: 3,
                    maxLength: 2900,
                    example: 'Two minor findings, both closed.',
                  },
                ],
              },
            } satisfies StepMeta,
            entry: 'scheduleReminder',
            exit: 'stopReminder',
            on: {
              'review.input.confirm': {
                guard: { type: 'known', params: key },
                target: next,
                actions: { type: 'give', params: key },
              },
              'review.input.submit': { target: next, actions: { type: 'give', params: key } },
              'review.input.remind': { actions: 'remind' },
            },
          },
        ];
      }),
    ),
    done: {
      type: 'final',
      meta: {
        title: 'Review inputs given: thank you',
        clause: '9.3.2',
        index: 10,
        of: 10,
      } satisfies StepMeta,
    },
  },
  output: ({ context }) => ({ person: context.person, answers: context.given }),
});
