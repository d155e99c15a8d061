/**
 * Where the team keeps documented information isms-bot does not produce itself (`/isms docs`): the ISMS
 * owner registers a link per clause of the mandatory list, each registration is evidence, and the
 * readiness report (readiness.ts) counts a registered document as present.
 */
import { and, asc, eq } from 'drizzle-orm';
import { documents } from '../store/schema/index.ts';
import { requireRoles } from './access.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';

/** The mandatory documented information of ISO/IEC 27001:2022, by clause, in our own short words. */
export const MANDATORY_DOCUMENTS = [
  { clause: '4.3', title: 'Scope of the ISMS' },
  { clause: '5.2', title: 'Information security policy' },
  { clause: '6.1.2', title: 'Risk assessment process' },
  { clause: '6.1.3', title: 'Risk treatment process' },
  { clause: '6.1.3 d', title: 'Statement of Applicability' },
  { clause: '6.2', title: 'Information security objectives' },
  { clause: '7.2', title: 'Evidence of competence' },
  { clause: '8.1', title: 'Operational planning and control' },
  { clause: '8.2', title: 'Results of risk assessments' },
  { clause: '8.3', title: 'Results of risk treatment' },
  { clause: '9.1', title: 'Monitoring and measurement results' },
  { clause: '9.2', title: 'Internal audit programme and results' },
  { clause: '9.3', title: 'Results of management reviews' },
  { clause: '10.2', title: 'Nonconformities and corrective actions' },
] as const;

export type MandatoryClause = (typeof MANDATORY_DOCUMENTS)[number]['clause'];

export type DocumentRow = typeof documents.$inferSelect;

/** `6.1.3d`, `6.1.3 d` and `6.1.3 d)` all name the SoA; anything off the list is refused. */
export function parseClause(raw: string): MandatoryClause {
  const s = raw
    .trim()
    .replace(/\)$/, '')
    .replace(/^(\d+(?:\.\d+)*)\s*([a-z])$/i, '$1 $2')
    .toLowerCase();
  const found = MANDATORY_DOCUMENTS.find((d) => d.clause === s);
  if (!found)
    throw new DomainError(
      'VALIDATION',
      `"${raw.slice(0, 20)}" is not a clause of the mandatory documented information: use one of ${MANDATORY_DOCUMENTS.map((d) => d.clause).join(', ')}.`,
    );
  return found.clause;
}

/** An https link with a host; characters Slack would read as markup are percent-encoded. */
export function parseLink(raw: string): string {
  const bad = () =>
    new DomainError(
      'VALIDATION',
      'Give the document as an https link, e.g. https://wiki.example.com/isms/policy.',
    );
  const s =
    raw
      .trim()
      .replace(/^<(.*)>$/, '$1')
      .split('|')[0] ?? '';
  if (s.length > 500 || /[\s\p{Cc}]/u.test(s)) throw bad();
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw bad();
  }
  if (url.protocol !== 'https:' || !url.hostname.includes('.') || url.username || url.password) throw bad();
  return url.href.replace(/[<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `/isms docs add <clause> <link>`: the ISMS owner only; the refusal, like the registration, is evidence. */
export function registerDocument(
  ctx: Ctx,
  actor: Actor,
  input: { clause: string; link: string },
  place?: Place,
): DocumentRow {
  requireRoles(ctx, actor, ['owner'], 'register where a document is', place);
  const clause = parseClause(input.clause);
  const link = parseLink(input.link);
  return ctx.db.transaction(
    (tx) => {
      const t = { ...ctx, db: tx };
      const row = tx
        .insert(documents)
        .values({
          teamId: ctx.teamId,
          clause,
          link,
          registeredBy: actor.userId,
          registeredAt: ctx.clock.now().toISOString(),
        })
        .returning()
        .get();
      appendEvidence(t, {
        actor,
        kind: 'document.registered',
        subject: `clause:${clause}`,
        data: { clause, link },
        place,
      });
      return row;
    },
    { behavior: 'immediate' },
  );
}

/** The registration in force for each clause (the latest), in the mandatory list's order. */
export function currentDocuments(ctx: Ctx): Map<MandatoryClause, DocumentRow> {
  const latest = new Map<MandatoryClause, DocumentRow>();
  for (const row of ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.teamId, ctx.teamId)))
    .orderBy(asc(documents.id))
    .all())
    latest.set(row.clause as MandatoryClause, row);
  return latest;
}
