/**
 * The configured OpenAI-compatible chat model (langchain `ChatOpenAI`), created on first use:
 * langchain costs ~50 MB of memory that an offline bot never needs.
 */
import type { Config } from '../config.ts';

export interface ChatModel {
  invoke(prompt: string): Promise<{ content: unknown }>;
}

/** Returns a function that resolves to the one shared model instance. */
export function lazyChatModel(
  openai: NonNullable<Config['openai']>,
  temperature: number,
): () => Promise<ChatModel> {
  let model: Promise<ChatModel> | undefined;
  return () => {
    model ??= import('@langchain/openai').then(
      ({ ChatOpenAI }) =>
        new ChatOpenAI({
          model: openai.model,
          apiKey: openai.apiKey,
          timeout: openai.timeoutMs,
          maxRetries: 0, // a failure falls back to the offline answer at once
          temperature,
          configuration: openai.baseUrl ? { baseURL: openai.baseUrl } : {},
        }),
    );
    return model;
  };
}

/** The text of a model reply ('' when it is not plain text). */
export const replyText = (reply: { content: unknown }): string =>
  typeof reply.content === 'string' ? reply.content.trim() : '';
