/**
 * What each step of the management review (flows/review.ts) shows and asks: the `meta` of its states
 * (title, clause, who acts, what is displayed, the form or choices), kept apart from the machine's
 * transitions so each reads on its own. Pure data over the agenda of src/domain/review-agenda.ts.
 */
import type { StepMeta } from './flow-meta.ts';
import { INPUTS } from './review-agenda.ts';

/** Steps of the review as the thread counts them ("step 3 of 5"). */
export const STEPS = 5;

/** 9.3.1: whoever starts the review names the chair, the date, the participants and who answers which inputs. */
export const planningMeta = {
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
} satisfies StepMeta;

/** 9.3.2: the input owners answer by DM; the chair starts the meeting. */
export const preparingMeta = {
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
} satisfies StepMeta;

/** The meeting, one state per 9.3.2 input: its text as given, and the discussion noted. */
export const discussMeta = (input: (typeof INPUTS)[number], i: number) =>
  ({
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
      fields: [{ id: 'discussion', type: 'longtext', label: 'Discussion', required: false, maxLength: 2900 }],
    },
  }) satisfies StepMeta;

/** 9.3.3 decisions: continual improvement and changes to the ISMS. */
export const decisionsMeta = {
  title: 'Decisions (9.3.3)',
  clause: '9.3.3',
  index: 4,
  of: STEPS,
  description: 'Decisions on continual improvement opportunities and on any changes needed to the ISMS.',
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
} satisfies StepMeta;

/** 9.3.3 action items, each with an owner and a due date. */
export const actionsMeta = {
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
} satisfies StepMeta;

/** The minutes being drafted (a busy step: model or template). */
export const draftingMeta = {
  title: 'Drafting the minutes…',
  clause: '9.3',
  index: 5,
  of: STEPS,
  busy: true,
} satisfies StepMeta;

/** The chair edits and approves the minutes. */
export const minutesMeta = {
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
} satisfies StepMeta;

/** Final: the minutes as approved (locked by the binding). */
export const approvedMeta = {
  title: 'Minutes approved',
  clause: '9.3',
  index: 5,
  of: STEPS,
  display: [{ key: 'answers.minutes', label: 'Approved minutes' }],
} satisfies StepMeta;
