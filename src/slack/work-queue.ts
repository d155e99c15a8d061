/**
 * The slow work after an ack (answering, running a step, delivering the replies) goes through one
 * bounded queue, so that acknowledging new requests is never starved by it (Slack gives up after 3 s).
 * Over capacity a request is still acked, and its person is told at once that the bot is busy,
 * instead of being answered late or work piling up without bound (issue 7 item 8).
 *
 * Minimal on purpose (p-queue would do, but is not a dependency of the project): a concurrency limit,
 * a capacity for waiting jobs, and jobs started from `setImmediate`, after the requests already read
 * from the sockets have been acked.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../bot/types.ts';
import type { Logger } from '../logger.ts';
import { deliver, type Target } from './deliver.ts';

export interface WorkQueueOptions {
  /** Jobs running at once. The offline answerer is CPU-bound: more than a few only adds latency. */
  readonly concurrency: number;
  /** Jobs waiting for a slot; one more gets the busy reply. */
  readonly capacity: number;
}

/** Chosen by `npm run bench -- acks` (README, Reliability): see the figures there. */
export const WORK_QUEUE_DEFAULTS: WorkQueueOptions = { concurrency: 4, capacity: 64 };

export const BUSY_TEXT =
  "I'm busy with a lot of requests right now and could not take yours. Please try again in a moment.";

export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private scheduled = false;
  private readonly drained: (() => void)[] = [];
  private readonly roomy: (() => void)[] = [];

  constructor(
    private readonly options: WorkQueueOptions,
    private readonly logger: Logger,
  ) {}

  /** Jobs running and waiting. */
  get size(): number {
    return this.running + this.waiting.length;
  }

  /**
   * Take `job` (run when a slot is free), or refuse it with false when every slot is taken and
   * `capacity` jobs already wait. A job's error is logged with `where`; it never reaches the caller.
   */
  offer(job: () => Promise<void>, where: Record<string, unknown> = {}): boolean {
    if (!this.hasRoom()) return false;
    this.waiting.push(() =>
      job().catch((err: unknown) => this.logger.error({ err, ...where }, 'work after the ack failed')),
    );
    this.schedule();
    return true;
  }

  /**
   * Resolves once one more job would be taken rather than refused: work the app finds for itself (events
   * a restart left unanswered) waits for room instead of being answered "busy".
   */
  room(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => this.roomy.push(resolve));
  }

  private hasRoom(): boolean {
    return this.size < this.options.concurrency + this.options.capacity;
  }

  /** Resolves once nothing runs or waits (stopping the app, tests). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A check-phase callback: requests already read from the sockets are acked before work starts.
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.options.concurrency) {
        const job = this.waiting.shift();
        if (!job) break;
        this.running++;
        void job().finally(() => {
          this.running--;
          this.roomy.shift()?.();
          if (this.waiting.length > 0) this.schedule();
          else if (this.running === 0) this.resolveIdle();
        });
      }
    });
  }

  private resolveIdle(): void {
    for (const resolve of this.drained.splice(0)) resolve();
  }
}

export interface AfterAck {
  readonly queue: WorkQueue;
  readonly client: webApi.WebClient;
  readonly logger: Logger;
  readonly target: Target;
  /** Told whether the replies (or the busy reply) reached the person (event redelivery, dedupe.ts). */
  readonly settled?: (delivered: boolean) => void;
}

/**
 * Run a listener's work after its ack through the queue and deliver its replies; when the queue is
 * full, deliver the busy reply instead, by the same routes a private reply takes (deliver.ts).
 */
export function afterAck(a: AfterAck, work: () => Promise<readonly Reply[]>): void {
  const where = { teamId: a.target.teamId, userId: a.target.userId, channel: a.target.channel };
  const taken = a.queue.offer(async () => {
    let delivered = false;
    try {
      delivered = await deliver(a.client, a.target, await work(), a.logger);
    } finally {
      a.settled?.(delivered);
    }
  }, where);
  if (taken) return;
  a.logger.warn({ ...where, queued: a.queue.size }, 'work queue full: the person is told to try again');
  const busy: Reply = { type: 'ephemeral', message: { text: BUSY_TEXT } };
  void deliver(a.client, a.target, [busy], a.logger)
    .then((delivered) => a.settled?.(delivered))
    .catch((err: unknown) => a.logger.error({ err, ...where }, 'could not send the busy reply'));
}
