/**
 * Readiness for certification (`/isms status`, `isms status`): each item of the mandatory documented
 * information, done / partial / missing from the workspace's real data, where its evidence is, and the
 * next thing to do. One check per clause in `READINESS_CHECKS`; a feature that starts producing an item
 * (management review, internal audit …) replaces that clause's check there. Without a check of its
 * own, an item is present only once the ISMS owner registers where its document is (`/isms docs add`).
 */
import { and, count, eq } from 'drizzle-orm';
import { soaVersions, workflowInstances } from '../store/schema/index.ts';
import type { Ctx } from './context.ts';
import {
  currentDocuments,
  type DocumentRow,
  MANDATORY_DOCUMENTS,
  type MandatoryClause,
} from './documents.ts';
import { managementReviewReadiness } from './review-readiness.ts';
import { currentMethod } from './risk/methods.ts';
import { listRiskRatings } from './risk/ratings.ts';
import { listRiskViews } from './risk/views.ts';
import { currentScope } from './scope.ts';
import { getSoa, soaRowProblem } from './soa.ts';

export type Readiness = 'done' | 'partial' | 'missing';

export interface ReadinessItem {
  readonly clause: MandatoryClause;
  readonly title: string;
  readonly status: Readiness;
  /** Where the evidence is, when there is some. */
  readonly evidence?: string | undefined;
  /** The next thing to do (absent when done). */
  readonly next?: string | undefined;
}

type Found = Omit<ReadinessItem, 'clause' | 'title'>;

/** What a check sees: the workspace and the document registered for its clause, if any. */
export interface ReadinessQuery {
  readonly ctx: Ctx;
  readonly doc?: DocumentRow | undefined;
}
export type ReadinessCheck = (q: ReadinessQuery) => Found;

const registered = (doc: DocumentRow): Found => ({
  status: 'done',
  evidence: `registered document ${doc.link} (${doc.registeredAt.slice(0, 10)}, <@${doc.registeredBy}>)`,
});

/** An item isms-bot does not produce: present once its document is registered. */
const documentOnly =
  (clause: MandatoryClause, what: string): ReadinessCheck =>
  ({ doc }) =>
    doc
      ? registered(doc)
      : { status: 'missing', next: `write ${what}, then \`/isms docs add ${clause} <link>\`` };

/** A registered document stands in for data isms-bot does not have (yet). */
const orDocument =
  (check: ReadinessCheck): ReadinessCheck =>
  (q) => {
    const found = check(q);
    return found.status !== 'done' && q.doc ? registered(q.doc) : found;
  };

function activeFlow(ctx: Ctx, flow: string): boolean {
  return (
    (ctx.db
      .select({ n: count() })
      .from(workflowInstances)
      .where(
        and(
          eq(workflowInstances.teamId, ctx.teamId),
          eq(workflowInstances.flow, flow),
          eq(workflowInstances.status, 'active'),
        ),
      )
      .get()?.n ?? 0) > 0
  );
}

const scope: ReadinessCheck = ({ ctx }) => {
  const s = currentScope(ctx);
  if (s)
    return {
      status: 'done',
      evidence: `scope version ${s.version}, approved ${s.approvedAt.slice(0, 10)} by <@${s.approvedBy}> (\`/isms scope show\`)`,
    };
  return activeFlow(ctx, 'scoping')
    ? {
        status: 'partial',
        evidence: 'scoping is running (`/isms flows`)',
        next: 'finish the scoping workflow and have it approved',
      }
    : { status: 'missing', next: 'scope the ISMS: `/isms scope`' };
};

const method: ReadinessCheck = ({ ctx }) => {
  const m = currentMethod(ctx);
  return m.version > 0
    ? {
        status: 'done',
        evidence: `risk method "${m.method.name}", version ${m.version} (\`isms export method --format md\`)`,
      }
    : {
        status: 'missing',
        next: 'choose the risk method (scales, levels, acceptance criteria): `/isms risk method`',
      };
};

const treatmentProcess: ReadinessCheck = ({ ctx }) => {
  const m = currentMethod(ctx);
  if (m.version === 0)
    return {
      status: 'missing',
      next: 'choose the risk method first; its acceptance criteria say how risks are treated',
    };
  const treated = listRiskRatings(ctx).length;
  return {
    status: 'done',
    evidence: `treatment options and acceptance criteria per level in risk method version ${m.version}${treated ? `, applied to ${treated} risk(s)` : ''} (\`isms export method --format md\`)`,
  };
};

