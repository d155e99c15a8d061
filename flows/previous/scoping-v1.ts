/**
 * Version 1 of scoping, kept so that instances started on it finish on it: the ISMS owner approves
 * in the thread. Delete this file once no active instance has machine_version 1.
 * Pure: the runtime provides `draftStatement` (model or template) and persists every transition.
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import type { FormValues, StepMeta } from '../../src/domain/flow-meta.ts';
import { diffStatements, templateStatement } from '../../src/domain/scope-statement.ts';
import type { PreviousScope, ScopingContext, ScopingEmitted, ScopingEvent } from '../scoping.ts';

const STEPS = 5;
const EXCLUSION = '^.+\\s(—|-|–|:)\\s.+$';

export const scopingMachineV1 = setup({
  types: {
    context: {} as ScopingContext,
    events: {} as ScopingEvent,
    input: {} as { previous: PreviousScope | null },
    emitted: {} as ScopingEmitted,
  },
  actors: {
    draftStatement: fromPromise<string, { answers: FormValues; previous: PreviousScope | null }>(
      async ({ input }) => templateStatement(input.answers),
    ),
  },
  guards: {
    isOwner: ({ event }) => 'actor' in event && event.actor.roles.includes('owner'),
  },
  actions: {
    recordAnswers: assign({
      answers: ({ context, event }) =>
        'values' in event ? { ...context.answers, ...event.values } : context.answers,
    }),
    recordRejection: assign({
      rejection: ({ event }) => (event.type === 'scope.reject' ? String(event.values.reason ?? '') : null),
    }),
    clearRejection: assign({ rejection: null }),
    computeChanges: assign({
      changes: ({ context }) =>
        context.previous
          ? diffStatements(context.previous.statement, String(context.answers.statement ?? ''))
          : null,
    }),
    announceApproval: emit(({ context, event }) => ({
      type: 'scope.approved' as const,
      statement: String(context.answers.statement ?? ''),
      answers: context.answers,
      actor: (event as Extract<ScopingEvent, { type: 'scope.approve' }>).actor,
    })),
  },
}).createMachine({
  id: 'scoping',
  initial: 'issues',
  context: ({ input }) => ({
    // A later run starts from the current approved answers and proposes changes to them.
    answers: input.previous ? { ...input.previous.answers } : {},
    previous: input.previous,
    changes: null,
    rejection: null,
  }),
  states: {
    issues: {
      meta: {
        title: 'Context: external and internal issues',
        clause: '4.1',
        index: 1,
        of: STEPS,
        description:
          'What outside and inside the organisation affects what the ISMS must achieve? Think market, law, customers, technology, culture, resources.',
        form: {
          event: 'scope.issues.submit',
          title: 'Issues (4.1)',
          fields: [
            {
              id: 'external',
              type: 'list',
              label: 'External issues',
              hint: 'One per line, e.g. "Enterprise customers require ISO 27001"',
              required: true,
              maxLength: 300,
            },
            {
              id: 'internal',
              type: 'list',
              label: 'Internal issues',
              hint: 'One per line, e.g. "Small team, no dedicated security staff"',
              required: true,
              maxLength: 300,
            },
          ],
        },
      } satisfies StepMeta,
      on: { 'scope.issues.submit': { target: 'parties', actions: 'recordAnswers' } },
    },
    parties: {
      meta: {
        title: 'Interested parties and their requirements',
        clause: '4.2',
        index: 2,
        of: STEPS,
        description:
          'Who has a stake in your information security, what do they require, and which of those will the ISMS address?',
        form: {
          event: 'scope.parties.submit',
          title: 'Interested parties (4.2)',
          fields: [
            {
              id: 'parties',
              type: 'list',
              label: 'Parties and their requirements',
              hint: 'One per line as "Party: requirement", e.g. "Customers: DPA and 99.9% uptime"',
              required: true,
              pattern: '^[^:]+:\\s*.+$',
              patternMessage: 'Write each line as "Party: requirement".',
              maxLength: 300,
              example: 'Customers: signed DPA and SOC 2 style assurance',
            },
            {
              id: 'addressed',
              type: 'list',
              label: 'Requirements the ISMS addresses',
              hint: 'One per line',
              required: true,
              maxLength: 300,
            },
          ],
        },
      } satisfies StepMeta,
      on: { 'scope.parties.submit': { target: 'boundaries', actions: 'recordAnswers' } },
    },
    boundaries: {
      meta: {
        title: 'Boundaries and applicability',
        clause: '4.3',
        index: 3,
        of: STEPS,
        description:
          'What is inside the ISMS, where it meets the outside world, and what is left out and why.',
        form: {
          event: 'scope.boundaries.submit',
          title: 'Boundaries (4.3)',
          fields: [
            { id: 'organisation', type: 'text', label: 'Organisation name', required: true, maxLength: 120 },
            {
              id: 'units',
              type: 'list',
              label: 'Organisational units in scope',
              hint: 'One per line, e.g. "Engineering"',
              required: true,
              maxLength: 200,
            },
            {
              id: 'locations',
              type: 'list',
              label: 'Locations',
              hint: 'Offices, remote work, data centre or cloud regions',
              required: true,
              maxLength: 200,
            },
            {
              id: 'systems',
              type: 'list',
              label: 'Networks and systems',
              hint: 'e.g. "AWS eu-west-1 production", "Google Workspace"',
              required: true,
              maxLength: 200,
            },
            {
              id: 'information',
              type: 'list',
              label: 'Information in scope',
              hint: 'e.g. "customer data", "source code"',
              required: true,
              maxLength: 200,
            },
            {
              id: 'interfaces',
              type: 'list',
              label: 'Interfaces and dependencies',
              hint: 'Activities outside the scope you rely on or exchange with',
              required: false,
              maxLength: 300,
            },
            {
              id: 'exclusions',
              type: 'list',
              label: 'Exclusions with justification',
              hint: 'One per line as "What — why", e.g. "Office Wi-Fi — no production access"',
              required: false,
              pattern: EXCLUSION,
              patternMessage:
                'Give each exclusion with its justification, e.g. "Office Wi-Fi — no production access".',
              maxLength: 300,
              example: 'Office Wi-Fi — no production access',
            },
          ],
        },
      } satisfies StepMeta,
      on: { 'scope.boundaries.submit': { target: 'drafting', actions: 'recordAnswers' } },
    },
    drafting: {
      tags: ['busy'],
      meta: {
        title: 'Drafting the scope statement…',
        clause: '4.3',
        index: 4,
        of: STEPS,
        busy: true,
      } satisfies StepMeta,
      invoke: {
        id: 'draftStatement',
        src: 'draftStatement',
        input: ({ context }) => ({ answers: context.answers, previous: context.previous }),
        onDone: {
          target: 'review',
          actions: assign({
            answers: ({ context, event }) => ({ ...context.answers, statement: event.output }),
          }),
        },
        onError: {
          target: 'review',
          actions: assign({
            answers: ({ context }) => ({ ...context.answers, statement: templateStatement(context.answers) }),
          }),
        },
      },
    },
    review: {
      meta: {
        title: 'Scope statement: edit',
        clause: '4.3',
        index: 4,
        of: STEPS,
        description: 'The ISMS owner checks and edits the drafted statement.',
        to: { role: 'owner' },
        display: [
          { key: 'answers.statement', label: 'Draft scope statement' },
          { key: 'rejection', label: 'Changes requested' },
        ],
        form: {
          event: 'scope.statement.submit',
          title: 'Scope statement (4.3)',
          fields: [
            {
              id: 'statement',
              type: 'longtext',
              label: 'Scope statement',
              required: true,
              minLength: 40,
              maxLength: 2900,
            },
          ],
        },
      } satisfies StepMeta,
      on: {
        'scope.statement.submit': {
          guard: 'isOwner',
          target: 'approval',
          actions: ['recordAnswers', 'clearRejection', 'computeChanges'],
        },
      },
    },
    approval: {
      meta: {
        title: 'Scope statement: approval',
        clause: '4.4',
        index: 5,
        of: STEPS,
        description: 'The ISMS owner approves the scope; it becomes the first document of the ISMS.',
        to: { role: 'owner' },
        display: [
          { key: 'answers.statement', label: 'Scope statement' },
          { key: 'changes', label: 'Changes against the current version', as: 'code' },
        ],
        choices: [
          { event: 'scope.approve', label: 'Approve scope', style: 'primary' },
          {
            event: 'scope.reject',
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
      on: {
        'scope.approve': { guard: 'isOwner', target: 'approved' },
        'scope.reject': { guard: 'isOwner', target: 'review', actions: 'recordRejection' },
      },
    },
    approved: {
      type: 'final',
      entry: 'announceApproval',
      meta: {
        title: 'Scope approved',
        clause: '4.3',
        index: 5,
        of: STEPS,
        display: [{ key: 'answers.statement', label: 'Approved scope statement' }],
      } satisfies StepMeta,
    },
  },
});
