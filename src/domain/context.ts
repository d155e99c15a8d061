import type { DbOrTx } from '../store/db.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who is acting, for whom, and where: every domain verb takes one, and filters by `teamId`. */
export interface Ctx {
  readonly db: DbOrTx;
  readonly teamId: string;
  readonly clock: Clock;
}

export interface Actor {
  readonly userId: string;
  readonly name?: string | undefined;
}

/** Where in Slack a decision was taken (for evidence). */
export interface Place {
  readonly channel?: string | undefined;
  readonly threadTs?: string | undefined;
  readonly permalink?: string | undefined;
}
