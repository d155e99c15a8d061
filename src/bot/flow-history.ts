/**
 * `/isms flows history <id>`: what happened to a workflow, entry by entry from the evidence chain, a
 * superseded decision shown struck through with who superseded it and why; and `/isms flows correct
 * <id> <#entry> <reason>`: supersede a decision taken by mistake (the runtime's rule decides who may).
 * Nothing in the evidence is ever edited: a correction is one more entry.
 */

import { READER_ROLES, requireRoles } from '../domain/access.ts';
import type { Ctx } from '../domain/context.ts';
import type { EvidenceRow } from '../domain/evidence.ts';
import type { Db } from '../store/db.ts';
import type { Instance, Runtime } from '../workflows/runtime.ts';
import { asSentence, DECISION_KINDS, SUPERSEDED_KIND } from '../workflows/supersede.ts';
import type { Subcommand } from './commands.ts';
import { actorOf, ephemeral, placeOf } from './replies.ts';
import type { Reply, Requester } from './types.ts';
import { escapeMrkdwn as esc, SECTION_MAX, splitForSections, truncate } from './views/text.ts';

/** The most recent entries a history shows (the whole chain is `isms evidence export`). */
const MAX_LINES = 80;

type Data = Record<string, unknown>;
const dataOf = (e: EvidenceRow) => (e.data ?? {}) as Data;
const when = (iso: string) =>
  `${new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })} ${iso.slice(11, 16)} UTC`;
const who = (e: EvidenceRow) => (e.actorId === 'system' ? 'isms-bot' : `<@${e.actorId}>`);
const isDecision = (e: EvidenceRow) =>
  (DECISION_KINDS as readonly string[]).includes(e.kind) && e.actorId !== 'system';

export function parseEntryRef(text: string | undefined): number | undefined {
  const m = /^#?(\d{1,9})$/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The history as mrkdwn lines, oldest first; `title(step)` names a step as its flow does. */
export function historyLines(entries: readonly EvidenceRow[], title: (step: string) => string): string[] {
  const corrections = new Map(
    entries.filter((e) => e.kind === SUPERSEDED_KIND).map((c) => [Number(dataOf(c).supersedes), c]),
  );
  const step = (e: EvidenceRow) => (e.step ? `*${esc(title(e.step))}*` : '');
  return entries.map((e) => {
    const d = dataOf(e);
    const event = typeof d.event === 'string' ? ` \`${esc(d.event)}\`` : '';
    const head = `#${e.seq} ${when(e.at)} ${who(e)}`;
    switch (e.kind) {
      case 'workflow.started':
        return `${head} started it`;
      case 'workflow.completed':
        return `${head}: completed`;
      case 'workflow.cancelled':
        return `${head} cancelled it: ${esc(truncate(String(d.reason ?? ''), 300))}`;
      case 'step.completed':
        return `${head} finished ${step(e)}`;
      case 'step.timed':
        return `${head} sent${event} at ${step(e)}`;
      case 'step.refused':
        return `${head} was refused at ${step(e)}${event}`;
      case SUPERSEDED_KIND: {
        const reopened = typeof d.reopened === 'string' ? d.reopened : undefined;
        const next = reopened
          ? entries.find((x) => x.seq > e.seq && x.step === reopened && isDecision(x))
          : undefined;
        const again = reopened
          ? ` ${step({ ...e, step: reopened })} asked again${next ? `; the new decision is #${next.seq}` : ''}.`
          : '';
        return `${head} superseded #${String(d.supersedes)} (by <@${String(d.decidedBy)}>) as taken by mistake: ${esc(asSentence(truncate(String(d.reason ?? ''), 300)))}${again}`;
      }
      default: {
        const line = isDecision(e)
          ? `${head} ${e.kind === 'step.submitted' ? 'submitted' : 'decided'} ${step(e)}${event}`
          : `${head} ${esc(e.kind)} ${step(e)}${event}`.trimEnd();
        const c = corrections.get(e.seq);
        if (!c) return line;
        const reason = esc(truncate(String(dataOf(c).reason ?? ''), 300));
        return `~${line}~ *superseded* by #${c.seq} (<@${c.actorId}>, ${when(c.at)}): ${reason}`;
      }
    }
  });
}

export function createFlowHistory({
  db,
  clock,
  runtime,
  show,
}: {
  db: Db;
  clock: Ctx['clock'];
  runtime: Runtime;
  /** Every message of the instance that is behind (the thread status, DMs, notices). */
  show: (i: Instance) => Promise<Reply[]>;
}): Subcommand[] {
  const ctxOf = (req: Requester): Ctx => ({ db, teamId: req.teamId, clock });
  const titleOf = (i: Instance) => runtime.flows.find((f) => f.key === i.flow)?.title ?? i.flow;
  const stepTitle = (i: Instance) => (key: string) => {
    try {
      return runtime.stepAt(i, key).meta.title;
    } catch {
      return key; // a step of a definition this release no longer has
    }
  };

  const history: Subcommand = {
    name: 'flows history',
    usage: 'flows history <id>',
    summary: "a workflow's history from the evidence, superseded decisions shown as such",
    async run(req, args) {
      const [id, extra] = args.split(/\s+/).filter(Boolean);
      if (!id || extra)
        return [ephemeral('Usage: `/isms flows history <id>` (the ids are in `/isms flows`).')];
      const i = runtime.get(req.teamId, id);
      requireRoles(ctxOf(req), actorOf(req), READER_ROLES, "see a workflow's history", placeOf(req));
      const lines = historyLines(runtime.history(req.teamId, i.id), stepTitle(i));
      const cut = lines.length - MAX_LINES;
      const shown =
        cut > 0 ? [`(${cut} earlier entries: \`isms evidence export\`)`, ...lines.slice(cut)] : lines;
      const head = `*History of \`${i.id}\`* ${esc(titleOf(i))}${i.subject ? ` ${esc(i.subject)}` : ''}, ${i.status}. Correct a decision taken by mistake with \`/isms flows correct ${i.id} <#entry> <reason>\`.`;
      const text = `${head}\n${shown.join('\n')}`;
      return [
        {
          type: 'ephemeral',
          message: {
            text: truncate(text, 3000),
            blocks: splitForSections(text, SECTION_MAX - 100)
              .slice(0, 45)
              .map((s) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: s } })),
          },
        },
      ];
    },
  };

  const correct: Subcommand = {
    name: 'flows correct',
    usage: 'flows correct <id> <#entry> <reason>',
    summary: 'supersede a decision taken by mistake (who and why are recorded; nothing is edited)',
    async run(req, args) {
      const [id, ref, ...rest] = args.split(/\s+/).filter(Boolean);
      const seq = parseEntryRef(ref);
      if (!id || seq === undefined || rest.length === 0)
        return [
          ephemeral(
            'Usage: `/isms flows correct <id> <#entry> <reason>`, e.g. `/isms flows correct 3f2a… #12 accepted the wrong risk`; `/isms flows history <id>` numbers the decisions. Nothing was changed.',
          ),
        ];
      const done = await runtime.supersede({
        teamId: req.teamId,
        instanceId: id,
        seq,
        reason: rest.join(' '),
        actor: actorOf(req),
        place: placeOf(req),
        via: req.via,
      });
      const again = done.reopened
        ? ` *${esc(done.reopened.meta.title)}* is asked again.`
        : ' The workflow stays where it is; the history shows the decision as superseded.';
      return [
        ...(await show(done.instance)),
        ephemeral(`Superseded #${seq} (recorded as #${done.entry.seq}).${again}`),
      ];
    },
  };
  return [history, correct];
}
