/**
 * The Statement of Applicability (6.1.3 d): every Annex A control, applicable or not, with its
 * justification. A control picked by a risk treatment is linked to that risk automatically (and is
 * applicable for that reason); other reasons are legal, contractual or business. Approved versions
 * are frozen snapshots (top management, evidence), and two versions can be compared.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { soaEntries, soaVersions } from '../store/schema/index.ts';
import { SOA_REASONS, SOA_STATUSES, type SoaReason, type SoaStatus } from '../store/schema/soa-entries.ts';
import { CONTROLS, type ControlTheme } from './catalog.ts';
import type { Actor, Ctx, Place } from './context.ts';
import { DomainError } from './errors.ts';
import { appendEvidence } from './evidence.ts';
import { controlId, parseInput, userId } from './input.ts';
import { listRiskViews } from './risk/views.ts';
import { holdersOf, rolesOf } from './roles.ts';

export interface SoaRow {
  readonly controlId: string;
  readonly title: string;
  readonly theme: ControlTheme;
  /** null: not decided yet. A control linked to a risk and not decided counts as applicable. */
  readonly applicable: boolean | null;
  /** Open risks whose current treatment picks this control. */
  readonly risks: readonly string[];
  readonly reasons: readonly SoaReason[];
  readonly justification: string | null;
  readonly status: SoaStatus | null;
  readonly ownerId: string | null;
  readonly evidenceRef: string | null;
}

export const soaEntryInput = z.object({
  controlId,
  applicable: z.boolean({ message: 'must be yes or no' }),
  reasons: z.array(z.enum(SOA_REASONS, { message: `must be ${SOA_REASONS.join(', ')}` })).default([]),
  justification: z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .transform((s) => s || null),
  status: z.enum(SOA_STATUSES, { message: `must be ${SOA_STATUSES.join(', ')}` }).nullish(),
  ownerId: userId.nullish(),
  evidenceRef: z
    .string()
    .trim()
    .max(300)
    .nullish()
    .transform((s) => s || null),
});
export type SoaEntryInput = z.input<typeof soaEntryInput>;
const LABELS = {
  controlId: 'Control',
  applicable: 'Applicable',
  reasons: 'Reason',
  justification: 'Justification',
  status: 'Status',
  ownerId: 'Owner',
  evidenceRef: 'Evidence reference',
};

/** Controls each open risk's current treatment picks, by control id. */
function linkedRisks(ctx: Ctx): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const r of listRiskViews(ctx)) {
    if (r.status !== 'open') continue;
    for (const c of r.controls) links.set(c, [...(links.get(c) ?? []), r.ref]);
  }
  return links;
}

/** All 93 rows, in Annex A order. */
export function getSoa(ctx: Ctx): SoaRow[] {
  const entries = new Map(
    ctx.db
      .select()
      .from(soaEntries)
      .where(eq(soaEntries.teamId, ctx.teamId))
      .all()
      .map((e) => [e.controlId, e]),
  );
  const links = linkedRisks(ctx);
  return CONTROLS.map((c) => {
    const e = entries.get(c.ref);
    const risks = links.get(c.ref) ?? [];
    return {
      controlId: c.ref,
      title: c.title,
      theme: c.theme,
      applicable: e ? e.applicable : risks.length > 0 ? true : null,
      risks,
      reasons: e?.reasons ?? [],
      justification: e?.justification ?? null,
      status: e?.status ?? null,
      ownerId: e?.ownerId ?? null,
      evidenceRef: e?.evidenceRef ?? null,
    };
  });
}

/** What is wrong with a row (null when it is decided and justified). */
export function soaRowProblem(r: SoaRow): string | null {
  if (r.applicable === null) return 'not decided';
  if (r.applicable && r.risks.length === 0 && r.reasons.length === 0)
    return 'applicable with no risk and no legal, contractual or business reason';
  if (r.applicable && r.reasons.length > 0 && !r.justification) return 'a reason without a justification';
  if (!r.applicable && !r.justification) return 'excluded without a justification';
  if (!r.applicable && r.risks.length > 0) return `excluded but treats ${r.risks.join(', ')}`;
  return null;
}

/** The row an entry would make, and the first thing wrong with it (null when it can be saved). */
function rowFor(ctx: Ctx, e: z.output<typeof soaEntryInput>): { row: SoaRow; problem: SoaProblem | null } {
  const risks = linkedRisks(ctx).get(e.controlId) ?? [];
  const row: SoaRow = {
    ...(getSoa(ctx).find((r) => r.controlId === e.controlId) as SoaRow),
    applicable: e.applicable,
    reasons: [...new Set(e.reasons)],
    justification: e.justification,
    status: e.applicable ? (e.status ?? null) : null,
    ownerId: e.ownerId ?? null,
    evidenceRef: e.evidenceRef,
    risks,
  };
  const problem = soaRowProblem(row);
  if (!problem) return { row, problem: null };
  const field = problem.startsWith('excluded but')
    ? 'applicable'
    : problem.startsWith('applicable with no risk')
      ? 'reasons'
      : 'justification';
  return { row, problem: { field, message: `${e.controlId}: ${problem}.` } };
}

export interface SoaProblem {
  /** The entry field to fix (`applicable`, `reasons`, `justification`, `ownerId` …). */
  readonly field: string;
  readonly message: string;
}

