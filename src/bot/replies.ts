import { randomUUID } from 'node:crypto';
import type { Actor, Place } from '../domain/context.ts';
import { isDomainError } from '../domain/errors.ts';
import { safeName } from '../domain/person.ts';
import type { Logger } from '../logger.ts';
import type { Reply, Requester } from './types.ts';

export const ephemeral = (text: string): Reply => ({ type: 'ephemeral', message: { text } });

/**
 * Run a handler so that a person always gets a sentence back: a DomainError's own message, or a
 * generic one with a reference to the log line for anything unexpected (never the raw error).
 */
export async function withErrorReplies(
  logger: Logger,
  req: Requester,
  what: string,
  fn: () => Promise<Reply[]>,
): Promise<Reply[]> {
  try {
    return await fn();
  } catch (err) {
    return errorReplies(logger, req, what, err);
  }
}

/** The reply for a failed handler: a DomainError's sentence, or a generic one with a log reference. */
export function errorReplies(logger: Logger, req: Requester, what: string, err: unknown): Reply[] {
  if (isDomainError(err)) return [ephemeral(`:warning: ${err.message}`)];
  const errorId = randomUUID().slice(0, 8);
  logger.error({ err, teamId: req.teamId, userId: req.userId, what, errorId }, 'handler failed');
  return [ephemeral(`:x: Something went wrong on my side and nothing was changed. (error ${errorId})`)];
}

/** Who acted, for evidence: a display name with control characters is dropped (the id stays). */
export const actorOf = (req: Requester): Actor => ({ userId: req.userId, name: safeName(req.userName) });
export const placeOf = (req: Requester): Place => ({ channel: req.channelId, threadTs: req.threadTs });
