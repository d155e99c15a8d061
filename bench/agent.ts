/**
 * The model path's own cost: the langchain agent answering the dev and tuning questions against the
 * local fake OpenAI-compatible server (which answers at once: one search, then an answer). Reports the
 * agent's time beyond the model's (graph, tool, retrieval, citation checks), the searches per answer
 * and how often the offline answer had to be given instead.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { type AgentRun, createAnswerer } from '../src/knowledge/index.ts';
import { closeDatabase, openDatabase } from '../src/store/db.ts';
import { tempDbPath } from '../test/helpers/app-process.ts';
import { FakeOpenAI } from '../test/helpers/fake-openai.ts';
import { load } from './retrieval.ts';
import { line, ms, summarize } from './stats.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

export async function runAgentBench(): Promise<void> {
  console.log('\n== model path: langchain agent against a fake OpenAI-compatible server ==');
  const server = await new FakeOpenAI().start();
  const dbPath = tempDbPath();
  const db = openDatabase(dbPath);
  const runs: AgentRun[] = [];
  try {
    const config = loadConfig({
      OPENAI_API_KEY: 'bench-key',
      OPENAI_BASE_URL: server.url,
      OPENAI_MODEL: 'fake-chat',
      OPENAI_TIMEOUT_MS: '10000',
    });
    const t0 = performance.now();
    const answerer = await createAnswerer({
      config,
      db,
      logger: pino({ level: 'silent' }),
      onAgentRun: (r) => runs.push(r),
    });
    // The first answer loads langchain (lazily, only when a model is configured): timed apart.
    await answerer.answer({ question: 'What does A.8.24 require?' });
    line('set-up + first answer (loads langchain)', ms(performance.now() - t0));
    runs.length = 0;
    const questions = [...load(here('qa-dev.jsonl')), ...load(here('qa-first-look-a.jsonl'))].filter(
      (q) => q.answerable,
    );
    for (const q of questions) await answerer.answer({ question: q.question });
    const done = runs.filter((r) => !r.fallback);
    const overhead = summarize(done.map((r) => r.ms - r.modelMs));
    const model = summarize(done.map((r) => r.modelMs));
    line(`answers by the agent`, `${runs.length} (fallback to offline ${runs.length - done.length})`);
    line('agent overhead beyond the model', `p50 ${ms(overhead.p50)} p95 ${ms(overhead.p95)}`);
    line('model time (fake server, loopback)', `p50 ${ms(model.p50)} p95 ${ms(model.p95)}`);
    const searches = done.reduce((s, r) => s + r.searches, 0) / Math.max(done.length, 1);
    line('searches per answer', searches.toFixed(2));
  } finally {
    closeDatabase(db);
    rmSync(dbPath, { force: true });
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runAgentBench();
