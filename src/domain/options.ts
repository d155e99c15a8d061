/**
 * Where a form field's options come from when they are data, not constants in the flow: a named
 * source (`FieldSpec.source`) answers `(ctx, { query, context })` with the matching options, and
 * named checks (`FieldSpec.checks`) validate an answer against the workspace when the form is
 * submitted. Adding a source is one entry in `createOptionSources`; no surface code changes.
 * A source of a handful of options (a scale) is shown whole; a long one is searched as people type.
 */
import MiniSearch from 'minisearch';
import { listAssets } from './assets.ts';
import { CONTROLS } from './catalog.ts';
import type { Ctx } from './context.ts';
import type { FieldSpec, FormValue } from './flow-meta.ts';
import { isUserId } from './person.ts';
import { currentMethod } from './risk/methods.ts';
import { threatSource } from './risk/threats.ts';

export interface Option {
  readonly value: string;
  readonly label: string;
  /** Shown under the option where the surface can (a scale level's meaning). */
  readonly description?: string | undefined;
}

export interface OptionQuery {
  /** What the person typed (may be empty: then the first options). */
  readonly query: string;
  /** What the surface knows about where the field is (e.g. the form's private metadata). */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** Matches for a query, best first. Must stay fast: Slack waits at most 3 s for them. */
export type OptionSource = (ctx: Ctx, q: OptionQuery) => readonly Option[];

/** Slack shows at most 100 options in a menu; a person reads far fewer. */
export const OPTIONS_MAX = 50;

/**
 * Annex A controls, found by id (`A.8.2`, `8.2`, `a8.2`: the control, then those it prefixes) or by
 * words in the title and the knowledge base's keywords (`crypto`, `backup`, `encryption`).
 */
export function controlSource(
  keywords: () => ReadonlyMap<string, readonly string[]> = () => new Map(),
): OptionSource {
  // Built on first use: reading the keywords costs more than start-up should pay for a picker.
  let index: MiniSearch | undefined;
  const build = () => {
    const words = keywords();
    const mini = new MiniSearch({
      fields: ['title', 'keywords'],
      storeFields: ['ref'],
      searchOptions: {
        boost: { title: 2 },
        prefix: true,
        fuzzy: (term: string) => (term.length >= 6 ? 0.2 : false),
        combineWith: 'AND',
      },
    });
    mini.addAll(
      CONTROLS.map((c, id) => ({
        id,
        ref: c.ref,
        title: c.title,
        keywords: (words.get(c.ref) ?? []).join(' '),
      })),
    );
    return mini;
  };
  const option = (ref: string): Option => {
    const c = CONTROLS.find((x) => x.ref === ref);
    return { value: ref, label: c ? `${c.ref} ${c.title}` : ref };
  };
  return (_ctx, { query }) => {
    const q = query.trim();
    if (!q) return CONTROLS.slice(0, OPTIONS_MAX).map((c) => option(c.ref));
    const id = /^(?:a\s*\.?\s*)?([5-8])\s*\.\s*(\d{0,2})$/i.exec(q);
    if (id) {
      const prefix = `A.${id[1]}.${id[2] ?? ''}`;
      const exact = CONTROLS.filter((c) => c.ref === prefix);
      const rest = CONTROLS.filter((c) => c.ref !== prefix && c.ref.startsWith(prefix));
      return [...exact, ...rest].slice(0, OPTIONS_MAX).map((c) => option(c.ref));
    }
    index ??= build();
    return index
      .search(q)
      .slice(0, OPTIONS_MAX)
      .map((r) => option(String(r.ref)));
  };
}

/** The workspace's information assets (A.5.9), by ref (`A-007`) or words of the name. */
export const assetSource: OptionSource = (ctx, { query }) => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return listAssets(ctx)
    .filter((a) => words.every((w) => a.ref.toLowerCase().startsWith(w) || a.name.toLowerCase().includes(w)))
    .slice(0, OPTIONS_MAX)
    .map((a) => ({ value: a.ref, label: `${a.ref} ${a.name}` }));
};

/** A scale of the team's current risk method (6.1.2 a): `likelihood` or `impact`, e.g. `4 Likely`. */
export function scaleSource(axis: 'likelihood' | 'impact'): OptionSource {
  return (ctx, { query }) => {
    const q = query.trim().toLowerCase();
    return currentMethod(ctx)
      .method[axis].map((s) => ({
        value: String(s.value),
        label: `${s.value} ${s.label}`,
        description: s.description,
      }))
      .filter((o) => !q || o.value === q || o.label.toLowerCase().includes(q));
  };
}

export interface OptionSourceDeps {
  /** Extra words per control ref (the knowledge base's front-matter keywords). */
  readonly controlKeywords?: () => ReadonlyMap<string, readonly string[]>;
}

/** The registry: every source a field may name. */
export function createOptionSources(deps: OptionSourceDeps = {}): Readonly<Record<string, OptionSource>> {
  return {
    controls: controlSource(deps.controlKeywords),
    assets: assetSource,
    likelihood: scaleSource('likelihood'),
    impact: scaleSource('impact'),
    threats: threatSource(),
  };
}

/** Is `value` one of the source's options for this workspace? (A forged or stale value is not.) */
export function sourceHas(source: OptionSource, ctx: Ctx, value: string): boolean {
  return source(ctx, { query: value }).some((o) => o.value === value);
}

/** Who is in the workspace, as Slack knows it (`users.info`); absent in console mode. */
export interface Directory {
  /** undefined when there is no such user; throws when Slack cannot be asked. */
  user(teamId: string, userId: string): Promise<DirectoryUser | undefined>;
}

export interface DirectoryUser {
  readonly id: string;
  readonly teamId?: string | undefined;
  readonly deleted: boolean;
  readonly isBot: boolean;
  readonly timeZone?: string | undefined;
}

export interface CheckEnv extends Ctx {
  readonly directory?: Directory | undefined;
  /** The workspace's time zone, for "today". */
  readonly timeZone: string;
}

/** A named check: undefined when the value is fine, else a sentence saying how to fix it. */
export type Check = (
  env: CheckEnv,
  value: FormValue,
  field: FieldSpec,
) => Promise<string | undefined> | string | undefined;

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The person must be a current, human member of this workspace. */
export const inWorkspace: Check = async (env, value) => {
  if (value === null || value === '') return undefined;
  if (!isUserId(value)) return 'Pick a person from the workspace.';
  if (!env.directory) return undefined; // console mode: no directory to ask
  let user: DirectoryUser | undefined;
  try {
    user = await env.directory.user(env.teamId, value);
  } catch {
    return 'I could not check this person with Slack just now: please submit again.';
  }
  if (!user || user.deleted) return 'That person is not (or no longer) in this workspace.';
  if (user.isBot) return 'Pick a person, not an app or bot.';
  if (user.teamId && user.teamId !== env.teamId)
    return 'Pick someone from this workspace, not a guest from another.';
  return undefined;
};

export const CHECKS: Readonly<Record<string, Check>> = {
  'date.notPast': (env, value, field) =>
    typeof value === 'string' && value < todayIn(env.clock.now(), env.timeZone)
      ? `${field.label} cannot be in the past.`
      : undefined,
  'user.inWorkspace': inWorkspace,
};
