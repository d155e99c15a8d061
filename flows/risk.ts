/**
 * One risk, from identification to an accepted residual risk and on through its re-reviews (6.1.2,
 * 6.1.3, 8.2, 8.3): identify (assets, threat and vulnerability or a scenario), analyse (likelihood,
 * impact, risk owner), evaluate (level and criteria), treat (option, Annex A controls, actions), rate
 * the residual risk, then acceptance by the risk owner by DM, followed by top management's when the
 * criteria say so. A level nobody may accept, or a decline, goes back to treatment. An acceptance is
 * re-reviewed before it expires; a re-assessment that changes the residual rating asks again.
 * Pure: the binding stores what it emits (`risk.asset.create`, `risk.assessed`, `risk.decided`)
 * through the risk domain verbs, and the runtime enforces who may act (`meta.to`).
 */
import { assign, emit, fromPromise, setup } from 'xstate';
import type { EventActor, FieldSpec, FormValues, StepMeta } from '../src/domain/flow-meta.ts';
import {
  type PlannedAction,
  type RiskTexts,
  ratingOf,
  reviewOn,
  riskTexts,
} from '../src/domain/risk/flow-text.ts';
import { riskLevel } from '../src/domain/risk/level.ts';
import type { RiskMethod } from '../src/domain/risk/method.ts';

/** What an acceptance in force was decided on (the residual rating frozen, as the domain keeps it). */
export interface AcceptedResidual {
  readonly likelihood: number;
  readonly impact: number;
  readonly expiresOn: string;
  readonly reviewOn: string;
}

export interface RiskFlowInput {
  /** `R-007`: the instance's subject and the risk's id in the register. */
  readonly ref: string;
  readonly method: RiskMethod;
  /** A re-assessment of a stored risk starts from its current answers. */
  readonly answers?: FormValues | undefined;
  readonly accepted?: AcceptedResidual | null | undefined;
}

export interface RiskContext {
  ref: string;
  method: RiskMethod;
  answers: FormValues;
  /** The person the acceptance step is addressed to (`meta.to: { person: 'riskOwner' }`). */
  riskOwner: string | null;
  /** Assets created from this flow (by name; the risk names them when it is stored). */
  newAssets: string[];
  /** Treatment actions planned in this round, stored with the assessment. */
  actions: PlannedAction[];
  /** Actions stored with earlier assessments of this run, still shown to the deciders. */
  storedActions: PlannedAction[];
  accepted: AcceptedResidual | null;
  /** Why the flow is here again: a decline, a level that must be treated, a re-review. */
  notice: string | null;
  /** Decisions taken in this round, as shown to the next decider. */
  decisions: string[];
  askedBy: string | null;
  /** Threats and controls the catalogue suggests for what was typed (the binding's `suggest`). */
  suggestions: Suggestions;
  view: RiskTexts & {
    notice: string;
    decisions: string;
    acceptance: string;
    threats: string;
    controls: string;
  };
}

/** Lines such as `T-07 Ransomware` and `A.8.13 Information backup`, best first. */
export interface Suggestions {
  readonly threats: readonly string[];
  readonly controls: readonly string[];
}
const NO_SUGGESTIONS: Suggestions = { threats: [], controls: [] };

type Values = { values: FormValues; actor: EventActor };
export type RiskEvent =
  | ({ type: 'risk.identify.submit' } & Values)
  | ({ type: 'risk.asset.add' } & Values)
  | ({ type: 'risk.analyse.submit' } & Values)
  | { type: 'risk.evaluate.confirm'; actor: EventActor }
  | { type: 'risk.evaluate.revise'; actor: EventActor }
  | ({ type: 'risk.treat.submit' } & Values)
  | ({ type: 'risk.action.add' } & Values)
  | { type: 'risk.actions.done'; actor: EventActor }
  | ({ type: 'risk.residual.submit' } & Values)
  | ({ type: 'risk.accept' } & Values)
  | ({ type: 'risk.decline' } & Values)
  | { type: 'risk.reassess'; actor: EventActor }
  /** Sent by the scheduler: the decision has waited for the reminder / escalation delay; re-review is due. */
  | { type: 'risk.remind'; actor: EventActor }
  | { type: 'risk.escalate'; actor: EventActor }
  | { type: 'risk.review'; actor: EventActor }
  /**
   * Sent by the runtime when the latest decision (an acceptance or a decline) is superseded as taken by
   * mistake (`/isms flows correct`): `step` is where it was taken, and that step is asked again.
   */
  | ({ type: 'risk.accept.superseded' | 'risk.decline.superseded' } & Correction);

