import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns.ts';

/**
 * Embedding vectors of knowledge chunks, keyed by model and content hash so nothing is embedded
 * twice. Knowledge is shared by all teams, so there is no team id here.
 */
export const embeddings = sqliteTable(
  'embeddings',
  {
    model: text('model').notNull(),
    contentHash: text('content_hash').notNull(),
    dims: integer('dims').notNull(),
    /** Float32Array bytes, little-endian. */
    vector: blob('vector', { mode: 'buffer' }).notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.model, t.contentHash] })],
);
