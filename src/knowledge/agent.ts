/**
 * The model path: a langchain agent (`createAgent`) writes the answer, with the project's own
 * knowledge search as its only tool, so a compound question can search more than once. The rules of
 * the offline path hold: it cites only refs the tool returned, its text is escaped for Slack, a budget
 * caps tool calls and time, and any failure gives the offline answer. langchain is loaded on first
 * use (its import costs ~0.7 s and memory an offline bot never needs).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { findClause, findControl } from '../domain/catalog.ts';
import { citeSources } from './cite.ts';
import { parseRefs } from './refs.ts';
import { type Retrieved, retrieve, type SemanticRanker } from './retrieve.ts';
import type { LexicalIndex, RankedDoc } from './search.ts';
import { asPromptData, slackSafe } from './slack-safe.ts';
import type { Source, Turn } from './types.ts';

export const AGENT_PROMPT = fileURLToPath(new URL('../../prompts/answer.md', import.meta.url));
export const TOOL_NAME = 'search_knowledge';
/** Searches one answer may make; the tool says so once they are used up. */
export const MAX_SEARCHES = 3;
/** Model calls: one per search, one told the budget is used up, and the answer. */
const MAX_MODEL_CALLS = MAX_SEARCHES + 2;

type OpenAIConfig = NonNullable<Config['openai']>;
const RUN_KEY = 'ismsAnswerRun';

interface RunState {
  readonly returned: Map<string, { title: string; score: number }>;
  searches: number;
}

/** The part of langchain's agent used here (its full generic type is not worth spelling out). */
interface Runnable {
  invoke(
    input: { messages: { role: string; content: string }[] },
    config: Record<string, unknown>,
  ): Promise<{ messages: { content: unknown }[] }>;
}

export interface AgentAnswer {
  readonly text: string | null; // null: the model says the knowledge base does not cover it
  readonly sources: Source[];
  readonly searches: number;
  /** Time spent waiting for the model, so the agent's own overhead can be measured (bench/). */
  readonly modelMs: number;
}

export type AgentWriter = (question: string, history: readonly Turn[]) => Promise<AgentAnswer>;

/**
 * Passages as the tool returns them: `[ref] title — heading` and the text. A topic guide's passage is
 * headed by the clause or control it is cited through, so every ref the model sees is citable.
 */
export function passagesOf(
  docs: readonly RankedDoc[],
  index: LexicalIndex,
  max = 4,
): { text: string; refs: Source[] } {
  const refs: Source[] = [];
  const text = docs
    .slice(0, max)
    .flatMap((d) => {
      const cite =
        d.kind === 'topic' ? citeSources([d], index, 1)[0] : { ref: d.ref, title: d.title, score: d.score };
      if (!cite) return [];
      refs.push({ ...cite, score: d.score });
      return d.chunks
        .slice(0, 2)
        .map(({ chunk }) => `[${cite.ref}] ${chunk.title} — ${chunk.heading}\n${chunk.text}`);
    })
    .join('\n\n');
  return { text, refs };
}

/** The refs cited in `[…]`, in order, normalised; and the text with citations the tool never returned removed. */
export function checkCitations(
  text: string,
  returned: ReadonlySet<string>,
): { text: string; cited: string[] } {
  const cited: string[] = [];
  const out = text.replace(/\s?\[([^\]\n]{1,40})\]/g, (_m, inner: string) => {
    const refs = inner
      .split(/[,;]\s*/)
      .map((r) => canonical(r))
      .filter((r): r is string => r !== undefined && returned.has(r));
    for (const r of refs) if (!cited.includes(r)) cited.push(r);
    return refs.length ? ` [${refs.join(', ')}]` : '';
  });
  return { text: out.trim(), cited };
}

const canonical = (raw: string): string | undefined => {
  const r = raw.trim();
  return findControl(r)?.ref ?? findClause(r)?.ref ?? parseRefs(r)[0];
};

