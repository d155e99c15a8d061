import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/** The inventory of information and other associated assets (A.5.9), with C/I/A ratings. */
export const assets = sqliteTable(
  'assets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: teamId(),
    /** Human id, `A-001` … or the team's own id when imported. */
    ref: text('ref').notNull(),
    /** The number of an `A-NNN` ref, for the next id; null for an imported id of another form. */
    seq: integer('seq'),
    name: text('name').notNull(),
    type: text('type').notNull(),
    ownerId: text('owner_id').notNull(),
    location: text('location'),
    confidentiality: integer('confidentiality').notNull(),
    integrity: integer('integrity').notNull(),
    availability: integer('availability').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    uniqueIndex('assets_team_ref').on(t.teamId, t.ref),
    uniqueIndex('assets_team_name').on(t.teamId, t.name),
    index('assets_team_seq').on(t.teamId, t.seq),
  ],
);
