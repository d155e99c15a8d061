/**
 * Publishing the approved minutes as a canvas, against the fake Slack Web API over HTTP: a canvas of
 * its own where the plan allows it; on a plan with one canvas per channel, a section of the channel
 * canvas, added once however often it is retried; where canvases are switched off or the app lacks
 * the scope, an outcome saying so (the PDF in the thread is then the copy), never a retry; a
 * transient failure is a failed delivery, which the outbox retries.
 */
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Posted, Reply } from '../../src/bot/types.ts';
import { publishCanvas } from '../../src/slack/canvas.ts';
import { deliver } from '../../src/slack/deliver.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';

const fake = new FakeSlack();
let client: webApi.WebClient;
const minutes = (ref: string) => ({
  channel: 'CREVIEW',
  title: `Management review ${ref} minutes`,
  markdown: `# Management review ${ref}\n\n- **Date:** 2026-12-10\n`,
  key: `Management review ${ref}`,
});

beforeAll(async () => {
  await fake.start();
  client = new webApi.WebClient('xoxb-test', { slackApiUrl: fake.apiUrl(), retryConfig: { retries: 0 } });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.canvases.clear();
  fake.channelCanvas.clear();
  fake.calls.length = 0;
  fake.canvasPlan = 'paid';
});

describe('minutes as a canvas', () => {
  it('makes one canvas per review, tabbed in the channel, where the plan allows it', async () => {
    expect(await publishCanvas(client, minutes('MR-2026-01'))).toEqual({ how: 'canvas', id: 'F0CANVAS1' });
    expect(await publishCanvas(client, minutes('MR-2026-02'))).toEqual({ how: 'canvas', id: 'F0CANVAS2' });
    expect(fake.callsTo('canvases.create').map((c) => c.args)).toMatchObject([
      {
        channel_id: 'CREVIEW',
        document_content: { type: 'markdown' },
        title: expect.stringMatching(/MR-2026-01/),
      },
      { channel_id: 'CREVIEW', title: expect.stringMatching(/MR-2026-02/) },
    ]);
    expect(fake.callsTo('canvases.edit')).toHaveLength(0);
  });

  it('adds a section to the channel canvas where only one canvas per channel is allowed, once', async () => {
    fake.canvasPlan = 'free';
    // The channel has no canvas yet: the first review's becomes the channel's.
    expect(await publishCanvas(client, minutes('MR-2026-01'))).toEqual({ how: 'canvas', id: 'F0CANVAS1' });
    expect(await publishCanvas(client, minutes('MR-2026-02'))).toEqual({ how: 'section', id: 'F0CANVAS1' });
    expect(fake.callsTo('canvases.create!failed')).toHaveLength(0);
    expect(fake.canvases.get('F0CANVAS1')?.markdown).toEqual([
      minutes('MR-2026-01').markdown,
      minutes('MR-2026-02').markdown,
    ]);
    // A retry (its first answer lost) finds its section and adds nothing.
    expect(await publishCanvas(client, minutes('MR-2026-02'))).toEqual({ how: 'section', id: 'F0CANVAS1' });
    expect(fake.canvases.get('F0CANVAS1')?.markdown).toHaveLength(2);
    expect(fake.callsTo('canvases.edit')).toHaveLength(1);
    expect(fake.canvases.size).toBe(1);
  });

  it('makes the channel canvas with the section when the channel has none and no canvas of its own is allowed', async () => {
    fake.fail('canvases.create', { error: 'free_teams_cannot_create_standalone_canvases' });
    expect(await publishCanvas(client, minutes('MR-2026-01'))).toEqual({ how: 'section', id: 'F0CANVAS1' });
    expect(fake.callsTo('conversations.canvases.create').map((c) => c.args.channel_id)).toEqual(['CREVIEW']);
    expect(fake.channelCanvas.get('CREVIEW')).toBe('F0CANVAS1');
  });

  it('says canvases are unavailable, and why, where the workspace or the app allows none', async () => {
    fake.canvasPlan = 'disabled';
    expect(await publishCanvas(client, minutes('MR-2026-01'))).toEqual({
      how: 'unavailable',
      reason: 'canvas_disabled_user_team',
    });
    fake.canvasPlan = 'paid';
    fake.fail('canvases.create', { error: 'missing_scope' });
    expect(await publishCanvas(client, minutes('MR-2026-01'))).toEqual({
      how: 'unavailable',
      reason: 'missing_scope',
    });
    expect(fake.canvases.size).toBe(0);
  });

  it('reports a transient failure as failed (retried by the outbox), a refusal as delivered', async () => {
    const outcomes: (Posted | string)[] = [];
    const reply = (ref: string): Reply => ({
      type: 'canvas',
      ...minutes(ref),
      message: { text: ref },
      onDelivered: (p) => outcomes.push(p),
      onFailed: (e) => outcomes.push(e),
    });
    const target = { channel: '', userId: '', teamId: 'T1' };
    const logger = pino({ level: 'silent' });
    fake.fail('canvases.create', { error: 'internal_error' });
    await deliver(client, target, [reply('MR-2026-01')], logger);
    fake.canvasPlan = 'disabled';
    await deliver(client, target, [reply('MR-2026-01')], logger);
    expect(outcomes).toEqual([
      'internal_error',
      {
        channel: 'CREVIEW',
        ts: 'unavailable',
        canvas: { how: 'unavailable', reason: 'canvas_disabled_user_team' },
      },
    ]);
  });
});