/** What the runtime says about a superseded decision. */
export interface Correction {
  readonly step?: string;
  readonly decidedBy?: string;
  readonly reason?: string;
  readonly actor: EventActor;
}

/** What the binding stores: risk input as `createRisk`/`reassessRisk` take it. */
export interface RiskAssessed {
  readonly type: 'risk.assessed';
  readonly ref: string;
  readonly input: Record<string, unknown>;
  readonly actor: EventActor;
}
export interface RiskDecided {
  readonly type: 'risk.decided';
  readonly ref: string;
  readonly decision: 'accepted' | 'declined';
  readonly justification: string;
  readonly expiresOn: string | null;
  readonly actor: EventActor;
}
export interface RiskAssetCreate {
  readonly type: 'risk.asset.create';
  readonly values: FormValues;
  readonly actor: EventActor;
}
/** The decision in force is withdrawn (the binding stores a `superseded` acceptance row). */
export interface RiskSuperseded {
  readonly type: 'risk.superseded';
  readonly ref: string;
  readonly decision: 'accepted' | 'declined';
  readonly decidedBy: string;
  readonly reason: string;
  readonly actor: EventActor;
}
export type RiskEmitted = RiskAssessed | RiskDecided | RiskAssetCreate | RiskSuperseded;

type RuntimeEmitted =
  | {
      type: 'runtime.schedule';
      key: string;
      event: { type: string };
      after?: { setting: string };
      at?: string;
    }
  | { type: 'runtime.unschedule'; key: string }
  | { type: 'runtime.notify'; key: string; kind: 'reminder' | 'escalation' };

const STEPS = 7;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const valuesOf = (e: RiskEvent): FormValues => ('values' in e ? e.values : {});

const CIA = [1, 2, 3].map((v) => ({ value: String(v), label: `${v} ${['low', 'medium', 'high'][v - 1]}` }));
const ASSET_FIELDS: readonly FieldSpec[] = [
  { id: 'name', type: 'text', label: 'Asset name', required: true, maxLength: 120, example: 'Customer DB' },
  {
    id: 'type',
    type: 'select',
    label: 'Type',
    required: true,
    options: ['information', 'software', 'hardware', 'service', 'people', 'site', 'other'].map((t) => ({
      value: t,
      label: t,
    })),
  },
  { id: 'ownerId', type: 'user', label: 'Asset owner', required: true, example: 'UOWNER' },
  { id: 'location', type: 'text', label: 'System or location', required: false, maxLength: 200 },
  { id: 'confidentiality', type: 'select', label: 'Confidentiality', required: true, options: CIA },
  { id: 'integrity', type: 'select', label: 'Integrity', required: true, options: CIA },
  { id: 'availability', type: 'select', label: 'Availability', required: true, options: CIA },
];

const DECISION = {
  accept: {
    title: 'Accept the residual risk',
    submitLabel: 'Accept',
    fields: [
      {
        id: 'justification',
        type: 'longtext',
        label: 'Why is this residual risk acceptable?',
        required: true,
        minLength: 10,
        maxLength: 2000,
        example: 'The remaining risk is low against the cost of further controls.',
      },
      {
        id: 'expiresOn',
        type: 'date',
        label: 'Acceptance expires on',
        hint: 'Within the longest acceptance the criteria allow; it is re-reviewed before then.',
        required: true,
        checks: ['date.notPast'],
        example: '2027-01-31',
      },
      {
        id: 'confirm',
        type: 'select',
        label: 'Confirm',
        required: true,
        options: [{ value: 'yes', label: 'I accept this residual risk for the organisation' }],
      },
    ],
  },
  decline: {
    title: 'Decline: treat further',
    submitLabel: 'Decline',
    fields: [
      {
        id: 'justification',
        type: 'longtext',
        label: 'Why not, and what should change?',
        required: true,
        minLength: 10,
        maxLength: 2000,
        example: 'Too high for a customer-facing system: add monitoring first.',
      },
    ],
  },
} as const satisfies Record<string, { title: string; submitLabel: string; fields: readonly FieldSpec[] }>;

