/**
 * The threat catalogue (knowledge/threats/): the common threats to a software company, each with
 * what happens, the weaknesses that let it happen and the Annex A controls that treat it. The risk
 * flow suggests threats and controls from it for what a person typed (6.1.2 c: identify risks;
 * 6.1.3 b: determine the controls), ranked by the knowledge base's own lexical index over the
 * catalogue alone, so the synonyms, stemming and typo tolerance of answers apply here too.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { citedIn } from '../../knowledge/cite.ts';
import {
  type Chunk,
  chunkDocs,
  KNOWLEDGE_DIR,
  type KnowledgeDoc,
  KnowledgeError,
  readKnowledgeFiles,
} from '../../knowledge/load.ts';
import { buildIndex, type LexicalIndex } from '../../knowledge/search.ts';
import { expandQuery } from '../../knowledge/synonyms.ts';
import { stem, words } from '../../knowledge/text.ts';
import { findControl } from '../catalog.ts';
import { OPTIONS_MAX, type Option, type OptionSource } from '../options.ts';

export const THREATS_DIR = join(KNOWLEDGE_DIR, 'threats');

export interface Threat {
  /** `T-01` …: stable, so a risk can keep the id it was identified with. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly vulnerabilities: readonly string[];
  /** Annex A controls that treat it, as the front matter's `related` lists them. */
  readonly controls: readonly string[];
}

export interface SuggestedThreat extends Threat {
  /** Relevance to the text; comparable within one call only. */
  readonly score: number;
}

const SECTIONS = {
  description: 'What happens',
  vulnerabilities: 'Weaknesses that let it happen',
  treatment: 'How it is treated',
} as const;

// Stricter than the knowledge base's front matter: a threat must name controls that exist.
const threatMeta = z.object({
  ref: z.string().regex(/^T-\d{2}$/, 'must look like T-01'),
  kind: z.literal('threat'),
  related: z
    .array(z.string().refine((r) => findControl(r) !== undefined, { message: 'is not an Annex A control' }))
    .min(1, 'must name the controls that treat the threat'),
});

export function loadThreats(dir = THREATS_DIR): Threat[] {
  return threatsOf(readThreatDocs(dir));
}

function readThreatDocs(dir: string): KnowledgeDoc[] {
  const docs = readKnowledgeFiles(dir);
  const stray = docs.find((d) => d.kind !== 'threat');
  if (stray) throw new KnowledgeError(`knowledge/threats/${stray.file}: front matter kind must be threat`);
  return docs;
}

function threatsOf(docs: readonly KnowledgeDoc[]): Threat[] {
  return docs.map((doc) => {
    const where = `knowledge/threats/${doc.file}`;
    const meta = threatMeta.safeParse(doc);
    if (!meta.success) {
      const issue = meta.error.issues[0];
      const value = issue?.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[String(k)], doc);
      throw new KnowledgeError(
        `${where}: front matter ${issue?.path.join('.') ?? ''} ${JSON.stringify(value)} ${issue?.message ?? 'invalid'}`,
      );
    }
    const section = (heading: string) => {
      const text = chunkDocs([doc]).find((c) => c.heading === heading)?.text;
      if (!text) throw new KnowledgeError(`${where}: no "## ${heading}" section`);
      return text;
    };
    const vulnerabilities = section(SECTIONS.vulnerabilities)
      .split('\n')
      .filter((l) => /^\s*-\s+/.test(l))
      .map((l) => l.replace(/^\s*-\s+/, '').trim());
    // The prose and the front matter must name the same controls, or one of them is wrong.
    const named = new Set(citedIn(section(SECTIONS.treatment)).filter((r) => r.startsWith('A.')));
    const listed = new Set(doc.related);
    const differ = [...named].filter((r) => !listed.has(r)).concat([...listed].filter((r) => !named.has(r)));
    if (differ.length)
      throw new KnowledgeError(
        `${where}: "${SECTIONS.treatment}" and front matter related disagree on ${differ.join(', ')}`,
      );
    return {
      id: doc.ref,
      title: doc.title,
      description: section(SECTIONS.description),
      vulnerabilities,
      controls: doc.related,
    };
  });
}

interface Catalogue {
  readonly threats: readonly Threat[];
  readonly byId: ReadonlyMap<string, Threat>;
  readonly index: LexicalIndex;
  /** Each threat's indexed words, stemmed. */
  readonly vocabulary: ReadonlyMap<string, ReadonlySet<string>>;
}

