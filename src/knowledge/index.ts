/**
 * The knowledge module: load knowledge/, index it once, and answer with citations. Offline by
 * default; with a model configured, embeddings join the ranking and the model writes the prose,
 * falling back to the offline answer whenever it fails.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { citeSources } from './cite.ts';
import { composeAnswer, DECLINE_TEXT, HELLO_TEXT, PRICE_TEXT, REFUSE_TEXT } from './compose.ts';
import { createSemanticRanker } from './embeddings.ts';
import { chunkDocs, KNOWLEDGE_DIR, loadKnowledge } from './load.ts';
import { createModelWriter } from './model.ts';
import { type Retrieved, retrieve, type SemanticRanker } from './retrieve.ts';
import { buildIndex, type LexicalIndex } from './search.ts';
import { slackSafe } from './slack-safe.ts';
import type { Answer, Answerer } from './types.ts';

export { chunkDocs, loadKnowledge } from './load.ts';
export { normalizeRef, parseRefs } from './refs.ts';
export { buildIndex } from './search.ts';

export interface KnowledgeDeps {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  readonly knowledgeDir?: string;
}

const MAX_SOURCES = 5;

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
  return {
    question,
    answer: composeAnswer(r.docs, r.question),
    answered: true,
    sources: citeSources(r.docs, index, MAX_SOURCES),
    via: 'offline',
  };
}

export function createOfflineAnswerer(index: LexicalIndex): Answerer {
  return {
    answer: async ({ question, history = [], inThread = true }) =>
      offlineAnswer(index, question, await retrieve(index, question, history, undefined, inThread)),
  };
}

export async function createAnswerer({ config, db, logger, knowledgeDir }: KnowledgeDeps): Promise<Answerer> {
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
  const safeSemantic: SemanticRanker | undefined = semantic
    ? (q) =>
        (semantic as SemanticRanker)(q).catch((err: unknown) => {
          logger.warn({ err }, 'query embedding failed; ranking lexically only');
          return [];
        })
    : undefined;
  const write = createModelWriter(openai);
  return {
    async answer({ question, history = [], inThread = true }) {
      const r = await retrieve(index, question, history, safeSemantic, inThread);
      const base = offlineAnswer(index, question, r);
      if (!base.answered) return base;
      try {
        const text = await write(r.question, r.docs, history);
        if (text === null)
          return { ...base, answer: DECLINE_TEXT, answered: false, sources: [], via: 'model' };
        return { ...base, answer: slackSafe(text), via: 'model' };
      } catch (err) {
        logger.warn({ err }, 'model answer failed; giving the offline answer');
        return { ...base, via: 'offline-fallback' };
      }
    },
  };
}
