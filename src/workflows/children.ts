/**
 * Creating instances, and children: a machine emits `runtime.spawn { flow, subject, input }` and the
 * child is inserted in the parent's own transaction (with `parent_id`), so a crash leaves either both
 * or neither. When a child finishes, effects.ts queues `child.done` to the parent in the child's
 * final transaction (a due event, due at once), which the scheduler fires exactly once. A parent that
 * is cancelled or finishes cancels its running children in the same transaction (not those its final
 * step starts).
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createActor } from 'xstate';
import type { Actor } from '../domain/context.ts';
import { appendEvidence } from '../domain/evidence.ts';
import type { Tx } from '../store/db.ts';
import { workflowInstances } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import { bumpVersion, type Instance, placeOf, stepOf } from './instances.ts';
import { type AlsoInTx, evidenceFor } from './persist.ts';
import { type Emitted, SYSTEM_ACTOR } from './types.ts';

/** What a machine emits to start a child instance (e.g. one input task per person). */
export interface SpawnRequest {
  readonly type: 'runtime.spawn';
  readonly flow: string;
  readonly subject?: string | undefined;
  /** The child's input, handed to its binding's `input()` (e.g. the person and what to confirm). */
  readonly input?: unknown;
}

export interface NewInstance {
  readonly teamId: string;
  readonly flow: string;
  readonly actor: Actor;
  readonly channel: string;
  readonly threadTs?: string | null | undefined;
  readonly subject?: string | undefined;
  readonly parentId?: string | undefined;
  readonly input?: unknown;
  readonly via?: string | undefined;
}

/** `sc-` and 128 random bits in hex: wide enough never to collide. */
export function newInstanceId(flow: string): string {
  return `${flow.slice(0, 2)}-${randomBytes(16).toString('hex')}`;
}

/**
 * Insert a new instance at its first step, with its evidence and every transition hook (its due
 * events, its messages, its own children), inside the caller's transaction. The first step must not
 * be busy: nothing here waits for an async actor.
 */
export function createInstance(core: Core, tx: Tx, input: NewInstance): Instance {
  const flow = core.flowOf(input.flow);
  const ctx = { db: tx, teamId: input.teamId, clock: core.clock };
  const actorRef = createActor(flow.machine, {
    input: flow.input(ctx, { subject: input.subject, input: input.input }) as never,
  });
  const emitted: Emitted[] = [];
  actorRef.on('*', (e: { type: string }) => emitted.push(e as Emitted));
  actorRef.start();
  try {
    const snapshot = actorRef.getSnapshot();
    const now = core.clock.now().toISOString();
    const created = tx
      .insert(workflowInstances)
      .values({
        id: newInstanceId(flow.key),
        teamId: input.teamId,
        flow: flow.key,
        machineVersion: flow.version,
        subject: input.subject ?? null,
        parentId: input.parentId ?? null,
        singletonKey: flow.singleton ? flow.key : null,
        status: 'active',
        step: stepOf(snapshot).key,
        snapshot: actorRef.getPersistedSnapshot(),
        version: 1,
        channel: input.channel,
        threadTs: input.threadTs ?? null,
        startedBy: input.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    appendEvidence(
      ctx,
      evidenceFor(created, {
        actor: input.actor,
        kind: 'workflow.started',
        data: {
          flow: flow.key,
          ...(input.subject ? { subject: input.subject } : {}),
          ...(input.parentId ? { parent: input.parentId } : {}),
        },
        place: { channel: input.channel, threadTs: input.threadTs ?? undefined },
        via: input.via,
      }),
    );
    for (const hook of core.hooks) hook(tx, { updated: created, emitted, actor: input.actor });
    return created;
  } finally {
    actorRef.stop();
  }
}

export function childrenOf(db: Tx | Core['db'], teamId: string, parentId: string): Instance[] {
  return db
    .select()
    .from(workflowInstances)
    .where(and(eq(workflowInstances.teamId, teamId), eq(workflowInstances.parentId, parentId)))
    .all();
}

/** Children are started where their parent runs: its channel and thread. */
export function childrenHook(core: Core): AlsoInTx {
  return (tx, { updated, emitted }) => {
    const spawned = new Set<string>();
    for (const e of emitted) {
      if (e.type !== 'runtime.spawn') continue;
      const req = e as unknown as SpawnRequest;
      const child = createInstance(core, tx, {
        teamId: updated.teamId,
        flow: req.flow,
        actor: { userId: updated.startedBy },
        channel: updated.channel,
        threadTs: placeOf(updated).threadTs,
        subject: req.subject,
        parentId: updated.id,
        input: req.input,
      });
      spawned.add(child.id);
    }
    if (updated.status === 'active') return;
    // A parent that ends no longer listens: children still running from before are cancelled (a
    // review approved before every input came in). Children started by the final step itself (its
    // action items) are meant to outlive it.
    const now = core.clock.now().toISOString();
    const why = updated.status === 'cancelled' ? 'was cancelled' : 'finished without waiting for it';
    for (const child of childrenOf(tx, updated.teamId, updated.id)) {
      if (child.status !== 'active' || spawned.has(child.id)) continue;
      const row = bumpVersion(tx, child, { status: 'cancelled', singletonKey: null, updatedAt: now });
      appendEvidence(
        { db: tx, teamId: updated.teamId, clock: core.clock },
        evidenceFor(child, {
          actor: SYSTEM_ACTOR,
          kind: 'workflow.cancelled',
          data: { reason: `its parent ${updated.id} ${why}` },
        }),
      );
      for (const hook of core.hooks)
        hook(tx, { updated: row, previous: child, emitted: [], actor: SYSTEM_ACTOR });
    }
  };
}