// Measured on test/risk/threats.test.ts's scenarios and everyday noise ("the coffee machine is
// broken"): a real match scores above this and shares at least two of the text's words (or
// their expansions) with the threat; noise matches on one word, or weakly.
const MIN_SCORE = 40;
const MIN_SHARED = 2;
/** Threats scoring under this share of the best one are word matches, not suggestions. */
const FLOOR = 0.4;

const cache = new Map<string, Catalogue>();

function catalogue(dir = THREATS_DIR): Catalogue {
  let c = cache.get(dir);
  if (!c) {
    const docs = readThreatDocs(dir);
    const threats = threatsOf(docs);
    // What happens and what enables it describe the threat; the treatment prose names controls and
    // would pull in threats that merely share a control's words.
    const chunks = chunkDocs(docs)
      .filter((ch) => ch.heading !== SECTIONS.treatment)
      .map((ch, id): Chunk => ({ ...ch, id }));
    const vocabulary = new Map<string, Set<string>>();
    for (const ch of chunks) {
      const v = vocabulary.get(ch.ref) ?? new Set<string>();
      for (const w of words(`${ch.title} ${ch.keywords} ${ch.text}`)) v.add(stem(w));
      vocabulary.set(ch.ref, v);
    }
    c = { threats, byId: new Map(threats.map((t) => [t.id, t])), index: buildIndex(chunks), vocabulary };
    cache.set(dir, c);
  }
  return c;
}

/** The catalogue, loaded once (and validated) on first use. */
export const listThreats = (): readonly Threat[] => catalogue().threats;
export const findThreat = (id: string): Threat | undefined => catalogue().byId.get(id);

/** Threats for a plain-words scenario, best first; none when the text names no threat. */
export function suggestThreats(text: string, limit = 5): SuggestedThreat[] {
  const { index, byId, vocabulary } = catalogue();
  const q = text.slice(0, 1000);
  const vendors = new Set(words(expandQuery(q).vendors));
  const content = [...new Set(words(q))].filter((w) => !vendors.has(w));
  if (content.length === 0) return [];
  // A word counts for a threat when it, or what the knowledge base expands it to, is the threat's.
  const forms = content.map((w) => [stem(w), ...words(expandQuery(w).extra).map(stem)]);
  const shared = (ref: string) => {
    const v = vocabulary.get(ref);
    return v ? forms.filter((f) => f.some((s) => v.has(s))).length : 0;
  };
  const need = Math.min(MIN_SHARED, content.length);
  const ranked = index.search(q, limit);
  const top = ranked[0]?.score ?? 0;
  if (top < MIN_SCORE) return [];
  return ranked
    .filter((d) => d.score >= top * FLOOR && shared(d.ref) >= need)
    .flatMap((d) => {
      const t = byId.get(d.ref);
      return t ? [{ ...t, score: Math.round(d.score * 100) / 100 }] : [];
    });
}

/**
 * Annex A controls for a scenario: those of the suggested threats, a control that treats several
 * of them (weighted by how well each matched) first.
 */
export function suggestControls(text: string, threats = 3): string[] {
  const weight = new Map<string, number>();
  // Earlier in a threat's list is more central to treating it.
  for (const t of suggestThreats(text, threats))
    for (const [i, c] of t.controls.entries()) weight.set(c, (weight.get(c) ?? 0) + t.score / (1 + i * 0.1));
  return [...weight.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
}

const option = (t: Threat): Option => ({ value: t.id, label: `${t.id} ${t.title}` });

/**
 * The `threats` option source: the catalogue for a searchable select ("pick a threat from the
 * catalogue"), found by id (`T-07`, `t7`, `7`) or by words (`stolen laptop`, `ransom`).
 */
export function threatSource(dir = THREATS_DIR): OptionSource {
  return (_ctx, { query }) => {
    const { threats, byId, index } = catalogue(dir);
    const q = query.trim();
    if (!q) return threats.slice(0, OPTIONS_MAX).map(option);
    const id = /^t?\s*-?\s*(\d{1,2})$/i.exec(q);
    if (id) {
      const t = byId.get(`T-${(id[1] ?? '').padStart(2, '0')}`);
      return t ? [option(t)] : [];
    }
    // While typing, a word not yet finished matches titles by its start ("ranso").
    const typed = q.toLowerCase().split(/\s+/);
    const byTitle = threats.filter((t) =>
      typed.every((w) =>
        t.title
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((tw) => tw.startsWith(w)),
      ),
    );
    const hits = index.search(q, OPTIONS_MAX);
    const floor = (hits[0]?.score ?? 0) * FLOOR;
    const ranked = hits.filter((d) => d.score >= floor).flatMap((d) => byId.get(d.ref) ?? []);
    return [...new Set([...byTitle, ...ranked])].slice(0, OPTIONS_MAX).map(option);
  };
}
