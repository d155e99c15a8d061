/**
 * Keeping App Home current for the people looking at it: when something changes in a workspace
 * (domain/changes.ts), each person who opened Home recently gets it published again, once per burst
 * of changes (debounced per person), and publishes in a workspace are spaced out to stay inside
 * `views.publish`'s rate tier (Tier 4: about 100 a minute). An unchanged Home is not published.
 *
 * State is in memory on purpose: it is only "who is looking now"; after a restart, the next
 * `app_home_opened` rebuilds it, and nothing is lost that a person would miss.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { KnownBlock } from './types.ts';

export interface HomeRefreshDeps {
  readonly build: (teamId: string, userId: string) => Promise<readonly KnownBlock[]>;
  readonly publish: (teamId: string, userId: string, blocks: readonly KnownBlock[]) => Promise<void>;
  readonly logger: Logger;
  /** Wait this long after a change for more changes before publishing (default 1 s). */
  readonly debounceMs?: number;
  /** Who opened Home within this long still gets refreshes (default 30 minutes). */
  readonly recentMs?: number;
  /** At least this long between two publishes in one workspace (default 700 ms: under 100 a minute). */
  readonly spacingMs?: number;
  readonly now?: () => number;
}

interface Viewer {
  openedAt: number;
  /** Hash of the blocks last published, so an unchanged Home is not sent again. */
  shown?: string;
  timer?: NodeJS.Timeout;
}

const hashOf = (blocks: readonly KnownBlock[]) =>
  createHash('sha256').update(JSON.stringify(blocks)).digest('hex');

export function createHomeRefresher(deps: HomeRefreshDeps) {
  const debounceMs = deps.debounceMs ?? 1000;
  const recentMs = deps.recentMs ?? 30 * 60_000;
  const spacingMs = deps.spacingMs ?? 700;
  const now = deps.now ?? Date.now;
  const teams = new Map<string, Map<string, Viewer>>();
  /** Per workspace: when the next publish may go out. */
  const nextSlot = new Map<string, number>();
  let stopped = false;

  const viewersOf = (teamId: string) => {
    const m = teams.get(teamId) ?? new Map<string, Viewer>();
    teams.set(teamId, m);
    return m;
  };

  async function refresh(teamId: string, userId: string, v: Viewer): Promise<void> {
    v.timer = undefined;
    if (stopped) return;
    const blocks = await deps.build(teamId, userId);
    const hash = hashOf(blocks);
    if (hash === v.shown) return;
    v.shown = hash;
    await deps.publish(teamId, userId, blocks);
  }

  function schedule(teamId: string, userId: string, v: Viewer): void {
    if (v.timer) return; // already due: the publish will read the latest data
    const at = Math.max(now() + debounceMs, nextSlot.get(teamId) ?? 0);
    nextSlot.set(teamId, at + spacingMs);
    v.timer = setTimeout(() => {
      refresh(teamId, userId, v).catch((err) => {
        v.shown = undefined;
        deps.logger.warn({ err, teamId }, 'could not refresh App Home');
      });
    }, at - now());
    v.timer.unref();
  }

  return {
    /** The person opened Home and was shown `blocks`. */
    opened(teamId: string, userId: string, blocks: readonly KnownBlock[]): void {
      const v = viewersOf(teamId).get(userId) ?? { openedAt: 0 };
      v.openedAt = now();
      v.shown = hashOf(blocks);
      viewersOf(teamId).set(userId, v);
    },
    /** Something changed in the workspace: refresh everyone who looked recently. */
    changed(teamId: string): void {
      if (stopped) return;
      const viewers = teams.get(teamId);
      if (!viewers) return;
      const cutoff = now() - recentMs;
      for (const [userId, v] of viewers) {
        if (v.openedAt < cutoff) {
          if (!v.timer) viewers.delete(userId);
          continue;
        }
        schedule(teamId, userId, v);
      }
    },
    stop(): void {
      stopped = true;
      for (const viewers of teams.values()) for (const v of viewers.values()) clearTimeout(v.timer);
      teams.clear();
    },
  };
}

export type HomeRefresher = ReturnType<typeof createHomeRefresher>;
