/**
 * The Statement of Applicability review (6.1.3 d): the ISMS owner decides, theme by theme and a page
 * at a time, every control still without a decision (or whose row no longer holds up); each page is
 * saved as it is submitted. Then top management approves the SoA as it stands (the ISMS owner when
 * nobody holds that role), by DM, reminded and escalated like the scope approval; the approval makes
 * a new version, shown with what changed against the last one.
 * Pure: the runtime provides `loadControls` and `summarize` (they read the store), enforces who may
 * act (`meta.to`) and writes the rows the machine emits.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import type { EventActor, FieldSpec, FormValues, StepMeta } from '../src/domain/flow-meta.ts';
import {
  pageAt,
  pageEntries,
  pageFields,
  pageList,
  pageProgress,
  type ReviewEntry,
  type ReviewItem,
} from '../src/domain/soa-review.ts';

export interface SoaReviewInput {
  readonly teamId: string;
  /** The controls to decide, theme by theme (the binding reads them from the store). */
  readonly queue: readonly ReviewItem[];
}

export interface SoaReviewContext {
  teamId: string;
  queue: ReviewItem[];
  /** Where the current page starts in `queue`. */
  pos: number;
  /** The current page's form fields (`meta.form.fieldsFrom`). */
  page: FieldSpec[];
  progress: string | null;
  pageList: string[];
  /** Controls decided in this review so far. */
  saved: number;
  /** What changed against the last approved version, for the approver. */
  changes: string | null;
  /** Why the SoA could not go for approval (rows that do not hold up). */
  problems: string | null;
  rejection: string | null;
}

export type SoaReviewEvent =
  | { type: 'soa.page.submit'; values: FormValues; actor: EventActor }
  | { type: 'soa.revisit'; values: FormValues; actor: EventActor }
  | { type: 'soa.send'; actor: EventActor }
  | { type: 'soa.approve'; actor: EventActor }
  | { type: 'soa.reject'; values: FormValues; actor: EventActor }
  | { type: 'soa.remind'; actor: EventActor }
  | { type: 'soa.escalate'; actor: EventActor };

export type SoaReviewEmitted =
  | { type: 'soa.page.decided'; entries: ReviewEntry[]; actor: EventActor }
  | { type: 'soa.approved'; actor: EventActor };

type RuntimeEmitted =
  | { type: 'runtime.schedule'; key: string; event: { type: string }; after: { setting: string } }
  | { type: 'runtime.unschedule'; key: string }
  | { type: 'runtime.notify'; key: string; kind: 'reminder' | 'escalation' };

const STEPS = 3;
const OWNER_DM = { to: { role: 'owner' }, where: 'dm', private: true } as const;

