import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { RiskMethod } from '../../domain/risk/method.ts';
import { teamId, timestamp } from './columns.ts';

/**
 * A workspace's risk assessment method (6.1.2), one row per version; the highest is current. Risks
 * record the version they were assessed with, so an old version is never changed.
 */
export const riskMethods = sqliteTable(
  'risk_methods',
  {
    teamId: teamId(),
    version: integer('version').notNull(),
    method: text('method', { mode: 'json' }).$type<RiskMethod>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.version] })],
);