export function createAgentWriter(deps: {
  openai: OpenAIConfig;
  index: LexicalIndex;
  semantic?: SemanticRanker | undefined;
}): AgentWriter {
  const { openai, index, semantic } = deps;
  const system = readFileSync(AGENT_PROMPT, 'utf8');

  // One agent for the process (building it per answer costs more than the tool); what belongs to
  // one answer (the refs the tool returned, how often it ran) travels in the run's `configurable`.
  let built: Promise<Runnable> | undefined;
  const build = async (): Promise<Runnable> => {
    const [{ createAgent, tool, modelCallLimitMiddleware }, { ChatOpenAI }, { z }] = await Promise.all([
      import('langchain'),
      import('@langchain/openai'),
      import('zod'),
    ]);
    const search = tool(
      async ({ query }: { query: string }, config: { configurable?: Record<string, unknown> }) => {
        const run = config.configurable?.[RUN_KEY] as RunState | undefined;
        if (!run) throw new Error('search outside an answer');
        run.searches += 1;
        if (run.searches > MAX_SEARCHES)
          return `Search budget used up (${MAX_SEARCHES} searches). Answer from the passages you have.`;
        const found: Retrieved = await retrieve(index, query, [], semantic, false);
        if (found.decision !== 'answer' || found.docs.length === 0)
          return 'No passages found for that search.';
        const passages = passagesOf(found.docs, index);
        for (const d of passages.refs) {
          const prev = run.returned.get(d.ref);
          if (!prev || prev.score < d.score) run.returned.set(d.ref, { title: d.title, score: d.score });
        }
        return passages.text;
      },
      {
        name: TOOL_NAME,
        description:
          "Search the team's ISO/IEC 27001 knowledge base. Returns passages, each headed by its reference in square brackets. Search once per sub-question.",
        schema: z.object({ query: z.string().min(1).max(300).describe('what to look up, in plain words') }),
      },
    );
    const model = new ChatOpenAI({
      model: openai.model,
      apiKey: openai.apiKey,
      timeout: openai.timeoutMs,
      maxRetries: 0, // a failure falls back to the offline answer at once
      temperature: 0,
      configuration: openai.baseUrl ? { baseURL: openai.baseUrl } : {},
    });
    return createAgent({
      model,
      tools: [search],
      systemPrompt: system,
      middleware: [modelCallLimitMiddleware({ runLimit: MAX_MODEL_CALLS, exitBehavior: 'error' })],
    }) as unknown as Runnable;
  };

  return async (question, history) => {
    built ??= build().catch((err: unknown) => {
      built = undefined; // a failed load is tried again on the next question
      throw err;
    });
    const agent = await built;
    const run: RunState = { returned: new Map(), searches: 0 };
    const returned = run.returned;
    let modelMs = 0;
    const started = new Map<string, number>();
    const result = await agent.invoke(
      { messages: [{ role: 'user', content: userMessage(question, history) }] },
      {
        configurable: { [RUN_KEY]: run },
        signal: AbortSignal.timeout(openai.timeoutMs),
        recursionLimit: 4 * MAX_MODEL_CALLS,
        callbacks: [
          {
            handleLLMStart: (_llm: unknown, _prompts: unknown, runId: string) => {
              started.set(runId, performance.now());
            },
            handleChatModelStart: (_llm: unknown, _messages: unknown, runId: string) => {
              started.set(runId, performance.now());
            },
            handleLLMEnd: (_output: unknown, runId: string) => {
              modelMs += performance.now() - (started.get(runId) ?? performance.now());
            },
            handleLLMError: (_err: unknown, runId: string) => {
              modelMs += performance.now() - (started.get(runId) ?? performance.now());
            },
          },
        ],
      },
    );
    const last = result.messages.at(-1);
    const raw = typeof last?.content === 'string' ? last.content.trim() : '';
    const searches = run.searches;
    if (searches === 0) throw new Error('the model answered without searching the knowledge base');
    if (!raw) throw new Error('empty model reply');
    if (/^NOT_COVERED\b/.test(raw)) return { text: null, sources: [], searches, modelMs };
    const { text, cited } = checkCitations(raw, new Set(returned.keys()));
    // Cited refs, in the order cited; an answer that cites none lists the best the tool returned.
    const order = cited.length
      ? cited
      : [...returned.entries()]
          .sort((a, b) => b[1].score - a[1].score)
          .slice(0, 3)
          .map(([ref]) => ref);
    const sources = order.map((ref) => {
      const r = returned.get(ref) as { title: string; score: number };
      return { ref, title: r.title, score: Math.round(r.score * 100) / 100 };
    });
    return { text: slackSafe(text), sources, searches, modelMs };
  };
}

/** The question and earlier turns as delimited data; nothing in them may close a delimiter. */
function userMessage(question: string, history: readonly Turn[]): string {
  const turns = history.map((t) => `Q: ${asPromptData(t.question)}\nA: ${asPromptData(t.answer)}`).join('\n');
  return `<history>\n${turns || '(none)'}\n</history>\n\n<question>\n${asPromptData(question)}\n</question>`;
}
