/**
 * The Bolt app over either receiver: HTTP (events, commands and interactivity on /slack/events, plus
 * GET /healthz) or Socket Mode. Receivers are transport only; listeners call the shared bot.
 */

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, SocketModeReceiver } from '@slack/bolt';
import { createHomeRefresher } from '../bot/home-refresh.ts';
import type { Bot } from '../bot/types.ts';
import type { Config } from '../config.ts';
import { onChange } from '../domain/changes.ts';
import type { Clock } from '../domain/context.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { dedupeEvents, eventLedger, requestClaims } from './dedupe.ts';
import { GuardedApp } from './guarded-app.ts';
import { GuardedHttpReceiver } from './http-receiver.ts';
import { registerListeners } from './listeners/index.ts';
import { toBoltLogger } from './logger.ts';
import { redeliverEvents } from './redeliver.ts';
import { WORK_QUEUE_DEFAULTS, WorkQueue, type WorkQueueOptions } from './work-queue.ts';

export interface SlackDeps {
  readonly config: Config;
  readonly bot: Bot;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The work queue behind the acks (work-queue.ts); tests make it small. */
  readonly work?: WorkQueueOptions;
}

export interface RunningSlack {
  readonly app: App;
  /** HTTP mode: the port actually listened on. */
  readonly port?: number;
  stop(): Promise<void>;
}

export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/** Why auth.test failed, in one line: Slack refused the token, or Slack could not be reached at all. */
function startFailure(err: unknown, apiUrl: string): string {
  const e = err as {
    code?: string;
    statusCode?: number;
    data?: { error?: string };
    original?: { code?: string; message?: string; cause?: { code?: string; message?: string } };
  };
  if (e.code === 'slack_webapi_request_error') {
    const why =
      e.original?.cause?.code ?? e.original?.code ?? e.original?.cause?.message ?? e.original?.message;
    return `Slack's Web API at ${apiUrl} is unreachable (${why}): check SLACK_API_URL and the network`;
  }
  if (e.code === 'slack_webapi_http_error')
    return `Slack's Web API at ${apiUrl} answered HTTP ${e.statusCode}: check SLACK_API_URL`;
  const code = e.data?.error ?? (err as Error).message;
  return `Slack rejected SLACK_BOT_TOKEN (${code}): check the token`;
}

export async function startSlack({
  config,
  bot,
  db,
  clock,
  logger,
  work = WORK_QUEUE_DEFAULTS,
}: SlackDeps): Promise<RunningSlack> {
  const boltLogger = toBoltLogger(logger);
  const startedAt = clock.now();
  const health = () => {
    db.$client.prepare('select 1').get();
    return {
      status: 'ok',
      mode: config.mode,
      uptimeSeconds: Math.round((clock.now().getTime() - startedAt.getTime()) / 1000),
    };
  };
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.slack.appToken ?? '',
          logger: boltLogger,
          // apps.connections.open goes through SLACK_API_URL too (GovSlack, tests).
          ...(config.slack.apiUrl
            ? { installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } } }
            : {}),
        })
      : new GuardedHttpReceiver({
          signingSecret: config.slack.signingSecret ?? '',
          path: '/slack/events',
          logger,
          boltLogger,
          clock,
          health,
        });
  const app = new GuardedApp(
    {
      token: config.slack.botToken,
      receiver,
      logger: boltLogger,
      deferInitialization: true,
      clientOptions: {
        ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
        // Rate limits (429 + Retry-After) are waited out and retried by the client itself.
        retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
      },
    },
    { logger, claim: requestClaims(db, clock) },
  );
  try {
    await app.init(); // auth.test: a wrong token is a start-up error, not a crash later
    // The installation every request is keyed on (tenant.ts): the workspace this token belongs to.
    const auth = await app.client.auth.test();
    app.installation = { teamId: String(auth.team_id), enterpriseId: auth.enterprise_id };
  } catch (err) {
    throw new SlackStartError(startFailure(err, config.slack.apiUrl ?? 'https://slack.com/api/'));
  }
  // One id per start: an event claimed by an earlier start and never answered is answered again.
  const events = eventLedger(db, clock, randomUUID());
  app.use(dedupeEvents(events, logger));
  // App Home is published again for people looking at it when something it shows changes.
  const home = createHomeRefresher({
    build: (teamId, userId) => bot.home(teamId, userId),
    publish: async (_teamId, userId, blocks) => {
      await app.client.views.publish({ user_id: userId, view: { type: 'home', blocks: [...blocks] } });
    },
    logger,
  });
  const offChange = onChange((teamId) => home.changed(teamId));
  const queue = new WorkQueue(work, logger);
  registerListeners(app, { bot, logger, work: queue, events, home });
  app.error(async (err) => {
    logger.error({ err }, 'unhandled Slack listener error');
  });
  // A promise nobody awaited must not take the process down with it (Node's default): log it.
  const onRejection = (err: unknown) => logger.error({ err }, 'unhandled rejection; still serving');
  process.on('unhandledRejection', onRejection);
  const stop = () =>
    app.stop().then(() => {
      offChange();
      home.stop();
      process.off('unhandledRejection', onRejection);
    });

  const redeliver = () =>
    void redeliverEvents(app, events, queue, logger).catch((err: unknown) =>
      logger.error({ err }, 'answering events a restart left unanswered failed'),
    );
  if (config.mode === 'socket') {
    await app.start();
    redeliver();
    return { app, stop };
  }
  const server = (await app.start(config.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  redeliver();
  return { app, port, stop };
}
