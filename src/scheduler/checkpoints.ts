/**
 * The weekly evidence checkpoint: for each workspace with an ISMS channel, once at least 7 days have
 * passed since the last one, the newest entry's `<seq>:<hash>` is posted there (a witness outside the
 * database: a chain cannot prove its own tail). Claimed by appending an `evidence.checkpoint` entry in
 * an immediate transaction only if none is newer than a week, so two schedulers post it once.
 */
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Reply } from '../bot/types.ts';
import { checkpointMessage } from '../bot/views/checkpoint.ts';
import type { Clock } from '../domain/context.ts';
import { appendEvidence, evidenceHead } from '../domain/evidence.ts';
import { settingsOf } from '../domain/settings.ts';
import type { Db } from '../store/db.ts';
import { evidence, workspaces } from '../store/schema/index.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export function weeklyCheckpoints(db: Db, clock: Clock): Reply[] {
  const now = clock.now();
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const out: Reply[] = [];
  for (const { teamId } of db.select({ teamId: workspaces.teamId }).from(workspaces).all()) {
    const ctx = { db, teamId, clock };
    const channel = settingsOf(ctx).ismsChannel;
    if (!channel) continue;
    const head = db.transaction(
      (tx) => {
        const t = { ...ctx, db: tx };
        const recent = tx
          .select({ seq: evidence.seq })
          .from(evidence)
          .where(
            and(
              eq(evidence.teamId, teamId),
              eq(evidence.kind, 'evidence.checkpoint'),
              gt(evidence.at, since),
            ),
          )
          .orderBy(desc(evidence.seq))
          .limit(1)
          .get();
        const current = evidenceHead(t);
        if (recent || !current) return undefined;
        appendEvidence(t, {
          actor: { userId: 'system', name: 'isms-bot' },
          kind: 'evidence.checkpoint',
          data: { seq: current.seq, hash: current.hash, channel },
        });
        return current;
      },
      { behavior: 'immediate' },
    );
    if (head)
      out.push({
        type: 'message',
        channel,
        message: checkpointMessage({ head, reason: 'Weekly checkpoint' }),
      });
  }
  return out;
}