const ACCEPTANCE_CHOICES: StepMeta['choices'] = [
  { event: 'risk.accept', label: 'Accept', style: 'primary', form: DECISION.accept },
  { event: 'risk.decline', label: 'Decline', style: 'danger', form: DECISION.decline },
];

const ACCEPTANCE_DISPLAY: StepMeta['display'] = [
  { key: 'view.notice', label: 'Why you are asked again', as: 'mrkdwn' },
  { key: 'view.identified', label: 'The risk', as: 'mrkdwn' },
  { key: 'view.inherent', label: 'Inherent level', as: 'mrkdwn' },
  { key: 'view.treatment', label: 'Treatment', as: 'mrkdwn' },
  { key: 'view.actions', label: 'Treatment actions planned', as: 'mrkdwn' },
  { key: 'view.residual', label: 'Residual level', as: 'mrkdwn' },
  { key: 'view.residualCriteria', label: 'Acceptance criteria', as: 'mrkdwn' },
  { key: 'view.decisions', label: 'Decisions so far', as: 'mrkdwn' },
];

function describe(c: Omit<RiskContext, 'view'>): RiskContext['view'] {
  return {
    ...riskTexts(c.method, c.answers, c.newAssets, [...c.storedActions, ...c.actions]),
    notice: c.notice ?? '',
    decisions: c.decisions.join('\n'),
    acceptance: c.accepted
      ? `Accepted until ${c.accepted.expiresOn}; re-review due ${c.accepted.reviewOn}.`
      : '',
    threats: c.suggestions.threats.map((t) => `• ${t.replace(/[<>&]/g, '')}`).join('\n'),
    controls: c.suggestions.controls.map((t) => `• ${t.replace(/[<>&]/g, '')}`).join('\n'),
  };
}

const residualLevel = (method: RiskMethod, values: FormValues) => {
  const r = ratingOf(method, values, 'residual');
  return r ? riskLevel(method, r) : undefined;
};

