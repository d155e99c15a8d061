/**
 * HTTP transport for Slack (events, commands and interactivity on one path, plus GET /healthz),
 * built from Bolt's own request functions. It replaces Bolt's HTTPReceiver because that one
 *  - died on a signed body of `null` (`body.ssl_check` read before any check; no rejection handler),
 *  - accepted timestamps from the future (it only refuses old ones),
 *  - cannot tell a replay of the same signed bytes from a new request (it never shows the signature).
 * Transport only: it verifies, parses and hands a ReceiverEvent to the app; what a body must contain
 * is checked by the app (guarded-app.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type App,
  type Logger as BoltLogger,
  HTTPResponseAck,
  HTTPModuleFunctions as http,
  type Receiver,
  verifySlackRequest,
} from '@slack/bolt';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import { REQUEST_WINDOW_SECONDS } from './dedupe.ts';

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly path: string;
  readonly logger: Logger;
  readonly boltLogger: BoltLogger;
  readonly clock: Clock;
  /** GET /healthz body; throws when the app cannot serve. */
  readonly health: () => Record<string, unknown>;
}

/** Custom property carrying the request signature to the app, which claims it once (replays). */
export const SIGNATURE_PROPERTY = 'requestSignature';

export class GuardedHttpReceiver implements Receiver {
  private app?: App;
  private server?: Server;

  constructor(private readonly o: HttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(port: number): Promise<Server> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // Nothing a request sends may stop the process: log, answer 500 if nothing was sent yet.
        this.o.logger.error({ err, method: req.method, url: req.url }, 'request handling failed');
        if (!res.headersSent) http.buildNoBodyResponse(res, 500);
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return this.healthz(res);
    if (req.method !== 'POST' || path !== this.o.path) return http.buildNoBodyResponse(res, 404);

    let buffered: Awaited<ReturnType<typeof http.bufferIncomingMessage>>;
    try {
      buffered = await http.bufferIncomingMessage(req);
    } catch (err) {
      this.o.logger.warn({ err }, 'request refused: body could not be read');
      return http.buildNoBodyResponse(res, http.isRawBodyError(err) && err.statusCode === 413 ? 413 : 400);
    }
    const raw = buffered.rawBody.toString();
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    // Slack's SSL check is unsigned and carries nothing else (https://docs.slack.dev/interactivity/implementing-slash-commands).
    if (form && new URLSearchParams(raw).get('ssl_check') === '1') return http.buildSSLCheckResponse(res);

    const refused = this.verify(req, raw);
    if (refused) {
      this.o.logger.warn({ reason: refused }, 'request refused: not signed by Slack');
      return http.buildNoBodyResponse(res, 401);
    }

    let body: unknown;
    try {
      body = http.parseHTTPRequestBody(buffered);
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      this.o.logger.warn(
        { contentType: req.headers['content-type'] },
        'request refused: body is not a Slack payload',
      );
      return http.buildNoBodyResponse(res, 400);
    }
    const parsed = body as Record<string, unknown>;
    if (parsed.type === 'url_verification') return http.buildUrlVerificationResponse(res, parsed);

    const ack = new HTTPResponseAck({
      logger: this.o.boltLogger,
      processBeforeResponse: false,
      httpRequest: buffered,
      httpRequestBody: parsed,
      httpResponse: res,
    });
    await this.app?.processEvent({
      body: parsed,
      ack: ack.bind(),
      retryNum: http.extractRetryNumFromHTTPRequest(req),
      retryReason: http.extractRetryReasonFromHTTPRequest(req),
      customProperties: { [SIGNATURE_PROPERTY]: String(req.headers['x-slack-signature']) },
    });
  }

  /** Why the request is not Slack's, or undefined when it is (signature and timestamp both ways). */
  private verify(req: IncomingMessage, raw: string): string | undefined {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (!Number.isInteger(ts)) return 'no timestamp';
    const nowMs = this.o.clock.now().getTime();
    // Bolt refuses old timestamps only; one from the future would stay replayable for as long.
    if (Math.abs(nowMs / 1000 - ts) > REQUEST_WINDOW_SECONDS) return 'timestamp outside 5 minutes';
    try {
      verifySlackRequest({
        signingSecret: this.o.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
          'x-slack-request-timestamp': ts,
        },
        nowMilliseconds: nowMs,
      });
      return undefined;
    } catch {
      return 'bad signature';
    }
  }

  private healthz(res: ServerResponse): void {
    try {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.o.health()));
    } catch {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable"}');
    }
  }
}