export const soaMachine = setup({
  types: {
    context: {} as SoaReviewContext,
    events: {} as SoaReviewEvent,
    input: {} as SoaReviewInput,
    emitted: {} as SoaReviewEmitted | RuntimeEmitted,
  },
  actors: {
    loadControls: fromPromise<ReviewItem[], { teamId: string; controls: string[] }>(async () => []),
    summarize: fromPromise<string, { teamId: string }>(async () => ''),
  },
  guards: {
    hasPage: ({ context }) => context.pos < context.queue.length,
  },
  actions: {
    turnPage: assign(({ context }) => {
      const page = pageAt(context.queue, context.pos);
      return {
        page: pageFields(page),
        progress: pageProgress(page, context.queue, context.pos),
        pageList: pageList(page),
      };
    }),
    clearPage: assign({ page: [], progress: null, pageList: [], queue: [], pos: 0 }),
    announcePage: emit(({ context, event }) => {
      const e = event as Extract<SoaReviewEvent, { type: 'soa.page.submit' }>;
      return {
        type: 'soa.page.decided' as const,
        entries: pageEntries(pageAt(context.queue, context.pos), e.values),
        actor: e.actor,
      };
    }),
    advance: assign(({ context }) => {
      const n = pageAt(context.queue, context.pos).length;
      return { pos: context.pos + n, saved: context.saved + n };
    }),
    recordRejection: assign({
      rejection: ({ event }) => (event.type === 'soa.reject' ? String(event.values.reason ?? '') : null),
    }),
    clearNotes: assign({ rejection: null, problems: null }),
    scheduleReminder: emit({
      type: 'runtime.schedule',
      key: 'approval.remind',
      event: { type: 'soa.remind' },
      after: { setting: 'approvalReminderDays' },
    } as const),
    scheduleEscalation: emit({
      type: 'runtime.schedule',
      key: 'approval.escalate',
      event: { type: 'soa.escalate' },
      after: { setting: 'approvalEscalationDays' },
    } as const),
    stopReminder: emit({ type: 'runtime.unschedule', key: 'approval.remind' } as const),
    stopEscalation: emit({ type: 'runtime.unschedule', key: 'approval.escalate' } as const),
    remind: emit({ type: 'runtime.notify', key: 'approval.remind', kind: 'reminder' } as const),
    escalate: emit({ type: 'runtime.notify', key: 'approval.escalate', kind: 'escalation' } as const),
    announceApproval: emit(({ event }) => ({
      type: 'soa.approved' as const,
      actor: (event as Extract<SoaReviewEvent, { type: 'soa.approve' }>).actor,
    })),
  },
}).createMachine({
  id: 'soa',
  initial: 'next',
  context: ({ input }) => ({
    teamId: input.teamId,
    queue: [...input.queue],
    pos: 0,
    page: [],
    progress: null,
    pageList: [],
    saved: 0,
    changes: null,
    problems: null,
    rejection: null,
  }),
  states: {
    // Transient: the next page, or every control decided.
    next: {
      always: [
        { guard: 'hasPage', target: 'reviewing', actions: 'turnPage' },
        { target: 'ready', actions: 'clearPage' },
      ],
    },
    reviewing: {
      meta: {
        title: 'Decide the controls on this page',
        clause: '6.1.3 d',
        index: 1,
        of: STEPS,
        description:
          'For each control: applicable or not, why (linked risks count; otherwise a legal, contractual or business reason; an exclusion needs a reason), how far it is implemented, its owner and where the evidence is. Each page is saved when you submit it.',
        ...OWNER_DM,
        display: [
          { key: 'progress', label: 'Where the review stands' },
          { key: 'pageList', label: 'Controls on this page' },
        ],
        form: { event: 'soa.page.submit', title: 'SoA review', fields: [], fieldsFrom: 'page' },
      } satisfies StepMeta,
      on: { 'soa.page.submit': { target: 'next', actions: ['announcePage', 'advance'] } },
    },
    ready: {
      meta: {
        title: 'Every control has a decision',
        clause: '6.1.3 d',
        index: 2,
        of: STEPS,
        description:
          'Send the Statement of Applicability to top management for approval, or revisit controls first.',
        ...OWNER_DM,
        display: [
          { key: 'problems', label: 'Not ready for approval' },
          { key: 'rejection', label: 'Changes requested' },
        ],
        choices: [{ event: 'soa.send', label: 'Send for approval', style: 'primary' }],
        form: {
          event: 'soa.revisit',
          title: 'Revisit controls',
          fields: [
            {
              id: 'controls',
              type: 'multiselect',
              source: 'controls',
              label: 'Controls to revisit',
              required: true,
              example: 'A.5.1',
            },
          ],
        },
      } satisfies StepMeta,
      on: {
        'soa.send': { target: 'summarizing' },
        'soa.revisit': { target: 'loading', actions: assign({ problems: null }) },
      },
    },
    loading: {
      tags: ['busy'],
      meta: { title: 'Loading the controls…', index: 1, of: STEPS, busy: true } satisfies StepMeta,
      invoke: {
        id: 'loadControls',
        src: 'loadControls',
        input: ({ context, event }) => {
          const picked = 'values' in event ? event.values.controls : [];
          return { teamId: context.teamId, controls: Array.isArray(picked) ? picked : [] };
        },
        onDone: {
          target: 'next',
          actions: assign({
            queue: ({ event }) => (Array.isArray(event.output) ? event.output : []),
            pos: 0,
          }),
        },
        onError: {
          target: 'ready',
          actions: assign({ problems: ({ event }) => errorText(event.error) }),
        },
      },
    },
    summarizing: {
      tags: ['busy'],
      meta: {
        title: 'Checking the SoA and what changed…',
        index: 2,
        of: STEPS,
        busy: true,
      } satisfies StepMeta,
      invoke: {
        id: 'summarize',
        src: 'summarize',
        input: ({ context }) => ({ teamId: context.teamId }),
        onDone: {
          target: 'approval',
          actions: [
            'clearNotes',
            assign({ changes: ({ event }) => (typeof event.output === 'string' ? event.output : null) }),
          ],
        },
        // Rows that do not hold up (e.g. an excluded control a new risk now picks) go back to the owner.
        onError: {
          target: 'ready',
          actions: assign({ problems: ({ event }) => errorText(event.error) }),
        },
      },
    },
    approval: {
      meta: {
        title: 'Statement of Applicability: approval',
        clause: '6.1.3 d',
        index: 3,
        of: STEPS,
        description:
          'Top management approves the SoA as it stands (the ISMS owner while nobody holds that role); it becomes a new version, kept as evidence.',
        to: { role: 'management', fallback: 'owner' },
        where: 'dm',
        private: true,
        display: [{ key: 'changes', label: 'What changed against the last approved version', as: 'code' }],
        choices: [
          { event: 'soa.approve', label: 'Approve the SoA', style: 'primary' },
          {
            event: 'soa.reject',
            label: 'Request changes',
            form: {
              title: 'Request changes',
              fields: [
                {
                  id: 'reason',
                  type: 'longtext',
                  label: 'What should change?',
                  required: true,
                  minLength: 5,
                  maxLength: 1000,
                },
              ],
            },
          },
        ],
      } satisfies StepMeta,
      entry: ['scheduleReminder', 'scheduleEscalation'],
      exit: ['stopReminder', 'stopEscalation'],
      on: {
        'soa.approve': { target: 'approved' },
        'soa.reject': { target: 'ready', actions: 'recordRejection' },
        'soa.remind': { actions: 'remind' },
        'soa.escalate': { actions: 'escalate' },
      },
    },
    approved: {
      type: 'final',
      entry: 'announceApproval',
      meta: {
        title: 'Statement of Applicability approved',
        clause: '6.1.3 d',
        index: 3,
        of: STEPS,
        description: 'The approved version is kept as evidence: `/isms soa review show` shows it.',
      } satisfies StepMeta,
    },
  },
});

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
