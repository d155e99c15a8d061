/**
 * The model path: an OpenAI-compatible chat model (langchain `ChatOpenAI`) writes the answer from the
 * retrieved passages only, with the prompt in prompts/answer.md. Loaded on first use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import { lazyChatModel, replyText } from './chat-model.ts';
import type { RankedDoc } from './search.ts';
import { asPromptData } from './slack-safe.ts';
import type { Turn } from './types.ts';

export const ANSWER_PROMPT = fileURLToPath(new URL('../../prompts/answer.md', import.meta.url));

type OpenAIConfig = NonNullable<Config['openai']>;
export type ModelWriter = (
  question: string,
  docs: readonly RankedDoc[],
  history: readonly Turn[],
) => Promise<string | null>;

/** Fill `{name}` placeholders; unknown placeholders stay visible so a broken template is noticed. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function passagesOf(docs: readonly RankedDoc[]): string {
  return docs
    .slice(0, 4)
    .flatMap((d) =>
      d.chunks.slice(0, 2).map(({ chunk }) => `[${d.ref}] ${d.title} — ${chunk.heading}\n${chunk.text}`),
    )
    .join('\n\n');
}

/** Returns the model's answer, or null when it says the passages do not cover the question. */
export function createModelWriter(openai: OpenAIConfig): ModelWriter {
  const template = readFileSync(ANSWER_PROMPT, 'utf8');
  const getModel = lazyChatModel(openai, 0);
  return async (question, docs, history) => {
    const prompt = fillTemplate(template, {
      // The question and earlier turns are data inside delimiters; nothing in them may close one.
      question: asPromptData(question),
      passages: passagesOf(docs),
      history: history.length
        ? history.map((t) => `Q: ${asPromptData(t.question)}\nA: ${asPromptData(t.answer)}`).join('\n')
        : '(none)',
    });
    const reply = await (await getModel()).invoke(prompt);
    const text = replyText(reply);
    if (!text) throw new Error('empty model reply');
    return /^NOT_COVERED\b/.test(text) ? null : text;
  };
}
