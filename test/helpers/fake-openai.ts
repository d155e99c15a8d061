/**
 * A local OpenAI-compatible server on 127.0.0.1 port 0: chat completions and embeddings, recording
 * every request. Replies can be made to fail (HTTP 500), stall past the client's timeout, or refuse
 * the key (HTTP 401).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  readonly model: string;
  readonly messages: { role: string; content: Content; tool_calls?: unknown[] }[];
  /** The tools offered (OpenAI's function-calling format), when the client is an agent. */
  readonly tools?: { type: string; function: { name: string } }[];
}

type Content = string | null | readonly { type: string; text?: string }[];

/** A message's text, whether sent as a string or as content parts. */
export const textOf = (content: Content): string =>
  typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('');

/** A reply that calls tools instead of answering (OpenAI's `tool_calls`). */
export interface ToolCalls {
  readonly toolCalls: readonly { readonly name: string; readonly args: Record<string, unknown> }[];
}
export type Reply = string | ToolCalls;

/** The text between `<question>` and `</question>` of the last user message, or all of it. */
export function askedIn(request: ChatRequest): string {
  const user = textOf([...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '');
  return (/<question>\s*([\s\S]*?)\s*<\/question>/.exec(user)?.[1] ?? user).trim();
}

/**
 * The default model: an agent first searches for the question with the first tool it is offered,
 * then answers citing the first ref of the last tool result; a plain prompt gets its first passage cited.
 */
export function defaultReply(prompt: string, request: ChatRequest): Reply {
  const tool = request.tools?.[0]?.function.name;
  const results = request.messages.filter((m) => m.role === 'tool');
  if (tool && results.length === 0) return { toolCalls: [{ name: tool, args: { query: askedIn(request) } }] };
  const source = results.length
    ? textOf(results.at(-1)?.content ?? '')
    : (prompt.split('<passages>')[1] ?? '');
  const ref = /\[([^\]]+)\]/.exec(source)?.[1] ?? '?';
  return `From the knowledge base: this is what it requires [${ref}].`;
}

export type ChatMode = 'ok' | 'error' | 'stall';

export class FakeOpenAI {
  readonly chats: ChatRequest[] = [];
  readonly embeddingInputs: string[][] = [];
  chatMode: ChatMode = 'ok';
  /**
   * Refuse every request with 401, echoing the key it was sent in the error message, as some
   * OpenAI-compatible servers do (OpenAI itself masks it).
   */
  rejectKey = false;
  /** What the model "says" (text or tool calls); `defaultReply` unless a test sets it. */
  reply: (prompt: string, request: ChatRequest) => Reply = defaultReply;
  private server?: Server;
  private stalled: ServerResponse[] = [];
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const c of req) raw += String(c);
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    const send = (status: number, json: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (this.rejectKey) {
      const key = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      return send(401, {
        error: {
          message: `Incorrect API key provided: ${key}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    if (req.url?.endsWith('/chat/completions')) {
      this.chats.push(body as unknown as ChatRequest);
      if (this.chatMode === 'stall') {
        this.stalled.push(res);
        return;
      }
      if (this.chatMode === 'error')
        return send(500, { error: { message: 'upstream exploded', type: 'server_error' } });
      const request = body as unknown as ChatRequest;
      const prompt = request.messages.map((m) => textOf(m.content)).join('\n');
      const reply = this.reply(prompt, request);
      const message =
        typeof reply === 'string'
          ? { role: 'assistant', content: reply }
          : {
              role: 'assistant',
              content: null,
              tool_calls: reply.toolCalls.map((c, i) => ({
                id: `call_${this.chats.length}_${i}`,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.args) },
              })),
            };
      return send(200, {
        id: `chatcmpl-${this.chats.length}`, // unique: agents merge messages by id
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, message, finish_reason: typeof reply === 'string' ? 'stop' : 'tool_calls' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    if (req.url?.endsWith('/embeddings')) {
      const input = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
      this.embeddingInputs.push(input);
      const base64 = body.encoding_format === 'base64';
      return send(200, {
        object: 'list',
        model: body.model,
        data: input.map((text, index) => {
          const v = embed(text);
          return {
            object: 'embedding',
            index,
            embedding: base64 ? Buffer.from(v.buffer).toString('base64') : [...v],
          };
        }),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    send(404, { error: { message: `no route ${req.url}` } });
  }
}

/** A deterministic bag-of-words vector: texts sharing words point the same way. */
export function embed(text: string, dims = 256): Float32Array {
  const v = new Float32Array(dims);
  for (const w of text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((x) => x.length > 2)) {
    const h = createHash('md5').update(w).digest();
    const i = h.readUInt16LE(0) % dims;
    v[i] = (v[i] ?? 0) + 1;
  }
  return v;
}
