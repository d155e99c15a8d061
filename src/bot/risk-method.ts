/**
 * `/isms risk method` (6.1.2), for the ISMS owner: the current method as the team uses it, a preset
 * to switch to, and the acceptance criteria form. Every change is a new method version through
 * `changeRiskMethod`, which refuses one that would strand open acceptances (naming the risks).
 */
import { requireRoles } from '../domain/access.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import { isDomainError } from '../domain/errors.ts';
import { validateForm } from '../domain/flow-meta.ts';
import { changeRiskMethod } from '../domain/risk/acceptances.ts';
import { methodProblems, type RiskMethod } from '../domain/risk/method.ts';
import { currentMethod } from '../domain/risk/methods.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import type { Feature } from './index.ts';
import { parsePrivateMetadata } from './metadata.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Reply, Requester, ViewResult, ViewSubmission } from './types.ts';
import {
  CRITERIA_ACTION,
  CRITERIA_CALLBACK,
  criteriaFields,
  criteriaModal,
  methodMessage,
  PRESET_ACTION,
} from './views/risk-method.ts';
import { readFormValues } from './views/step.ts';

const OWNER_ONLY = ['owner'] as const;

/** The current method with the criteria the form gave; field errors for what does not fit. */
export function withCriteria(
  m: RiskMethod,
  raw: Readonly<Record<string, string | string[] | null>>,
): { ok: true; method: RiskMethod } | { ok: false; errors: Record<string, string> } {
  const fields = criteriaFields(m);
  const checked = validateForm(fields, raw);
  if (!checked.ok) return checked;
  const errors: Record<string, string> = {};
  const levels = m.levels.map((l) => {
    const by = checked.values[`${l.id}:by`] as RiskMethod['levels'][number]['acceptance']['by'];
    const days = checked.values[`${l.id}:days`];
    if (by === 'none' && days !== null)
      errors[`${l.id}:days`] = `Nobody may accept ${l.name}: leave the longest acceptance empty.`;
    else if (
      by !== 'none' &&
      (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 1095)
    )
      errors[`${l.id}:days`] = 'Give the longest acceptance as whole days, 1 to 1095.';
    return { ...l, acceptance: { by, maxDays: by === 'none' ? null : (days as number) } };
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const method = { ...m, levels, preset: undefined, name: m.name };
  const problems = methodProblems(method);
  if (problems.length) return { ok: false, errors: { [fields[0]?.id ?? 'method']: problems.join(' ') } };
  return { ok: true, method };
}

export function createRiskMethod({ db, clock }: { db: Db; clock: Clock }): Feature {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const owner = (req: Requester, what: string) =>
    requireRoles(ctxOf(req), actorOf(req), OWNER_ONLY, what, placeOf(req));
  const show = (ctx: Ctx): Reply => {
    const { method, version } = currentMethod(ctx);
    return { type: 'ephemeral', message: methodMessage(method, version, true) };
  };

  const command: Subcommand = {
    name: 'risk method',
    usage: 'risk method',
    summary:
      'the risk method (levels, grid, criteria); the ISMS owner picks a preset or edits who may accept what',
    async run(req, args) {
      if (args.trim()) return [ephemeral('Usage: `/isms risk method` (the buttons under it change it).')];
      owner(req, 'see and change the risk method');
      return [show(ctxOf(req))];
    },
  };

  function changed(req: Requester, version: number, how: string): Reply[] {
    return [
      show(ctxOf(req)),
      ephemeral(`Risk method version ${version} is in force (${how}); recorded as evidence.`),
    ];
  }

  function action(req: Requester, a: { actionId: string; value?: string | undefined }) {
    if (a.actionId.startsWith(`${PRESET_ACTION}.`))
      return (async (): Promise<Reply[]> => {
        owner(req, 'change the risk method');
        const preset = a.actionId.slice(PRESET_ACTION.length + 1);
        const { version } = changeRiskMethod(ctxOf(req), actorOf(req), { preset }, placeOf(req));
        return changed(req, version, `the ${preset.replace('x', '×')} preset`);
      })();
    if (a.actionId === CRITERIA_ACTION)
      return (async (): Promise<Reply[]> => {
        owner(req, 'change the risk method');
        const { method, version } = currentMethod(ctxOf(req));
        return [{ type: 'modal', view: criteriaModal(method, version) }];
      })();
    return undefined;
  }

  function view(req: Requester, v: ViewSubmission): Promise<ViewResult> | undefined {
    if (v.callbackId !== CRITERIA_CALLBACK) return undefined;
    return (async (): Promise<ViewResult> => {
      owner(req, 'change the risk method');
      const ctx = ctxOf(req);
      const { method, version } = currentMethod(ctx);
      // The form was opened on another version: its answers may not fit the levels it has now.
      if (Number(parsePrivateMetadata(v.privateMetadata).version) !== version)
        return {
          ok: true,
          replies: [ephemeral('The risk method changed while the form was open; nothing was saved.')],
        };
      const next = withCriteria(method, readFormValues(criteriaFields(method), v.values));
      if (!next.ok) return next;
      try {
        const saved = changeRiskMethod(ctx, actorOf(req), { method: next.method }, placeOf(req));
        return { ok: true, replies: changed(req, saved.version, 'new acceptance criteria') };
      } catch (err) {
        // Open acceptances judged by criteria this change removes: said in the form, nothing stored.
        if (isDomainError(err) && err.code === 'CONFLICT')
          return { ok: false, errors: { [criteriaFields(method)[0]?.id ?? '']: err.message } };
        throw err;
      }
    })();
  }

  return {
    subcommands: [command],
    action,
    view,
    checkView(req, v) {
      if (v.callbackId !== CRITERIA_CALLBACK) return undefined;
      const { method } = currentMethod(ctxOf(req));
      const next = withCriteria(method, readFormValues(criteriaFields(method), v.values));
      return Promise.resolve(next.ok ? { ok: true, replies: [] } : next);
    },
  };
}
