import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

export const SOA_REASONS = ['legal', 'contractual', 'business'] as const;
export type SoaReason = (typeof SOA_REASONS)[number];
export const SOA_STATUSES = ['planned', 'partial', 'implemented'] as const;
export type SoaStatus = (typeof SOA_STATUSES)[number];

/**
 * The working Statement of Applicability (6.1.3 d): one row per Annex A control decided so far.
 * Risks linked to a control are not stored here: they are derived from the treatments that pick it.
 * An approved SoA is a snapshot in `soa_versions`.
 */
export const soaEntries = sqliteTable(
  'soa_entries',
  {
    teamId: teamId(),
    controlId: text('control_id').notNull(),
    applicable: integer('applicable', { mode: 'boolean' }).notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<SoaReason[]>().notNull(),
    justification: text('justification'),
    status: text('status', { enum: SOA_STATUSES }),
    ownerId: text('owner_id'),
    evidenceRef: text('evidence_ref'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.controlId] })],
);
