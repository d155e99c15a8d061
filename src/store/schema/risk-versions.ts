import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';
import { risks } from './risks.ts';

export const TREATMENTS = ['modify', 'retain', 'avoid', 'share'] as const;
export type Treatment = (typeof TREATMENTS)[number];

/**
 * One assessment of a risk (6.1.2 c–e, 6.1.3): a re-assessment adds a version, old ones stay as its
 * history (UPDATE and DELETE refused by trigger). Levels are not stored: they are read from the
 * method version through src/domain/risk/level.ts, the one rule.
 */
export const riskVersions = sqliteTable(
  'risk_versions',
  {
    teamId: teamId(),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
    version: integer('version').notNull(),
    methodVersion: integer('method_version').notNull(),
    title: text('title').notNull(),
    scenario: text('scenario').notNull(),
    threat: text('threat'),
    vulnerability: text('vulnerability'),
    assetIds: text('asset_ids', { mode: 'json' }).$type<number[]>().notNull(),
    ownerId: text('owner_id').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    treatment: text('treatment', { enum: TREATMENTS }),
    /** Annex A control ids the treatment applies (A.5.1 … A.8.34); they justify SoA rows. */
    controls: text('controls', { mode: 'json' }).$type<string[]>().notNull(),
    treatmentPlan: text('treatment_plan'),
    residualLikelihood: integer('residual_likelihood'),
    residualImpact: integer('residual_impact'),
    assessedBy: text('assessed_by').notNull(),
    assessedAt: timestamp('assessed_at'),
  },
  (t) => [primaryKey({ columns: [t.riskId, t.version] }), index('risk_versions_team').on(t.teamId)],
);
