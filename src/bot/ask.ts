/**
 * Ad-hoc questions: `/isms ask`, DMs and @mentions all come here. Answers are recorded (for thread
 * follow-ups and feedback) but never change ISMS data.
 */
import { rateAnswer, recentTopLevel, recordAnswer, threadHistory } from '../domain/answers.ts';
import type { Clock, Ctx } from '../domain/context.ts';
import type { Answerer } from '../knowledge/types.ts';
import type { Db } from '../store/db.ts';
import type { Subcommand } from './commands.ts';
import { ephemeral } from './replies.ts';
import type { ActionInput, Reply, Requester } from './types.ts';
import { answerMessage, RATE_ACTION } from './views/answer.ts';

export const QUESTION_MAX = 2000;

export interface AskDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly answerer: Answerer;
}

export function createAsk(deps: AskDeps) {
  const ctxOf = (req: Requester): Ctx => ({ db: deps.db, teamId: req.teamId, clock: deps.clock });

  async function answerQuestion(req: Requester, raw: string, threadTs: string | undefined, dm = false) {
    // Slack escapes &, < and > and wraps mentions as <@U123> or <@U123|name>.
    const question = raw
      .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim();
    if (!question) return undefined;
    if (question.length > QUESTION_MAX) {
      throw new TooLong();
    }
    const ctx = ctxOf(req);
    // A thread carries its subject; a top-level DM message may follow up on the one before it
    // (only when it reads as a follow-up). `/isms ask` stands alone.
    const inThread = threadTs !== undefined;
    const history = inThread
      ? threadHistory(ctx, req.channelId, threadTs)
      : dm
        ? recentTopLevel(ctx, req.channelId, req.userId)
        : [];
    const answer = await deps.answerer.answer({ question, history, inThread });
    const answerId = recordAnswer(ctx, {
      userId: req.userId,
      channel: req.channelId,
      threadTs,
      question,
      answer: answer.answer,
      answered: answer.answered,
      refs: answer.sources.map((s) => s.ref),
      via: answer.via,
    });
    return answerMessage(answer, answerId);
  }

  const usage = 'Ask me about ISO/IEC 27001, e.g. `/isms ask do we need to vet contractors?`';
  const tooLong = `That question is too long for me (over ${QUESTION_MAX} characters). Could you shorten it?`;

  const command: Subcommand = {
    name: 'ask',
    usage: 'ask <question>',
    summary: 'answer a question about ISO/IEC 27001, citing clause and control',
    async run(req, args) {
      try {
        const message = await answerQuestion(req, args, undefined);
        return message ? [{ type: 'ephemeral', message }] : [ephemeral(usage)];
      } catch (err) {
        if (err instanceof TooLong) return [ephemeral(tooLong)];
        throw err;
      }
    },
  };

  /** A DM or an @mention: answered in its thread (`threadTs` is the thread root to answer in). */
  async function onMessage(req: Requester, text: string, threadTs: string | undefined): Promise<Reply[]> {
    try {
      const message = await answerQuestion(req, text, threadTs, threadTs === undefined);
      if (!message) return [{ type: 'message', threadTs, message: { text: usage } }];
      return [{ type: 'message', threadTs, message }];
    } catch (err) {
      if (err instanceof TooLong) return [{ type: 'message', threadTs, message: { text: tooLong } }];
      throw err;
    }
  }

  function rate(req: Requester, action: ActionInput): Reply[] {
    const [answerId, rating] = (action.value ?? '').split(':');
    const stored = rateAnswer(ctxOf(req), req.userId, { answerId, rating });
    return [
      ephemeral(
        stored === 'up' ? 'Thanks, glad it helped. 👍' : 'Thanks for telling me. 👎 I have noted it.',
      ),
    ];
  }

  return { command, onMessage, rate, isRateAction: (id: string) => id.startsWith(`${RATE_ACTION}.`) };
}

class TooLong extends Error {}
