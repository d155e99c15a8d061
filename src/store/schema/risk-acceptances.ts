import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';
import { risks } from './risks.ts';

/**
 * Risk acceptance decisions (6.1.3 f): append-only (UPDATE and DELETE refused by trigger). Each row
 * freezes the residual rating and level as they were when decided, so a later change shows the
 * acceptance as stale instead of silently carrying it over. A decision taken by mistake is not edited:
 * a `superseded` row names it (`supersedes`), with who corrected it and why, and it stops counting.
 */
export const riskAcceptances = sqliteTable(
  'risk_acceptances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
    riskVersion: integer('risk_version').notNull(),
    decision: text('decision', { enum: ['accepted', 'declined', 'superseded'] }).notNull(),
    /** In which capacity: the risk owner, or top management after the owner. */
    role: text('role', { enum: ['owner', 'management'] }).notNull(),
    decidedBy: text('decided_by').notNull(),
    justification: text('justification').notNull(),
    methodVersion: integer('method_version').notNull(),
    residualLikelihood: integer('residual_likelihood').notNull(),
    residualImpact: integer('residual_impact').notNull(),
    residualLevel: text('residual_level').notNull(),
    /** The criteria the decision was judged by, frozen: who may accept and the longest acceptance. */
    criteriaBy: text('criteria_by').notNull(),
    criteriaMaxDays: integer('criteria_max_days'),
    expiresOn: text('expires_on'),
    decidedAt: timestamp('decided_at'),
    /** On a `superseded` row: the decision it withdraws (each decision is superseded at most once). */
    supersedes: integer('supersedes'),
  },
  (t) => [
    index('risk_acceptances_team_risk').on(t.teamId, t.riskId),
    uniqueIndex('risk_acceptances_supersedes').on(t.teamId, t.supersedes),
  ],
);
