/**
 * Form fields whose options are data (src/domain/options.ts) in the conversation: answering an
 * options request (Slack's `block_suggestion`, the console's search term), filling short lists in
 * before a modal opens, and checking answers against the workspace when the modal is submitted, so a
 * bad value is a field error while the modal is still open (`response_action: errors`).
 */
import type { Clock, Ctx } from '../domain/context.ts';
import type { FieldSpec, FormValues } from '../domain/flow-meta.ts';
import {
  CHECKS,
  createOptionSources,
  type Directory,
  inWorkspace,
  type Option,
  type OptionSource,
  sourceHas,
} from '../domain/options.ts';
import type { Db } from '../store/db.ts';
import type { Feature } from './index.ts';
import type { OptionsRequest, Requester } from './types.ts';

/** An external select's `action_id` names its source, so an options request finds it without state. */
export const SOURCE_ACTION = 'source:';

/** Up to this many options a list is shown whole (static select); longer lists are searched. */
export const STATIC_MAX = 25;

export interface FormOptionsDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly sources?: Readonly<Record<string, OptionSource>>;
  readonly directory?: Directory | undefined;
  readonly timeZone?: string;
}

export interface FormOptions extends Feature {
  /** The fields as they are shown: a short source becomes static `options`. */
  resolve(teamId: string, fields: readonly FieldSpec[]): FieldSpec[];
  /** Field errors from checks against the workspace (empty when all is well). */
  check(teamId: string, fields: readonly FieldSpec[], values: FormValues): Promise<Record<string, string>>;
}

export function createFormOptions({
  db,
  clock,
  sources = createOptionSources(),
  directory,
  timeZone = 'UTC',
}: FormOptionsDeps): FormOptions {
  const ctxOf = (teamId: string): Ctx => ({ db, teamId, clock });
  const sourceOf = (name: string): OptionSource => {
    const s = sources[name];
    // A flow naming a source nobody registered is a bug (the registry test catches it), not input.
    if (!s) throw new Error(`unknown option source "${name}"`);
    return s;
  };

  function options(req: Requester, q: OptionsRequest): Promise<readonly Option[]> | undefined {
    if (!q.actionId.startsWith(SOURCE_ACTION)) return undefined;
    const source = sources[q.actionId.slice(SOURCE_ACTION.length)];
    if (!source) return Promise.resolve([]);
    return Promise.resolve(source(ctxOf(req.teamId), { query: q.query.slice(0, 100), context: q.context }));
  }

  function resolve(teamId: string, fields: readonly FieldSpec[]): FieldSpec[] {
    return fields.map((f) => {
      if (!f.source) return f;
      const all = sourceOf(f.source)(ctxOf(teamId), { query: '' });
      return all.length > 0 && all.length <= STATIC_MAX ? { ...f, options: all } : f;
    });
  }

  async function check(teamId: string, fields: readonly FieldSpec[], values: FormValues) {
    const env = { ...ctxOf(teamId), directory, timeZone };
    const errors: Record<string, string> = {};
    for (const f of fields) {
      const value = values[f.id];
      if (value === null || value === undefined) continue;
      const picked = Array.isArray(value) ? value : [value];
      if (f.source) {
        const source = sourceOf(f.source);
        if (picked.some((v) => !sourceHas(source, env, String(v)))) {
          errors[f.id] = `That is not one of the options for ${f.label}: search again and pick one.`;
          continue;
        }
      }
      const checks = [...(f.type === 'user' ? [inWorkspace] : []), ...(f.checks ?? []).map(checkOf)];
      for (const c of checks) {
        const problem = await c(env, value, f);
        if (problem) {
          errors[f.id] = problem;
          break;
        }
      }
    }
    return errors;
  }

  return { options, resolve, check };
}

function checkOf(name: string) {
  const c = CHECKS[name];
  if (!c) throw new Error(`unknown field check "${name}"`);
  return c;
}
