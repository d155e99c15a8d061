/** Workflow instances in the store: reading, listing, versioned writes, and what a step looks like. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AnyMachineSnapshot } from 'xstate';
import type { Place } from '../domain/context.ts';
import { DomainError } from '../domain/errors.ts';
import { type StepMeta, stepFields } from '../domain/flow-meta.ts';
import type { DbOrTx, Tx } from '../store/db.ts';
import { workflowInstances } from '../store/schema/index.ts';

export type Instance = typeof workflowInstances.$inferSelect;

export interface Step {
  readonly key: string;
  readonly meta: StepMeta;
  readonly context: Record<string, unknown>;
  readonly done: boolean;
}

export function stepOf(snapshot: AnyMachineSnapshot): Step {
  const key = typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
  const metas = Object.values(snapshot.getMeta() as Record<string, StepMeta>);
  const found = metas[metas.length - 1] ?? { title: key, index: 0, of: 0 };
  const context = snapshot.context as Record<string, unknown>;
  // Every surface reads `meta.form.fields`: a form whose fields are data gets them filled in here, once.
  const meta: StepMeta = found.form?.fieldsFrom
    ? { ...found, form: { ...found.form, fields: stepFields(found.form, context) } }
    : found;
  return {
    key,
    meta,
    context,
    done: snapshot.status === 'done',
  };
}

export function loadInstance(db: DbOrTx, teamId: string, id: string): Instance {
  const row = db
    .select()
    .from(workflowInstances)
    .where(and(eq(workflowInstances.teamId, teamId), eq(workflowInstances.id, id)))
    .get();
  if (!row) throw new DomainError('NOT_FOUND', `I can't find workflow ${id}.`);
  return row;
}

export function listInstances(db: DbOrTx, teamId: string, status?: Instance['status']): Instance[] {
  return db
    .select()
    .from(workflowInstances)
    .where(
      and(eq(workflowInstances.teamId, teamId), status ? eq(workflowInstances.status, status) : undefined),
    )
    .orderBy(desc(workflowInstances.createdAt))
    .all();
}

/** Remember which message shows the instance, and up to which version it is shown. */
export function markRendered(
  db: DbOrTx,
  teamId: string,
  id: string,
  r: { version: number; channel?: string; threadTs?: string | null; messageTs?: string; permalink?: string },
): void {
  db.update(workflowInstances)
    .set({
      // Deliveries can finish out of order; the highest version shown wins.
      renderedVersion: sql`max(${workflowInstances.renderedVersion}, ${r.version})`,
      ...(r.channel ? { channel: r.channel } : {}),
      ...(r.threadTs !== undefined ? { threadTs: r.threadTs } : {}),
      ...(r.messageTs ? { messageTs: r.messageTs } : {}),
      ...(r.permalink ? { permalink: r.permalink } : {}),
    })
    .where(and(eq(workflowInstances.teamId, teamId), eq(workflowInstances.id, id)))
    .run();
}

/**
 * Write an instance only if nobody else has since (optimistic concurrency across processes); the
 * in-process lock orders events, the version column catches a second process.
 */
/**
 * Another process wrote the instance between our read and our write. Unlike other conflicts the
 * event may still apply to the newer state, so a due event is tried again rather than dropped.
 */
export class VersionConflictError extends DomainError {
  constructor() {
    super('CONFLICT', 'Someone else just changed this workflow; nothing was changed.');
    this.name = 'VersionConflictError';
  }
}

/**
 * The instance is in a busy step (e.g. drafting with the model). A due event (a child's `child.done`)
 * is tried again on the next tick rather than dropped: it applies once the step has settled.
 */
export class BusyError extends DomainError {
  constructor() {
    super('CONFLICT', 'I am still working on the previous step; try again in a moment.');
    this.name = 'BusyError';
  }
}

export function bumpVersion(tx: Tx, instance: Instance, set: Partial<Instance>): Instance {
  const row = tx
    .update(workflowInstances)
    .set({ ...set, version: instance.version + 1 })
    .where(
      and(
        eq(workflowInstances.teamId, instance.teamId),
        eq(workflowInstances.id, instance.id),
        eq(workflowInstances.version, instance.version),
      ),
    )
    .returning()
    .get();
  if (!row) throw new VersionConflictError();
  return row;
}

export function placeOf(i: Instance): Place {
  return {
    channel: i.channel,
    threadTs: i.threadTs ?? i.messageTs ?? undefined,
    permalink: i.permalink ?? undefined,
  };
}
