/**
 * Drafting the scope statement (4.3): with the configured model when there is one, from the template
 * otherwise, and from the template whenever the model fails (logged, never shown as an error).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { templateStatement } from '../domain/scope-statement.ts';
import { lazyChatModel, replyText } from '../knowledge/chat-model.ts';
import { fillTemplate } from '../knowledge/model.ts';
import type { Logger } from '../logger.ts';
import type { DraftScope } from './flows.ts';

const PROMPT_PATH = fileURLToPath(new URL('../../prompts/scope-statement.md', import.meta.url));

export function createScopeDrafter(config: Config, logger: Logger): DraftScope {
  const openai = config.openai;
  if (!openai) return async ({ answers }) => templateStatement(answers);
  const template = readFileSync(PROMPT_PATH, 'utf8');
  const getModel = lazyChatModel(openai, 0.2);
  return async ({ answers }) => {
    const prompt = fillTemplate(template, {
      organisation: String(answers.organisation ?? 'the organisation'),
      answers: JSON.stringify(answers, null, 2),
    });
    try {
      const reply = await (await getModel()).invoke(prompt);
      const text = replyText(reply);
      if (text.length >= 40) return text.slice(0, 2900);
      logger.warn('model returned an unusable scope draft; using the template');
    } catch (err) {
      logger.warn({ err }, 'model failed to draft the scope statement; using the template');
    }
    return templateStatement(answers);
  };
}
