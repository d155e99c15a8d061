/**
 * A local fake of the Slack Web API (and of response_url), on 127.0.0.1 port 0. It records every
 * call and answers like Slack does; tests can make a method fail or rate-limit.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token?: string | undefined;
}

type Override = { error?: string; status?: number; retryAfter?: number; times?: number; channel?: string };

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** POSTs to response_url paths, by id. */
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  private server?: Server;
  private ts = 1_700_000_000;
  private overrides = new Map<string, Override>();
  url = '';
  /** Members `users.info` knows (by id); any other id is `user_not_found`, as in Slack. */
  readonly users = new Map<string, Record<string, unknown>>();
  /** response_url ids that answer 404, as an expired response_url does. */
  readonly expiredResponses = new Set<string>();
  /** Conversations `conversations.info` knows; any other `C…` id is a public channel. */
  readonly channels = new Map<string, { is_private?: boolean; is_mpim?: boolean; is_im?: boolean }>();
  /** Files uploaded through files.getUploadURLExternal → POST → files.completeUploadExternal, by id. */
  readonly files = new Map<
    string,
    {
      filename: string;
      length: number;
      bytes?: Buffer;
      title?: string;
      channel?: string;
      threadTs?: string;
      comment?: string;
    }
  >();
  /**
   * Canvases by id, with their Markdown as edited. `canvasPlan`: `paid` (a canvas per call), `free`
   * (one canvas tab per channel, as on Slack's free plan) or `disabled` (canvases switched off).
   */
  readonly canvases = new Map<string, { title?: string; channel?: string; markdown: string[] }>();
  canvasPlan: 'paid' | 'free' | 'disabled' = 'paid';
  /** The channel canvas of each channel (what conversations.info reports in `properties.canvas`). */
  readonly channelCanvas = new Map<string, string>();
  /** What apps.connections.open answers (Socket Mode), when a test runs a WebSocket server. */
  socketUrl?: string;
  /** Hold chat.postMessage answers (to `heldChannel`, or all) until `release()`; the message is stored. */
  private held?: Promise<void>;
  private heldChannel?: string | undefined;
  private releaseHeld?: () => void;

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /**
   * The next `times` calls of `method` fail with `error` (or HTTP `status`, with Retry-After); with
   * `channel`, only the calls to that conversation.
   */
  fail(method: string, override: Override): void {
    this.overrides.set(method, { times: 1, ...override });
  }

  /** Slack stores posts but does not answer them until released (a crash "between Slack and the commit"). */
  hold(channel?: string): void {
    this.heldChannel = channel && imOf(channel);
    this.held = new Promise((r) => {
      this.releaseHeld = r;
    });
  }

  release(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  /** Posts (and DMs) as Slack holds them: in a user's DM the channel is the IM id `D…`. */
  postsTo(channel: string): SlackCall[] {
    const im = imOf(channel);
    return this.calls.filter((c) => c.method === 'chat.postMessage' && imOf(String(c.args.channel)) === im);
  }

  apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage) {
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    const path = req.url ?? '';
    // The upload URL files.getUploadURLExternal handed out: the bytes are kept as they came.
    if (path.startsWith('/upload/')) {
      const file = this.files.get(path.slice('/upload/'.length));
      if (!file) return { status: 404, body: { ok: false } };
      file.bytes = bytes;
      return { status: 200, body: { ok: true } };
    }
    if (path.startsWith('/response/')) {
      const id = path.slice('/response/'.length);
      // An expired or used-up response_url: Slack answers 404 and shows nothing.
      if (this.expiredResponses.has(id)) return { status: 404, body: { ok: false, error: 'expired_url' } };
      this.responses.push({ id, body: JSON.parse(raw || '{}') });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || undefined;
    const override = this.overrides.get(method);
    // An override for one conversation leaves the others answering.
    const aimed = !override?.channel || imOf(String(args.channel)) === imOf(override.channel);
    if (override && aimed && (override.times ?? 1) > 0) {
      override.times = (override.times ?? 1) - 1;
      this.calls.push({ method: `${method}!failed`, args, token });
      if (override.status) {
        const headers: Record<string, string> = override.retryAfter
          ? { 'retry-after': String(override.retryAfter) }
          : {};
        return { status: override.status, body: { ok: false, error: 'ratelimited' }, headers };
      }
      return { status: 200, body: { ok: false, error: override.error ?? 'internal_error' } };
    }
    const body = this.answer(method, args);
    this.calls.push({
      method,
      args: method === 'chat.postMessage' ? { ...args, __ts: body.ts } : args,
      token,
    });
    const holds = !this.heldChannel || imOf(String(args.channel)) === this.heldChannel;
    if (method === 'chat.postMessage' && this.held && holds) await this.held;
    return { status: 200, body };
  }

  private canvas(method: string, args: Record<string, unknown>): Record<string, unknown> {
    return canvasAnswer(this, method, args);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'isms-bot',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: imOf(String(args.channel)),
          ts: `${this.ts++}.000100`,
          message: { text: args.text },
        };
      case 'conversations.open':
        return { ok: true, channel: { id: imOf(String(args.users)) } };
      case 'conversations.history': {
        const messages = this.postsTo(String(args.channel))
          .map((c) => ({ ts: c.args.__ts, text: c.args.text, metadata: c.args.metadata }))
          .reverse();
        return { ok: true, messages };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.getPermalink':
        return {
          ok: true,
          permalink: `https://acme.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { id: args.user, ...user } } : { ok: false, error: 'user_not_found' };
      }
      case 'users.lookupByEmail': {
        const found = [...this.users].find(
          ([, u]) => (u.profile as { email?: string } | undefined)?.email === args.email,
        );
        return found
          ? { ok: true, user: { id: found[0], ...found[1] } }
          : { ok: false, error: 'users_not_found' };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${this.files.size + 1}`;
        this.files.set(id, { filename: String(args.filename), length: Number(args.length) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as {
          id: string;
          title?: string;
        }[];
        const files = list.map((f) => this.files.get(f.id));
        // Slack refuses to complete a file whose bytes never arrived.
        if (files.some((f) => !f?.bytes)) return { ok: false, error: 'file_not_found' };
        list.forEach((f, i) => {
          Object.assign(files[i] ?? {}, {
            title: f.title,
            channel: args.channel_id,
            threadTs: args.thread_ts,
            comment: args.initial_comment,
          });
        });
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.info': {
        const id = String(args.channel);
        const known = this.channels.get(id);
        if (!known && !id.startsWith('C')) return { ok: false, error: 'channel_not_found' };
        const canvas = this.channelCanvas.get(id);
        return {
          ok: true,
          channel: {
            id,
            is_private: false,
            ...known,
            ...(canvas ? { properties: { canvas: { file_id: canvas, is_empty: false } } } : {}),
          },
        };
      }
      case 'canvases.create':
      case 'conversations.canvases.create':
      case 'canvases.edit':
      case 'canvases.sections.lookup':
        return this.canvas(method, args);
      case 'views.open':
        return { ok: true, view: { id: 'V1', ...(args.view as object) } };
      default:
        return { ok: true };
    }
  }
}

type Doc = { type?: string; markdown?: string } | undefined;

/** Slack's canvas methods, by plan (see `canvasPlan`). */
function canvasAnswer(fake: FakeSlack, method: string, args: Record<string, unknown>) {
  if (fake.canvasPlan === 'disabled') return { ok: false, error: 'canvas_disabled_user_team' };
  const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
  const make = (tabbed: boolean) => {
    const id = `F0CANVAS${fake.canvases.size + 1}`;
    const markdown = (args.document_content as Doc)?.markdown;
    fake.canvases.set(id, {
      title: args.title as string | undefined,
      channel,
      markdown: markdown ? [markdown] : [],
    });
    if (tabbed && channel && !fake.channelCanvas.has(channel)) fake.channelCanvas.set(channel, id);
    return { ok: true, canvas_id: id };
  };
  switch (method) {
    case 'canvases.create':
      if (fake.canvasPlan === 'free') {
        if (!channel) return { ok: false, error: 'free_teams_cannot_create_standalone_canvases' };
        if (fake.channelCanvas.has(channel))
          return { ok: false, error: 'free_team_canvas_tab_already_exists' };
      }
      return make(true);
    case 'conversations.canvases.create':
      if (channel && fake.channelCanvas.has(channel))
        return { ok: false, error: 'channel_canvas_already_exists' };
      return make(true);
    case 'canvases.edit': {
      const canvas = fake.canvases.get(String(args.canvas_id));
      if (!canvas) return { ok: false, error: 'canvas_not_found' };
      for (const c of (args.changes ?? []) as { operation: string; document_content?: Doc }[])
        if (c.operation === 'insert_at_end' && c.document_content?.markdown)
          canvas.markdown.push(c.document_content.markdown);
      return { ok: true };
    }
    default: {
      const canvas = fake.canvases.get(String(args.canvas_id));
      if (!canvas) return { ok: false, error: 'canvas_not_found' };
      const text = String((args.criteria as { contains_text?: string } | undefined)?.contains_text ?? '');
      const sections = canvas.markdown
        .flatMap((m) => m.split('\n').filter((l) => l.startsWith('# ')))
        .filter((h) => h.includes(text))
        .map((_, i) => ({ id: `temp:C:${i + 1}` }));
      return { ok: true, sections };
    }
  }
}

/** The app's DM with a user is an IM channel: `UDANA` → `DDANA`. */
export const imOf = (channel: string) => (/^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel);

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
