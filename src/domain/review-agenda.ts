/**
 * The agenda of a management review: the inputs 9.3.2 asks top management to consider (a–g, d in four
 * parts), in our own words, and which of them isms-bot fills from data; who answers which (from the
 * review's plan) and where each stands. Pure: flows/ imports it.
 */
import type { FormValues } from './flow-meta.ts';

export type InputKey = 'a' | 'b' | 'c' | 'd1' | 'd2' | 'd3' | 'd4' | 'e' | 'f' | 'g';

export interface ReviewInput {
  readonly key: InputKey;
  readonly title: string;
  readonly clause: string;
  /** Plain text filled from live data, or a sentence saying what isms-bot cannot know. */
  readonly prefilled: string;
  /** True when the text comes from data (to confirm); false when a person must write it. */
  readonly known: boolean;
}

/** Our short titles for the 9.3.2 inputs (in our own words). */
export const INPUTS: readonly { key: InputKey; title: string; clause: string }[] = [
  { key: 'a', title: 'Status of actions from previous management reviews', clause: '9.3.2 a)' },
  { key: 'b', title: 'Changes in external and internal issues', clause: '9.3.2 b)' },
  { key: 'c', title: "Changes in interested parties' needs and expectations", clause: '9.3.2 c)' },
  { key: 'd1', title: 'Nonconformities and corrective actions', clause: '9.3.2 d) 1)' },
  { key: 'd2', title: 'Monitoring and measurement results', clause: '9.3.2 d) 2)' },
  { key: 'd3', title: 'Audit results', clause: '9.3.2 d) 3)' },
  { key: 'd4', title: 'Fulfilment of information security objectives', clause: '9.3.2 d) 4)' },
  { key: 'e', title: 'Feedback from interested parties', clause: '9.3.2 e)' },
  { key: 'f', title: 'Results of risk assessment and status of the risk treatment plan', clause: '9.3.2 f)' },
  { key: 'g', title: 'Opportunities for continual improvement', clause: '9.3.2 g)' },
];

/** Who is asked for what: the data inputs are confirmed, the others written. */
export const INPUT_GROUPS = {
  data: ['a', 'b', 'c', 'f'],
  performance: ['d1', 'd2', 'd3', 'd4'],
  feedback: ['e', 'g'],
} as const satisfies Record<string, readonly InputKey[]>;

/** An input as the review carries it: as given by its owner, and its discussion in the meeting. */
export interface AgendaItem extends ReviewInput {
  text?: string | undefined;
  confirmedBy?: string | undefined;
  discussion?: string | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

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
