/**
 * The registers as tables (header + rows of text or numbers), built from the database through the
 * same domain reads Slack uses. CSV and XLSX are both written from these, so they cannot disagree.
 */
import { listAssets } from '../domain/assets.ts';
import type { Ctx } from '../domain/context.ts';
import { decisionHistory, STATE_LABELS } from '../domain/risk/acceptance.ts';
import type { RiskLevelDef } from '../domain/risk/method.ts';
import { currentMethod } from '../domain/risk/methods.ts';
import { listRiskViews, type RiskView } from '../domain/risk/views.ts';
import { getSoa } from '../domain/soa.ts';

export type Cell = string | number | null;

export interface Column {
  readonly header: string;
  readonly width?: number;
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Per row, the colour (#RRGGBB) of cells that show a level: column index → colour. */
  readonly colours?: readonly ReadonlyMap<number, string>[];
}

const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join('; ') : null);

export const RISK_COLUMNS: readonly Column[] = [
  { header: 'ID', width: 10 },
  { header: 'Title', width: 32 },
  { header: 'Scenario', width: 48 },
  { header: 'Threat', width: 24 },
  { header: 'Vulnerability', width: 24 },
  { header: 'Assets', width: 24 },
  { header: 'Owner', width: 14 },
  { header: 'Likelihood', width: 11 },
  { header: 'Impact', width: 9 },
  { header: 'Inherent level', width: 14 },
  { header: 'Treatment', width: 11 },
  { header: 'Controls', width: 20 },
  { header: 'Treatment plan', width: 32 },
  { header: 'Residual likelihood', width: 11 },
  { header: 'Residual impact', width: 9 },
  { header: 'Residual level', width: 14 },
  { header: 'Acceptance', width: 18 },
  { header: 'Accepted until', width: 14 },
  { header: 'Open actions', width: 8 },
  { header: 'Overdue actions', width: 8 },
  { header: 'Version', width: 8 },
  { header: 'Method version', width: 8 },
  { header: 'Assessed at', width: 20 },
  // Read only: an import ignores it (decisions are taken in the risk flow, not imported).
  { header: 'Acceptance decisions', width: 60 },
];
const INHERENT_COL = 9;
const RESIDUAL_COL = 15;

export function riskRow(r: RiskView): Cell[] {
  return [
    r.ref,
    r.title,
    r.scenario,
    r.threat,
    r.vulnerability,
    list(r.assets.map((a) => a.ref)),
    r.ownerId,
    r.likelihood,
    r.impact,
    r.inherent.name,
    r.treatment,
    list(r.controls),
    r.treatmentPlan,
    r.residual?.likelihood ?? null,
    r.residual?.impact ?? null,
    r.residualLevel?.name ?? null,
    STATE_LABELS[r.acceptance.state],
    r.acceptance.state === 'accepted' ? (r.acceptance.current?.expiresOn ?? null) : null,
    r.actions.filter((a) => a.status === 'open').length,
    r.overdueActions,
    r.version,
    r.methodVersion,
    r.assessedAt,
    acceptanceDecisions(r),
  ];
}

/** Every acceptance decision, oldest first; one taken by mistake says who superseded it, when and why. */
function acceptanceDecisions(r: RiskView): string | null {
  const lines = decisionHistory(r.acceptances).map(({ decision: a, supersededBy: c }) => {
    const what = `${a.decidedAt.slice(0, 10)} ${a.decision} by ${a.decidedBy} as ${a.role === 'owner' ? 'risk owner' : 'top management'}${a.expiresOn ? ` until ${a.expiresOn}` : ''}`;
    return c
      ? `${what} — SUPERSEDED ${c.decidedAt.slice(0, 10)} by ${c.decidedBy}: ${c.justification}`
      : what;
  });
  return list(lines);
}

export function riskTable(ctx: Ctx, views = listRiskViews(ctx)): Table {
  return {
    name: 'Risk register',
    columns: RISK_COLUMNS,
    rows: views.map(riskRow),
    colours: views.map((r) => {
      const m = new Map([[INHERENT_COL, r.inherent.colour]]);
      if (r.residualLevel) m.set(RESIDUAL_COL, r.residualLevel.colour);
      return m;
    }),
  };
}

export function soaTable(ctx: Ctx): Table {
  return {
    name: 'Statement of Applicability',
    columns: [
      { header: 'Control', width: 9 },
      { header: 'Title', width: 40 },
      { header: 'Theme', width: 14 },
      { header: 'Applicable', width: 11 },
      { header: 'Linked risks', width: 20 },
      { header: 'Reasons', width: 20 },
      { header: 'Justification', width: 48 },
      { header: 'Status', width: 13 },
      { header: 'Owner', width: 14 },
      { header: 'Evidence', width: 30 },
    ],
    rows: getSoa(ctx).map((r) => [
      r.controlId,
      r.title,
      r.theme,
      r.applicable === null ? 'undecided' : r.applicable ? 'yes' : 'no',
      list(r.risks),
      list(r.reasons),
      r.justification,
      r.status,
      r.ownerId,
      r.evidenceRef,
    ]),
  };
}

export function assetTable(ctx: Ctx): Table {
  return {
    name: 'Asset inventory',
    columns: [
      { header: 'ID', width: 10 },
      { header: 'Name', width: 32 },
      { header: 'Type', width: 13 },
      { header: 'Owner', width: 14 },
      { header: 'System or location', width: 28 },
      { header: 'Confidentiality', width: 9 },
      { header: 'Integrity', width: 9 },
      { header: 'Availability', width: 9 },
    ],
    rows: listAssets(ctx).map((a) => [
      a.ref,
      a.name,
      a.type,
      a.ownerId,
      a.location,
      a.confidentiality,
      a.integrity,
      a.availability,
    ]),
  };
}

/** The method cell by cell (long form): every likelihood × impact with its level and criteria. */
export function methodTable(ctx: Ctx): Table {
  const { method: m } = currentMethod(ctx);
  const cells: { row: Cell[]; level: RiskLevelDef }[] = [];
  for (const l of m.likelihood)
    for (const i of m.impact) {
      const level = m.levels.find((x) => x.id === m.grid[l.value - 1]?.[i.value - 1]) as RiskLevelDef;
      cells.push({
        level,
        row: [
          l.value,
          l.label,
          i.value,
          i.label,
          level.name,
          level.colour,
          level.acceptance.by,
          level.acceptance.maxDays,
        ],
      });
    }
  return {
    name: 'Risk method',
    columns: [
      { header: 'Likelihood', width: 10 },
      { header: 'Likelihood label', width: 16 },
      { header: 'Impact', width: 8 },
      { header: 'Impact label', width: 16 },
      { header: 'Level', width: 12 },
      { header: 'Colour', width: 9 },
      { header: 'Accepted by', width: 12 },
      { header: 'Longest acceptance (days)', width: 12 },
    ],
    rows: cells.map((c) => c.row),
    colours: cells.map((c) => new Map([[4, c.level.colour]])),
  };
}
