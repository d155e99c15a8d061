/**
 * Loading knowledge/*.md: YAML front matter (validated) and heading-aware chunks, one per `##`
 * section, each carrying its document's ref, title and keywords.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

export const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

const frontMatter = z.object({
  ref: z.string().min(1),
  title: z.string().min(1),
  // `threat`: the risk flow's threat catalogue (knowledge/threats/, read by src/domain/risk/threats.ts).
  kind: z.enum(['clause', 'control', 'related', 'topic', 'threat']),
  theme: z.enum(['organizational', 'people', 'physical', 'technological']).optional(),
  new_in_2022: z.boolean().optional(),
  keywords: z.array(z.string()).default([]),
  related: z.array(z.string()).default([]),
});

export type DocMeta = z.infer<typeof frontMatter>;

export interface KnowledgeDoc extends DocMeta {
  readonly file: string;
  readonly body: string;
}

export interface Chunk {
  readonly id: number;
  readonly ref: string;
  readonly title: string;
  readonly kind: DocMeta['kind'];
  readonly keywords: string;
  /** Refs the document's front matter names as related. */
  readonly related: readonly string[];
  readonly heading: string;
  readonly text: string;
}

export class KnowledgeError extends Error {}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    )
    .sort();
}

/**
 * The documents of `dir`, every file's front matter checked. The threat catalogue is left out unless
 * asked for: measured on bench/ (README, _How questions are answered_), its passages in the answer
 * index took top ranks from the controls and clauses that answer the question ("ransomware hit a
 * laptop, what now?" cited the catalogue's preventive controls instead of incident response).
 */
export function loadKnowledge(dir = KNOWLEDGE_DIR, { threats = false } = {}): KnowledgeDoc[] {
  return readKnowledgeFiles(dir).filter((d) => threats === (d.kind === 'threat'));
}

/** Every document of `dir`, whatever its kind. */
export function readKnowledgeFiles(dir: string): KnowledgeDoc[] {
  return files(dir).map((file) => {
    const raw = readFileSync(file, 'utf8');
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(raw);
    const name = relative(dir, file);
    if (!m) throw new KnowledgeError(`knowledge/${name}: no front matter (--- … ---) at the top`);
    let data: unknown;
    try {
      data = parse(m[1] ?? '');
    } catch (err) {
      throw new KnowledgeError(
        `knowledge/${name}: front matter is not valid YAML (${(err as Error).message})`,
      );
    }
    const meta = frontMatter.safeParse(data);
    if (!meta.success) {
      const issue = meta.error.issues[0];
      throw new KnowledgeError(
        `knowledge/${name}: front matter ${issue?.path.join('.') || ''} ${issue?.message ?? 'invalid'}`,
      );
    }
    return { ...meta.data, file: name, body: (m[2] ?? '').trim() };
  });
}

/** One chunk per `##` section (the text before the first one, if any, is its own chunk). */
export function chunkDocs(docs: readonly KnowledgeDoc[]): Chunk[] {
  const chunks: Chunk[] = [];
  for (const doc of docs) {
    const body = doc.body.replace(/^#\s.*\n?/, '');
    const sections = body.split(/^##\s+/m);
    sections.forEach((section, i) => {
      const [first = '', ...rest] = section.split('\n');
      const heading = i === 0 ? 'Overview' : first.trim();
      const text = (i === 0 ? section : rest.join('\n')).trim();
      if (!text) return;
      chunks.push({
        id: chunks.length,
        ref: doc.ref,
        title: doc.title,
        kind: doc.kind,
        keywords: doc.keywords.join(' '),
        related: doc.related,
        heading,
        text,
      });
    });
  }
  return chunks;
}