export const riskMachine = setup({
  types: {
    context: {} as RiskContext,
    events: {} as RiskEvent,
    input: {} as RiskFlowInput,
    emitted: {} as RiskEmitted | RuntimeEmitted,
  },
  actors: {
    // The binding suggests from the threat catalogue; without it, nothing is suggested.
    suggest: fromPromise<Suggestions, { text: string }>(async () => NO_SUGGESTIONS),
  },
  guards: {
    // About the data, not about people: who may act is the runtime's rule (meta.to).
    mustBeTreated: ({ context, event }) =>
      residualLevel(context.method, { ...context.answers, ...valuesOf(event) })?.acceptance.by === 'none',
    acceptanceStillHolds: ({ context, event }) => {
      const r = ratingOf(context.method, { ...context.answers, ...valuesOf(event) }, 'residual');
      const a = context.accepted;
      return !!a && !!r && a.likelihood === r.likelihood && a.impact === r.impact;
    },
    needsManagement: ({ context }) =>
      residualLevel(context.method, context.answers)?.acceptance.by === 'management',
    /** The superseded decision was top management's: management is asked again. */
    managementDecided: ({ event }) => 'step' in event && event.step === 'managementAcceptance',
  },
  actions: {
    record: assign(({ context, event }) => {
      const answers = { ...context.answers, ...valuesOf(event) };
      return { answers, riskOwner: str(answers.ownerId) || context.riskOwner };
    }),
    addAsset: assign({
      newAssets: ({ context, event }) => [...context.newAssets, str(valuesOf(event).name)],
    }),
    createAsset: emit(({ event }) => ({
      type: 'risk.asset.create' as const,
      values: valuesOf(event),
      actor: (event as Extract<RiskEvent, { type: 'risk.asset.add' }>).actor,
    })),
    addAction: assign({
      actions: ({ context, event }) => {
        const v = valuesOf(event);
        return [...context.actions, { title: str(v.title), ownerId: str(v.ownerId), dueOn: str(v.dueOn) }];
      },
    }),
    assess: emit(({ context, event }) => {
      const a = context.answers;
      const threat = str(a.threat) || null;
      const vulnerability = str(a.vulnerability) || null;
      // A scenario in plain words, or else the threat exploiting the vulnerability (checked on submit).
      const scenario =
        str(a.scenario) || (threat && vulnerability ? `${threat}, exploiting: ${vulnerability}` : '');
      const assets = [...(Array.isArray(a.assets) ? a.assets : []), ...context.newAssets];
      return {
        type: 'risk.assessed' as const,
        ref: context.ref,
        input: {
          title: str(a.title) || null,
          scenario,
          threat,
          vulnerability,
          assets: [...new Set(assets)],
          ownerId: str(a.ownerId),
          likelihood: a.likelihood,
          impact: a.impact,
          treatment: str(a.treatment) || null,
          controls: Array.isArray(a.controls) ? a.controls : [],
          treatmentPlan: str(a.treatmentPlan) || null,
          residualLikelihood: a.residualLikelihood,
          residualImpact: a.residualImpact,
          actions: context.actions,
        },
        actor: (event as Extract<RiskEvent, { type: 'risk.residual.submit' }>).actor,
      };
    }),
    assessed: assign(({ context, event }) => ({
      storedActions: [...context.storedActions, ...context.actions],
      actions: [],
      newAssets: [],
      decisions: [],
      askedBy: 'actor' in event ? event.actor.userId : null,
    })),
    decide: emit(({ context, event }) => {
      const e = event as Extract<RiskEvent, { type: 'risk.accept' | 'risk.decline' }>;
      return {
        type: 'risk.decided' as const,
        ref: context.ref,
        decision: e.type === 'risk.accept' ? ('accepted' as const) : ('declined' as const),
        justification: str(e.values.justification),
        expiresOn: e.type === 'risk.accept' ? str(e.values.expiresOn) : null,
        actor: e.actor,
      };
    }),
    noteDecision: assign({
      decisions: ({ context, event }) => {
        const e = event as Extract<RiskEvent, { type: 'risk.accept' | 'risk.decline' }>;
        const what = e.type === 'risk.accept' ? `Accepted until ${str(e.values.expiresOn)}` : 'Declined';
        const why = str(e.values.justification).replace(/[<>&]/g, '');
        return [...context.decisions, `${what} by <@${e.actor.userId}>: ${why}`];
      },
    }),
    noteDeclined: assign({
      notice: ({ event }) => {
        const e = event as Extract<RiskEvent, { type: 'risk.decline' }>;
        return `Declined by <@${e.actor.userId}>: ${str(e.values.justification).replace(/[<>&]/g, '')}. Change the treatment, then rate the residual risk again.`;
      },
    }),
    noteMustTreat: assign({
      notice: ({ context }) => {
        const level = residualLevel(context.method, context.answers);
        return `The residual level ${level?.name ?? ''} may not be accepted by anyone: treat this risk further.`;
      },
    }),
    noteReview: assign({
      notice: ({ context }) =>
        `Re-review: the acceptance in force expires on ${context.accepted?.expiresOn ?? 'its expiry day'}. Accept again (with a new expiry) or decline.`,
    }),
    noteReassess: assign({
      notice: () => 'Re-assessment: a new version of this risk; the current one stays in its history.',
      actions: () => [],
      storedActions: () => [],
    }),
    clearNotice: assign({ notice: null }),
    supersede: emit(({ context, event }) => {
      const e = event as Extract<RiskEvent, { type: 'risk.accept.superseded' | 'risk.decline.superseded' }>;
      return {
        type: 'risk.superseded' as const,
        ref: context.ref,
        decision: e.type === 'risk.accept.superseded' ? ('accepted' as const) : ('declined' as const),
        decidedBy: str(e.decidedBy),
        reason: str(e.reason),
        actor: e.actor,
      };
    }),
    noteSuperseded: assign(({ context, event }) => {
      const e = event as Extract<RiskEvent, { type: 'risk.accept.superseded' | 'risk.decline.superseded' }>;
      const why = str(e.reason).replace(/[<>&]/g, '');
      const what = e.type === 'risk.accept.superseded' ? 'acceptance' : 'decline';
      return {
        // Asked again from scratch: an acceptance withdrawn is not one a re-assessment may keep.
        accepted: null,
        notice: `Asked again: <@${e.actor.userId}> superseded the ${what} by <@${str(e.decidedBy)}> as taken by mistake: ${why}`,
        decisions: [...context.decisions, `Superseded by <@${e.actor.userId}>: ${why}`],
      };
    }),
    recordAcceptance: assign({
      accepted: ({ context, event }) => {
        const e = event as Extract<RiskEvent, { type: 'risk.accept' }>;
        const r = ratingOf(context.method, context.answers, 'residual');
        const expiresOn = str(e.values.expiresOn);
        return r ? { ...r, expiresOn, reviewOn: reviewOn(expiresOn, e.actor.at) } : context.accepted;
      },
      notice: null,
    }),
    describe: assign({ view: ({ context }) => describe(context) }),
    scheduleReminder: emit({
      type: 'runtime.schedule',
      key: 'acceptance.remind',
      event: { type: 'risk.remind' },
      after: { setting: 'acceptanceReminderDays' },
    } as const),
    scheduleEscalation: emit({
      type: 'runtime.schedule',
      key: 'acceptance.escalate',
      event: { type: 'risk.escalate' },
      after: { setting: 'acceptanceEscalationDays' },
    } as const),
    stopReminder: emit({ type: 'runtime.unschedule', key: 'acceptance.remind' } as const),
    stopEscalation: emit({ type: 'runtime.unschedule', key: 'acceptance.escalate' } as const),
    remind: emit({ type: 'runtime.notify', key: 'acceptance.remind', kind: 'reminder' } as const),
    escalate: emit({ type: 'runtime.notify', key: 'acceptance.escalate', kind: 'escalation' } as const),
    scheduleReview: emit(({ context }) => ({
      type: 'runtime.schedule' as const,
      key: 'acceptance.review',
      event: { type: 'risk.review' },
      at: `${context.accepted?.reviewOn ?? '9999-12-31'}T09:00:00.000Z`,
    })),
    stopReview: emit({ type: 'runtime.unschedule', key: 'acceptance.review' } as const),
  },
}).createMachine({
  id: 'risk',
  initial: 'identify',
  context: ({ input }) => {
    const base = {
      ref: input.ref,
      method: input.method,
      answers: { ...(input.answers ?? {}) },
      riskOwner: str(input.answers?.ownerId) || null,
      newAssets: [],
      actions: [],
      storedActions: [],
      accepted: input.accepted ?? null,
      notice: input.answers
        ? 'Re-assessment: a new version of this risk; the current one stays in its history.'
        : null,
      decisions: [],
      askedBy: null,
      suggestions: NO_SUGGESTIONS,
    };
    return { ...base, view: describe(base) };
  },
  states: {
    identify: {
      meta: {
        title: 'Identify the risk',
        clause: '6.1.2 c',
        index: 1,
        of: STEPS,
        description:
          'What could happen, to which assets? Give a threat and the vulnerability it would exploit, or describe the scenario in plain words. An asset not in the inventory yet can be added here.',
        display: [
          { key: 'view.notice', label: 'Note', as: 'mrkdwn' },
          { key: 'view.identified', label: 'So far', as: 'mrkdwn' },
        ],
        form: {
          event: 'risk.identify.submit',
          title: 'Identify the risk',
          fields: [
            { id: 'title', type: 'text', label: 'Short title', required: false, maxLength: 120 },
            {
              id: 'assets',
              type: 'multiselect',
              label: 'Assets affected',
              hint: 'From the asset inventory (A.5.9); add a missing one with "Add an asset" first.',
              required: false,
              source: 'assets',
            },
            {
              id: 'threat',
              type: 'text',
              label: 'Threat',
              hint: 'What could cause harm, e.g. "Ransomware delivered by phishing"',
              required: false,
              maxLength: 500,
            },
            {
              id: 'vulnerability',
              type: 'text',
              label: 'Vulnerability',
              hint: 'The weakness it would exploit, e.g. "No offline backups of the customer database"',
              required: false,
              maxLength: 500,
            },
            {
              id: 'scenario',
              type: 'longtext',
              label: 'Scenario in plain words',
              hint: 'Needed unless both a threat and a vulnerability are given.',
              required: false,
              maxLength: 2000,
              example: 'An attacker encrypts the customer database and we cannot restore it for days.',
            },
          ],
        },
        choices: [
          {
            event: 'risk.asset.add',
            label: 'Add an asset',
            form: { title: 'Add an asset', fields: ASSET_FIELDS },
          },
        ],
      } satisfies StepMeta,
      on: {
        'risk.identify.submit': { target: 'suggesting', actions: ['record', 'describe'] },
        'risk.asset.add': { actions: ['createAsset', 'addAsset', 'describe'] },
      },
    },
    suggesting: {
      tags: ['busy'],
      meta: {
        title: 'Looking up threats and controls for this risk…',
        clause: '6.1.2 c',
        index: 1,
        of: STEPS,
        busy: true,
      } satisfies StepMeta,
      invoke: {
        id: 'suggest',
        src: 'suggest',
        input: ({ context }) => ({
          text: ['title', 'threat', 'vulnerability', 'scenario']
            .map((k) => str(context.answers[k]))
            .join('. '),
        }),
        onDone: {
          target: 'analyse',
          actions: [
            assign({
              suggestions: ({ event }) => {
                const o = event.output as Partial<Suggestions> | null;
                const lines = (v: unknown) =>
                  Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
                return { threats: lines(o?.threats), controls: lines(o?.controls) };
              },
            }),
            'describe',
          ],
        },
        // Suggestions are a help, not a step: without them the flow goes on.
        onError: { target: 'analyse' },
      },
    },
    analyse: {
      meta: {
        title: 'Analyse: likelihood, impact and owner',
        clause: '6.1.2 d',
        index: 2,
        of: STEPS,
        description:
          'How likely is it, and how bad would it be, before any new treatment? Each level of your method is described below. The risk owner is the person accountable for it, who will be asked to accept it.',
        display: [
          { key: 'view.identified', label: 'The risk', as: 'mrkdwn' },
          { key: 'view.threats', label: 'Threats in the catalogue like this one', as: 'mrkdwn' },
          { key: 'view.scales', label: 'Your scales', as: 'mrkdwn' },
        ],
        form: {
          event: 'risk.analyse.submit',
          title: 'Analyse the risk',
          fields: [
            {
              id: 'likelihood',
              type: 'select',
              label: 'Likelihood',
              required: true,
              source: 'likelihood',
              example: '3',
            },
            { id: 'impact', type: 'select', label: 'Impact', required: true, source: 'impact', example: '3' },
            { id: 'ownerId', type: 'user', label: 'Risk owner', required: true, example: 'URISKOWNER' },
          ],
        },
      } satisfies StepMeta,
      on: { 'risk.analyse.submit': { target: 'evaluate', actions: ['record', 'describe'] } },
    },
    evaluate: {
      meta: {
        title: 'Evaluate against the criteria',
        clause: '6.1.2 e',
        index: 3,
        of: STEPS,
        description: 'The level of the risk on your matrix, and what your criteria say about it.',
        display: [
          { key: 'view.identified', label: 'The risk', as: 'mrkdwn' },
          { key: 'view.inherent', label: 'Inherent level', as: 'mrkdwn' },
          { key: 'view.criteria', label: 'Criteria', as: 'mrkdwn' },
        ],
        choices: [
          { event: 'risk.evaluate.confirm', label: 'Decide the treatment', style: 'primary' },
          { event: 'risk.evaluate.revise', label: 'Change the rating' },
        ],
      } satisfies StepMeta,
      on: {
        'risk.evaluate.confirm': { target: 'treat' },
        'risk.evaluate.revise': { target: 'analyse' },
      },
    },
    treat: {
      meta: {
        title: 'Treat the risk',
        clause: '6.1.3 a–c',
        index: 4,
        of: STEPS,
        description:
          'Modify it with controls, retain it, avoid it (stop the activity) or share it (insurance, a supplier). Controls picked here are linked to the risk in the Statement of Applicability.',
        display: [
          { key: 'view.notice', label: 'Note', as: 'mrkdwn' },
          { key: 'view.inherent', label: 'Inherent level', as: 'mrkdwn' },
          { key: 'view.criteria', label: 'Criteria', as: 'mrkdwn' },
          { key: 'view.treatment', label: 'Treatment so far', as: 'mrkdwn' },
          { key: 'view.controls', label: 'Controls that treat threats like this', as: 'mrkdwn' },
        ],
        form: {
          event: 'risk.treat.submit',
          title: 'Treat the risk',
          fields: [
            {
              id: 'treatment',
              type: 'select',
              label: 'Treatment option',
              required: true,
              options: [
                { value: 'modify', label: 'Modify: apply controls' },
                { value: 'retain', label: 'Retain: keep it as it is' },
                { value: 'avoid', label: 'Avoid: stop the activity' },
                { value: 'share', label: 'Share: insurance or a supplier' },
              ],
            },
            {
              id: 'controls',
              type: 'multiselect',
              label: 'Annex A controls',
              hint: 'Search by id or words (A.8.13, backup, encryption); needed to modify the risk.',
              required: false,
              source: 'controls',
              example: 'A.8.13',
            },
            {
              id: 'treatmentPlan',
              type: 'longtext',
              label: 'Treatment plan',
              required: false,
              maxLength: 2000,
            },
          ],
        },
      } satisfies StepMeta,
      on: {
        'risk.treat.submit': { target: 'actions', actions: ['record', 'describe'] },
        'risk.decline.superseded': [
          {
            guard: 'managementDecided',
            target: 'managementAcceptance',
            actions: ['supersede', 'noteSuperseded', 'describe'],
          },
          { target: 'ownerAcceptance', actions: ['supersede', 'noteSuperseded', 'describe'] },
        ],
      },
    },
    actions: {
      meta: {
        title: 'Treatment actions',
        clause: '6.1.3 e',
        index: 5,
        of: STEPS,
        description:
          'Who does what by when to put the treatment in place. Add as many as needed, then go on to the residual risk.',
        display: [
          { key: 'view.treatment', label: 'Treatment', as: 'mrkdwn' },
          { key: 'view.actions', label: 'Actions added', as: 'mrkdwn' },
        ],
        form: {
          event: 'risk.action.add',
          title: 'Treatment action',
          submitLabel: 'Add an action',
          fields: [
            {
              id: 'title',
              type: 'text',
              label: 'Action',
              required: true,
              maxLength: 200,
              example: 'Set up offline backups',
            },
            { id: 'ownerId', type: 'user', label: 'Action owner', required: true, example: 'UACTIONOWNER' },
            {
              id: 'dueOn',
              type: 'date',
              label: 'Due date',
              required: true,
              checks: ['date.notPast'],
              example: '2027-01-15',
            },
          ],
        },
        choices: [{ event: 'risk.actions.done', label: 'Continue to the residual risk', style: 'primary' }],
      } satisfies StepMeta,
      on: {
        'risk.action.add': { actions: ['addAction', 'describe'] },
        'risk.actions.done': { target: 'residual' },
      },
    },
    residual: {
      meta: {
        title: 'Residual risk',
        clause: '6.1.3',
        index: 6,
        of: STEPS,
        description: 'How likely and how bad once the treatment is in place?',
        display: [
          { key: 'view.inherent', label: 'Inherent level', as: 'mrkdwn' },
          { key: 'view.treatment', label: 'Treatment', as: 'mrkdwn' },
          { key: 'view.actions', label: 'Actions', as: 'mrkdwn' },
          { key: 'view.scales', label: 'Your scales', as: 'mrkdwn' },
        ],
        form: {
          event: 'risk.residual.submit',
          title: 'Residual risk',
          fields: [
            {
              id: 'residualLikelihood',
              type: 'select',
              label: 'Residual likelihood',
              required: true,
              source: 'likelihood',
              example: '2',
            },
            {
              id: 'residualImpact',
              type: 'select',
              label: 'Residual impact',
              required: true,
              source: 'impact',
              example: '2',
            },
          ],
        },
      } satisfies StepMeta,
      on: {
        'risk.residual.submit': [
          {
            guard: 'mustBeTreated',
            target: 'treat',
            actions: ['record', 'assess', 'assessed', 'noteMustTreat', 'describe'],
          },
          {
            // A re-assessment that leaves the accepted residual rating as it was keeps the acceptance.
            guard: 'acceptanceStillHolds',
            target: 'accepted',
            actions: ['record', 'assess', 'assessed', 'clearNotice', 'describe'],
          },
          { target: 'ownerAcceptance', actions: ['record', 'assess', 'assessed', 'clearNotice', 'describe'] },
        ],
      },
    },
    ownerAcceptance: {
      meta: {
        title: 'Acceptance by the risk owner',
        clause: '6.1.3 f',
        index: 7,
        of: STEPS,
        description:
          'As risk owner, do you accept the residual risk below? Accepting needs a justification and an expiry; declining sends it back to treatment with your reason.',
        to: { person: 'riskOwner' },
        where: 'dm',
        display: ACCEPTANCE_DISPLAY,
        choices: ACCEPTANCE_CHOICES,
      } satisfies StepMeta,
      entry: ['scheduleReminder', 'scheduleEscalation'],
      exit: ['stopReminder', 'stopEscalation'],
      on: {
        'risk.accept': [
          {
            guard: 'needsManagement',
            target: 'managementAcceptance',
            actions: ['decide', 'noteDecision', 'describe'],
          },
          { target: 'accepted', actions: ['decide', 'noteDecision', 'recordAcceptance', 'describe'] },
        ],
        'risk.decline': { target: 'treat', actions: ['decide', 'noteDeclined', 'describe'] },
        'risk.remind': { actions: 'remind' },
        'risk.escalate': { actions: 'escalate' },
        // The acceptance this re-review is about was a mistake: the owner, already asked, is told why.
        'risk.accept.superseded': { actions: ['supersede', 'noteSuperseded', 'describe'] },
      },
    },
    managementAcceptance: {
      meta: {
        title: 'Acceptance by top management',
        clause: '6.1.3 f',
        index: 7,
        of: STEPS,
        description:
          "The criteria say this residual level needs top management's acceptance after the risk owner's. The first decision counts.",
        to: { role: 'management', fallback: 'owner' },
        where: 'dm',
        display: ACCEPTANCE_DISPLAY,
        choices: ACCEPTANCE_CHOICES,
      } satisfies StepMeta,
      entry: ['scheduleReminder', 'scheduleEscalation'],
      exit: ['stopReminder', 'stopEscalation'],
      on: {
        'risk.accept': {
          target: 'accepted',
          actions: ['decide', 'noteDecision', 'recordAcceptance', 'describe'],
        },
        'risk.decline': { target: 'treat', actions: ['decide', 'noteDeclined', 'describe'] },
        'risk.remind': { actions: 'remind' },
        'risk.escalate': { actions: 'escalate' },
        'risk.accept.superseded': {
          target: 'ownerAcceptance',
          actions: ['supersede', 'noteSuperseded', 'describe'],
        },
      },
    },
    accepted: {
      meta: {
        title: 'Residual risk accepted',
        clause: '8.3',
        index: 7,
        of: STEPS,
        description:
          'The acceptance is evidence, with the residual rating frozen. The risk owner is asked to re-review it before it expires; a re-assessment is a new version.',
        display: [
          { key: 'view.identified', label: 'The risk', as: 'mrkdwn' },
          { key: 'view.residual', label: 'Residual level', as: 'mrkdwn' },
          { key: 'view.acceptance', label: 'Acceptance', as: 'mrkdwn' },
          { key: 'view.decisions', label: 'Decisions', as: 'mrkdwn' },
        ],
        choices: [{ event: 'risk.reassess', label: 'Re-assess' }],
      } satisfies StepMeta,
      entry: 'scheduleReview',
      // Not on exit: the review event leaves this state itself, and its row is the scheduler's to close.
      on: {
        'risk.review': { target: 'ownerAcceptance', actions: ['noteReview', 'describe'] },
        'risk.reassess': { target: 'identify', actions: ['stopReview', 'noteReassess', 'describe'] },
        'risk.accept.superseded': [
          {
            guard: 'managementDecided',
            target: 'managementAcceptance',
            actions: ['stopReview', 'supersede', 'noteSuperseded', 'describe'],
          },
          { target: 'ownerAcceptance', actions: ['stopReview', 'supersede', 'noteSuperseded', 'describe'] },
        ],
      },
    },
  },
});
