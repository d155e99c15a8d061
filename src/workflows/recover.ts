/**
 * After a restart: instances whose latest step was committed but never shown, and busy steps a crash
 * interrupted (finished in the background: a model draft must not hold up start-up).
 */
import { eq } from 'drizzle-orm';
import { workflowInstances } from '../store/schema/index.ts';
import type { Core } from './core.ts';
import { currentStep, restore, settle } from './dispatch.ts';
import type { Instance } from './instances.ts';

export function recover(core: Core): { unshown: Instance[]; settling: Promise<Instance[]> } {
  const active = core.db.select().from(workflowInstances).where(eq(workflowInstances.status, 'active')).all();
  const busy = active.filter((i) => currentStep(core, i).meta.busy);
  const unshown = active.filter((i) => !busy.includes(i) && i.renderedVersion < i.version);
  const settling = Promise.all(
    busy.map((instance) =>
      core.lock.run(instance.id, async () => {
        const restored = restore(core, instance);
        try {
          return await settle(core, instance, restored);
        } catch (err) {
          core.logger.error(
            { err, teamId: instance.teamId, instanceId: instance.id },
            'could not resume workflow',
          );
          return instance;
        } finally {
          restored.actor.stop();
        }
      }),
    ),
  );
  return { unshown, settling };
}
