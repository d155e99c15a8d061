/**
 * Semantic ranking with an OpenAI-compatible embedding model. Chunk vectors are cached in SQLite by
 * model and content hash, so nothing is embedded twice (across restarts too).
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { embeddings } from '../store/schema/index.ts';
import type { Chunk } from './load.ts';
import type { SemanticRanker } from './retrieve.ts';

type OpenAIConfig = NonNullable<Config['openai']>;
export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

const hashOf = (c: Chunk) =>
  createHash('sha256').update(`${c.ref}\n${c.title}\n${c.heading}\n${c.text}`).digest('hex');
const toBuffer = (v: number[]) => Buffer.from(new Float32Array(v).buffer);
const fromBuffer = (b: Buffer) => new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / (Math.sqrt(na * nb) || 1);
}

export async function createSemanticRanker(deps: {
  openai: OpenAIConfig;
  db: Db;
  logger: Logger;
  chunks: readonly Chunk[];
}): Promise<SemanticRanker> {
  const { openai, db, logger, chunks } = deps;
  const model = openai.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const client = new OpenAIEmbeddings({
    model,
    apiKey: openai.apiKey,
    maxRetries: 0,
    timeout: openai.timeoutMs,
    batchSize: 256,
    configuration: openai.baseUrl ? { baseURL: openai.baseUrl } : {},
  });
  const hashes = chunks.map(hashOf);
  const cached = new Map<string, Float32Array>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = db
      .select()
      .from(embeddings)
      .where(and(eq(embeddings.model, model), inArray(embeddings.contentHash, hashes.slice(i, i + 500))))
      .all();
    for (const r of rows) cached.set(r.contentHash, fromBuffer(r.vector));
  }
  const missing = chunks.filter((_c, i) => !cached.has(hashes[i] as string));
  if (missing.length > 0) {
    const vectors = await client.embedDocuments(missing.map((c) => `${c.title} — ${c.heading}\n${c.text}`));
    const now = new Date().toISOString();
    db.transaction((tx) => {
      missing.forEach((c, i) => {
        const v = vectors[i] ?? [];
        const contentHash = hashOf(c);
        cached.set(contentHash, new Float32Array(v));
        tx.insert(embeddings)
          .values({ model, contentHash, dims: v.length, vector: toBuffer(v), createdAt: now })
          .onConflictDoNothing()
          .run();
      });
    });
    logger.info(
      { embedded: missing.length, cached: chunks.length - missing.length, model },
      'knowledge embedded',
    );
  }
  const vectors = hashes.map((h) => cached.get(h) as Float32Array);
  return async (question) => {
    const q = new Float32Array(await client.embedQuery(question));
    const best = new Map<string, number>();
    chunks.forEach((c, i) => {
      const s = cosine(q, vectors[i] as Float32Array);
      if (s > (best.get(c.ref) ?? -1)) best.set(c.ref, s);
    });
    return [...best.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([ref]) => ref)
      .slice(0, 20);
  };
}
