/**
 * Management review minutes (9.3): the template draft (used offline, and whenever the model fails) and
 * the record the renderer prints (`MinutesDoc`, agreed with src/exports/minutes.ts). Pure: flows/ and
 * the binding share it; names are resolved by the caller.
 */
import { INPUTS } from './review-agenda.ts';

export interface MinutesInput {
  /** e.g. 'a', 'b', 'c', 'd1', 'd2', 'd3', 'd4', 'e', 'f', 'g' (9.3.2). */
  readonly key: string;
  readonly title: string;
  readonly clause: string;
  /** Markdown-ish plain text the bot filled from live data. */
  readonly prefilled: string;
  /** Display name of the owner who confirmed / completed it. */
  readonly confirmedBy?: string | undefined;
  /** What was noted in the meeting. */
  readonly discussion?: string | undefined;
}
/** 9.3.3 */
export interface MinutesDecision {
  readonly text: string;
  readonly kind: 'improvement' | 'change';
}
export interface MinutesAction {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  /** YYYY-MM-DD */
  readonly due: string;
}
export interface MinutesDoc {
  /** 'MR-2026-01' */
  readonly reviewId: string;
  readonly organisation?: string | undefined;
  /** YYYY-MM-DD of the meeting. */
  readonly date: string;
  readonly chair: string;
  readonly participants: readonly string[];
  readonly inputs: readonly MinutesInput[];
  readonly decisions: readonly MinutesDecision[];
  readonly actions: readonly MinutesAction[];
  /** The drafted / edited minutes text. */
  readonly summary?: string | undefined;
  readonly approvedBy?: string | undefined;
  /** ISO timestamp; absent = draft (the PDF says DRAFT). */
  readonly approvedAt?: string | undefined;
}

/** What the review's context holds that the minutes need (user ids, not yet names). */
export interface ReviewRecord {
  readonly reviewId: string;
  readonly organisation: string | null;
  readonly chair: string | null;
  readonly date: string | null;
  readonly participants: readonly string[];
  readonly agenda: readonly {
    key: string;
    title: string;
    clause: string;
    prefilled: string;
    text?: string | undefined;
    confirmedBy?: string | undefined;
    discussion?: string | undefined;
  }[];
  readonly decisions: readonly MinutesDecision[];
  readonly actions: readonly { ref: string; text: string; owner: string; due: string }[];
}

/** The record as the renderer takes it; `name` turns a user id into a display name. */
export function minutesDoc(
  r: ReviewRecord,
  name: (userId: string) => string,
  extra: { summary?: string; approvedBy?: string; approvedAt?: string } = {},
): MinutesDoc {
  return {
    reviewId: r.reviewId,
    organisation: r.organisation ?? undefined,
    date: r.date ?? '',
    chair: r.chair ? name(r.chair) : '',
    participants: r.participants.map((p) => p.replace(/^@/, '')),
    inputs: INPUTS.map((i) => {
      const a = r.agenda.find((x) => x.key === i.key);
      return {
        key: i.key,
        title: i.title,
        clause: i.clause,
        prefilled: a?.text ?? a?.prefilled ?? '',
        confirmedBy: a?.confirmedBy,
        discussion: a?.discussion,
      };
    }),
    decisions: r.decisions,
    actions: r.actions.map((a) => ({ id: a.ref, text: a.text, owner: name(a.owner), due: a.due })),
    ...extra,
  };
}

/** A plain-text draft of the minutes from the record alone (no model). */
export function templateMinutes(doc: MinutesDoc): string {
  const improvements = doc.decisions.filter((d) => d.kind === 'improvement');
  const changes = doc.decisions.filter((d) => d.kind === 'change');
  const discussed = doc.inputs.filter((i) => i.discussion && i.discussion !== 'No discussion noted.');
  const lines = [
    `Management review ${doc.reviewId}${doc.organisation ? ` of ${doc.organisation}` : ''}, held on ${doc.date}, chaired by ${doc.chair}${
      doc.participants.length ? ` with ${doc.participants.join(', ')}` : ''
    }.`,
    `All ${doc.inputs.length} inputs of 9.3.2 were presented${discussed.length ? `; discussion was noted on ${discussed.map((i) => i.clause).join(', ')}` : ''}.`,
    improvements.length
      ? `Continual improvement: ${improvements.map((d) => d.text).join('; ')}.`
      : 'No decision on continual improvement was taken.',
    changes.length
      ? `Changes to the ISMS: ${changes.map((d) => d.text).join('; ')}.`
      : 'No change to the ISMS was found necessary.',
    doc.actions.length
      ? `Actions: ${doc.actions.map((a) => `${a.id} ${a.text} (${a.owner}, due ${a.due})`).join('; ')}.`
      : 'No action items were decided.',
  ];
  return lines.join('\n');
}
