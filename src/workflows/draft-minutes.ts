/**
 * Drafting management review minutes (9.3): with the configured model when there is one, from the
 * template otherwise, and from the template whenever the model fails (logged, never shown as an error).
 * The record goes to the model as data; what comes back is only a draft the chair edits and approves.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { minutesDoc } from '../domain/review-minutes.ts';
import { lazyChatModel, replyText } from '../knowledge/chat-model.ts';
import { fillTemplate } from '../knowledge/model.ts';
import type { Logger } from '../logger.ts';
import { type DraftMinutes, displayName, templateDraftMinutes } from './bindings/review.ts';

const PROMPT_PATH = fileURLToPath(new URL('../../prompts/review-minutes.md', import.meta.url));

export function createMinutesDrafter(config: Config, logger: Logger): DraftMinutes {
  const openai = config.openai;
  if (!openai) return templateDraftMinutes;
  const template = readFileSync(PROMPT_PATH, 'utf8');
  const getModel = lazyChatModel(openai, 0.2);
  return async (input) => {
    const doc = minutesDoc(input.record, (id) => displayName(input.ctx, id));
    const prompt = fillTemplate(template, {
      review: doc.reviewId,
      record: JSON.stringify(doc, null, 2),
    });
    try {
      const text = replyText(await (await getModel()).invoke(prompt));
      if (text.length >= 40) return text.slice(0, 2900);
      logger.warn('model returned unusable minutes; using the template');
    } catch (err) {
      logger.warn({ err }, 'model failed to draft the minutes; using the template');
    }
    return templateDraftMinutes(input);
  };
}