const soa: ReadinessCheck = ({ ctx }) => {
  const rows = getSoa(ctx);
  const decided = rows.filter((r) => r.applicable !== null).length;
  const problems = rows.filter((r) => soaRowProblem(r) !== null).length;
  const approved =
    ctx.db.select({ n: count() }).from(soaVersions).where(eq(soaVersions.teamId, ctx.teamId)).get()?.n ?? 0;
  const where = `${decided} of ${rows.length} controls decided (\`/isms soa\`, \`isms export soa\`)`;
  if (decided === 0)
    return { status: 'missing', next: 'decide for each Annex A control whether it applies: `/isms soa`' };
  if (problems > 0)
    return {
      status: 'partial',
      evidence: where,
      next: `resolve ${problems} control(s) not decided or not justified (\`/isms soa undecided\`)`,
    };
  if (approved === 0)
    return { status: 'partial', evidence: where, next: 'have the Statement of Applicability approved' };
  return { status: 'done', evidence: `${where}, ${approved} approved version(s)` };
};

const assessmentResults: ReadinessCheck = ({ ctx }) => {
  const open = listRiskRatings(ctx).filter((r) => r.status === 'open');
  return open.length
    ? {
        status: 'done',
        evidence: `risk register: ${open.length} open risk(s) assessed (\`/isms risks\`, \`isms export risks\`)`,
      }
    : { status: 'missing', next: 'assess the risks to the scope: add them to the risk register' };
};

const treatmentResults: ReadinessCheck = ({ ctx }) => {
  const open = listRiskViews(ctx).filter((v) => v.status === 'open');
  if (open.length === 0) return { status: 'missing', next: 'assess and treat risks first' };
  const untreated = open.filter((v) => !v.treatment || !v.residual).length;
  const waiting = open.filter((v) => v.acceptance.state !== 'accepted').length;
  const overdue = open.reduce((n, v) => n + v.overdueActions, 0);
  const evidence = `${open.length - untreated} of ${open.length} open risks treated with a residual rating, ${open.length - waiting} accepted (\`/isms risks\`)`;
  if (untreated === 0 && waiting === 0 && overdue === 0) return { status: 'done', evidence };
  const todo = [
    untreated ? `treat ${untreated} risk(s) (\`/isms risks untreated\`)` : '',
    waiting ? `get ${waiting} acceptance(s) decided (\`/isms risks pending\`)` : '',
    overdue ? `finish ${overdue} overdue treatment action(s) (\`/isms risks overdue\`)` : '',
  ].filter(Boolean);
  return { status: untreated === open.length ? 'missing' : 'partial', evidence, next: todo.join('; ') };
};

/** One check per clause. Replace a clause's check here when a workflow starts producing it. */
export const READINESS_CHECKS: Record<MandatoryClause, ReadinessCheck> = {
  '4.3': orDocument(scope),
  '5.2': documentOnly('5.2', 'the information security policy and have top management approve it'),
  '6.1.2': orDocument(method),
  '6.1.3': orDocument(treatmentProcess),
  '6.1.3 d': orDocument(soa),
  '6.2': documentOnly('6.2', 'the information security objectives and how they are measured'),
  '7.2': documentOnly(
    '7.2',
    'down who needs which competence and keep the evidence (training, certificates)',
  ),
  '8.1': documentOnly('8.1', 'how the ISMS processes are planned and controlled'),
  '8.2': orDocument(assessmentResults),
  '8.3': orDocument(treatmentResults),
  '9.1': documentOnly('9.1', 'what is monitored and measured, and keep the results'),
  '9.2': documentOnly('9.2', 'the internal audit programme and keep its reports'),
  '9.3': ({ ctx, doc }) => managementReviewReadiness(ctx, { doc, running: activeFlow(ctx, 'review') }),
  '10.2': documentOnly('10.2', 'a log of nonconformities and their corrective actions'),
};

export function readiness(ctx: Ctx): ReadinessItem[] {
  const docs = currentDocuments(ctx);
  return MANDATORY_DOCUMENTS.map((d) => ({
    clause: d.clause,
    title: d.title,
    ...READINESS_CHECKS[d.clause]({ ctx, doc: docs.get(d.clause) }),
  }));
}

export const READINESS_MARKS: Record<Readiness, string> = { done: '✅', partial: '🟡', missing: '❌' };

/** Counts for a summary line: "9 done, 2 partial, 3 missing". */
export function readinessSummary(items: readonly ReadinessItem[]): Record<Readiness, number> {
  const n = { done: 0, partial: 0, missing: 0 };
  for (const i of items) n[i.status] += 1;
  return n;
}
