import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { teamId, timestamp } from './columns.ts';

/**
 * A step handed to someone other than whom its `meta.to` names (the ISMS owner reassigning the step
 * of a person who left). Valid while the instance stays on that step: the runtime deletes the row
 * when the step moves. The decision itself is evidence (`step.reassigned`); this row only routes.
 */
export const stepAssignees = sqliteTable(
  'step_assignees',
  {
    teamId: teamId(),
    instanceId: text('instance_id').notNull(),
    step: text('step').notNull(),
    userId: text('user_id').notNull(),
    assignedBy: text('assigned_by').notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.instanceId, t.step] })],
);