/** What `setSoaEntry` would refuse about this entry, without saving anything (null: it would save). */
export function checkSoaEntry(ctx: Ctx, input: SoaEntryInput): SoaProblem | null {
  const parsed = soaEntryInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'applicable');
    const label = (LABELS as Record<string, string>)[field] ?? field;
    return { field, message: `${label} ${issue?.message ?? 'is not valid'}.` };
  }
  return rowFor(ctx, parsed.data).problem;
}

export function setSoaEntry(ctx: Ctx, actor: Actor, input: SoaEntryInput, place?: Place): SoaRow {
  const e = parseInput(soaEntryInput, input, 'This SoA row cannot be saved', LABELS);
  return ctx.db.transaction(
    (db) => {
      const t = { ...ctx, db };
      const { row, problem } = rowFor(t, e);
      if (problem)
        throw new DomainError('VALIDATION', `${e.controlId} cannot be saved: ${soaRowProblem(row)}.`, {
          [problem.field]: problem.message,
        });
      const now = ctx.clock.now().toISOString();
      const values = {
        applicable: row.applicable as boolean,
        reasons: [...row.reasons],
        justification: row.justification,
        status: row.status,
        ownerId: row.ownerId,
        evidenceRef: row.evidenceRef,
        updatedBy: actor.userId,
        updatedAt: now,
      };
      db.insert(soaEntries)
        .values({ teamId: ctx.teamId, controlId: e.controlId, ...values })
        .onConflictDoUpdate({ target: [soaEntries.teamId, soaEntries.controlId], set: values })
        .run();
      appendEvidence(t, { actor, kind: 'soa.entry_set', subject: `soa:${e.controlId}`, data: row, place });
      return row;
    },
    { behavior: 'immediate' },
  );
}

export function listSoaVersions(ctx: Ctx) {
  return ctx.db
    .select()
    .from(soaVersions)
    .where(eq(soaVersions.teamId, ctx.teamId))
    .orderBy(asc(soaVersions.version))
    .all();
}

export function soaVersion(ctx: Ctx, version: number): SoaRow[] {
  const row = ctx.db
    .select({ rows: soaVersions.rows })
    .from(soaVersions)
    .where(and(eq(soaVersions.teamId, ctx.teamId), eq(soaVersions.version, version)))
    .get();
  if (!row) throw new DomainError('NOT_FOUND', `There is no approved SoA version ${version}.`);
  return row.rows;
}

/** Top management (the ISMS owner when nobody holds that role) approves the SoA as it stands. */
export function approveSoa(ctx: Ctx, actor: Actor, place?: Place, note?: string): { version: number } {
  // Checked outside the transaction so that the refusal's evidence is not rolled back with it.
  const management = holdersOf(ctx, 'management');
  const may =
    management.length > 0
      ? management.some((p) => p.userId === actor.userId)
      : rolesOf(ctx, actor.userId).includes('owner');
  if (!may) {
    appendEvidence(ctx, { actor, kind: 'soa.approval_refused', subject: 'soa', data: {}, place });
    throw new DomainError('FORBIDDEN', 'Only top management can approve the Statement of Applicability.');
  }
  return ctx.db.transaction(
    (db) => {
      const t = { ...ctx, db };
      const rows = getSoa(t);
      const problems = rows.flatMap((r) => {
        const p = soaRowProblem(r);
        return p ? [`${r.controlId} (${p})`] : [];
      });
      if (problems.length > 0)
        throw new DomainError(
          'VALIDATION',
          `${problems.length} of 93 controls are not ready: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ' …' : ''}.`,
        );
      const last = db
        .select({ version: soaVersions.version })
        .from(soaVersions)
        .where(eq(soaVersions.teamId, ctx.teamId))
        .orderBy(desc(soaVersions.version))
        .limit(1)
        .get();
      const version = (last?.version ?? 0) + 1;
      const approvedAt = ctx.clock.now().toISOString();
      db.insert(soaVersions)
        .values({
          teamId: ctx.teamId,
          version,
          rows,
          approvedBy: actor.userId,
          approvedAt,
          note: note ?? null,
        })
        .run();
      const previous = last ? soaVersion(t, last.version) : [];
      appendEvidence(t, {
        actor,
        kind: 'soa.approved',
        subject: `soa:v${version}`,
        data: { version, note: note ?? null, changes: diffSoa(previous, rows), rows },
        place,
      });
      return { version };
    },
    { behavior: 'immediate' },
  );
}

export interface SoaChange {
  readonly controlId: string;
  readonly field: keyof SoaRow;
  readonly from: unknown;
  readonly to: unknown;
}

const COMPARED: readonly (keyof SoaRow)[] = [
  'applicable',
  'risks',
  'reasons',
  'justification',
  'status',
  'ownerId',
  'evidenceRef',
];

/** Field-by-field changes from `before` to `after` (an empty `before`: everything is new). */
export function diffSoa(before: readonly SoaRow[], after: readonly SoaRow[]): SoaChange[] {
  const old = new Map(before.map((r) => [r.controlId, r]));
  return after.flatMap((r) =>
    COMPARED.flatMap((field) => {
      const from = old.get(r.controlId)?.[field] ?? null;
      const to = r[field] ?? null;
      return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ controlId: r.controlId, field, from, to }];
    }),
  );
}
