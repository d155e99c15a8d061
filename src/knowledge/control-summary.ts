/**
 * The knowledge base's one-line summary of each Annex A control: the first sentence of its
 * "Purpose" section (our own words), shown beside the control wherever a decision about it is asked.
 */
import { join } from 'node:path';
import { KNOWLEDGE_DIR, loadKnowledge } from './load.ts';

let cached: ReadonlyMap<string, string> | undefined;

export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(flat);
  return (m ? m[0] : flat).slice(0, 300);
}

/** Summaries by control ref (`A.5.1`), read once from knowledge/controls. */
export function controlSummaries(dir = join(KNOWLEDGE_DIR, 'controls')): ReadonlyMap<string, string> {
  if (cached && dir === join(KNOWLEDGE_DIR, 'controls')) return cached;
  const map = new Map<string, string>();
  for (const doc of loadKnowledge(dir)) {
    if (doc.kind !== 'control') continue;
    const purpose = /^##\s+Purpose\s*\n([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(doc.body)?.[1] ?? '';
    map.set(doc.ref, firstSentence(purpose || doc.body.replace(/^#.*$/m, '')));
  }
  if (dir === join(KNOWLEDGE_DIR, 'controls')) cached = map;
  return map;
}
