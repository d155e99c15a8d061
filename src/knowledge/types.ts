/**
 * The contract between the knowledge module and everything that asks it questions
 * (Slack, console, `isms ask`). One `Answerer`, offline or model-backed, chosen once from config.
 */

export interface Source {
  /** `4.3`, `A.8.24`, `ISO/IEC 27002` … (DESIGN.md reference forms). */
  readonly ref: string;
  readonly title: string;
  /** Relevance, higher is better; comparable within one answer only. */
  readonly score: number;
}

/** An earlier exchange of the same conversation, oldest first. */
export interface Turn {
  readonly question: string;
  readonly answer: string;
  readonly refs: readonly string[];
}

export interface Question {
  readonly question: string;
  /** Earlier exchanges: of the thread, or of the DM's recent top-level messages (`inThread: false`). */
  readonly history?: readonly Turn[];
  /**
   * True (the default) when the question is a reply in a thread: a reply that cannot be answered on
   * its own keeps the thread's subject. False for a top-level DM or console line, which is a new
   * question unless it reads as a follow-up.
   */
  readonly inThread?: boolean;
}

export interface Answer {
  readonly question: string;
  /** Markdown-ish text (Slack mrkdwn compatible), without the sources list. */
  readonly answer: string;
  /** False when the bot declines: out of scope, nothing relevant, or only an instruction. */
  readonly answered: boolean;
  /** Best first; empty when declined. */
  readonly sources: readonly Source[];
  /** Which path produced the text. */
  readonly via: 'offline' | 'model' | 'offline-fallback';
}

export interface Answerer {
  answer(q: Question): Promise<Answer>;
}
