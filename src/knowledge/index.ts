/**
 * The knowledge module: load knowledge/, index it once, and answer with citations. Offline by
 * default; with a model configured, embeddings join the ranking and the model writes the prose,
 * falling back to the offline answer whenever it fails.
 */
import type { Config } from '../config.ts';
import { CONTROLS } from '../domain/catalog.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { createAgentWriter } from './agent.ts';
import { citeSources } from './cite.ts';
import { composeLed, DECLINE_TEXT, HELLO_TEXT, PRICE_TEXT, REFUSE_TEXT, spellOut } from './compose.ts';
import { createSemanticRanker } from './embeddings.ts';
import { chunkDocs, KNOWLEDGE_DIR, loadKnowledge } from './load.ts';
import { type Retrieved, retrieve, type SemanticRanker } from './retrieve.ts';
import { buildIndex, type LexicalIndex } from './search.ts';
import type { Answer, Answerer } from './types.ts';

export { chunkDocs, loadKnowledge } from './load.ts';
export { normalizeRef, parseRefs } from './refs.ts';
export { buildIndex } from './search.ts';

export interface KnowledgeDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly knowledgeDir?: string;
  /** Told how each model-written answer went (`npm run bench` reports the agent's overhead). */
  readonly onAgentRun?: (run: AgentRun) => void;
}

export interface AgentRun {
  readonly ms: number;
  /** Of `ms`, the time spent waiting for the model. */
  readonly modelMs: number;
  readonly searches: number;
  /** The offline answer was given instead (error, timeout, no search). */
  readonly fallback: boolean;
}

const MAX_SOURCES = 5;

/** "Annex A theme 6, people controls, has 8 controls: A.6.1 Screening, …" (ids and titles are facts). */
function themeLine(theme: string): string {
  const controls = CONTROLS.filter((c) => c.ref.startsWith(`A.${theme}.`));
  const name = controls[0]?.theme ?? '';
  const list = controls.map((c) => `${c.ref} ${c.title}`).join('; ');
  return `*Annex A theme ${theme}, ${name} controls,* has ${controls.length} controls: ${list}.`;
}

export function buildKnowledgeIndex(dir = KNOWLEDGE_DIR): LexicalIndex {
  return buildIndex(chunkDocs(loadKnowledge(dir)));
}

/** The offline answer for what retrieval found (or the reason it declines). */
function offlineAnswer(index: LexicalIndex, question: string, r: Retrieved): Answer {
  if (r.decision !== 'answer') {
    const text = { refuse: REFUSE_TEXT, price: PRICE_TEXT, hello: HELLO_TEXT, decline: DECLINE_TEXT }[
      r.decision
    ];
    return { question, answer: r.reason ?? text, answered: false, sources: [], via: 'offline' };
  }
  const composed = composeLed(r.docs, r.question);
  const { lead } = composed;
  const body = spellOut(composed.text);
  const text = r.theme ? `${themeLine(r.theme)}\n\n${body}` : body;
  const cited = citeSources(r.docs, index, MAX_SOURCES);
  // The document whose Q&A passage answers the question is the first source: it is what the answer says.
  const first = lead ? cited.find((s) => s.ref === lead) : undefined;
  const sources = first ? [first, ...cited.filter((s) => s !== first)] : cited;
  return { question, answer: text, answered: true, sources, via: 'offline' };
}

export function createOfflineAnswerer(index: LexicalIndex): Answerer {
  return {
    answer: async ({ question, history = [], inThread = true }) =>
      offlineAnswer(index, question, await retrieve(index, question, history, undefined, inThread)),
  };
}

export async function createAnswerer({
  config,
  db,
  logger,
  knowledgeDir,
  onAgentRun,
}: KnowledgeDeps): Promise<Answerer> {
  const t0 = performance.now();
  const index = buildKnowledgeIndex(knowledgeDir);
  logger.debug({ chunks: index.chunks.length, ms: Math.round(performance.now() - t0) }, 'knowledge indexed');
  const openai = config.openai;
  if (!openai) return createOfflineAnswerer(index);

  let semantic: SemanticRanker | undefined;
  try {
    semantic = await createSemanticRanker({ openai, db, logger, chunks: index.chunks });
  } catch (err) {
    logger.warn({ err }, 'embeddings unavailable; ranking lexically only');
  }
  // The agent's first search is usually the question itself: remember recent query rankings.
  const recent = new Map<string, Promise<string[]>>();
  const safeSemantic: SemanticRanker | undefined = semantic
    ? (q) => {
        const hit = recent.get(q);
        if (hit) return hit;
        const ranked = (semantic as SemanticRanker)(q).catch((err: unknown) => {
          logger.warn({ err }, 'query embedding failed; ranking lexically only');
          recent.delete(q);
          return [];
        });
        recent.set(q, ranked);
        if (recent.size > 100) recent.delete(recent.keys().next().value as string);
        return ranked;
      }
    : undefined;
  const write = createAgentWriter({ openai, index, semantic: safeSemantic });
  return {
    async answer({ question, history = [], inThread = true }) {
      // Retrieval and its refusals run first: what the offline path declines never reaches the model.
      const r = await retrieve(index, question, history, safeSemantic, inThread);
      const base = offlineAnswer(index, question, r);
      if (!base.answered) return base;
      const t0 = performance.now();
      try {
        // A follow-up is written from the question as retrieval read it (with the turn before it).
        const a = await write(r.question, history);
        onAgentRun?.({
          ms: performance.now() - t0,
          modelMs: a.modelMs,
          searches: a.searches,
          fallback: false,
        });
        if (a.text === null)
          return { ...base, answer: DECLINE_TEXT, answered: false, sources: [], via: 'model' };
        return { ...base, answer: a.text, sources: a.sources, via: 'model' };
      } catch (err) {
        onAgentRun?.({ ms: performance.now() - t0, modelMs: 0, searches: 0, fallback: true });
        logger.warn({ err }, 'model answer failed; giving the offline answer');
        return { ...base, via: 'offline-fallback' };
      }
    },
  };
}
