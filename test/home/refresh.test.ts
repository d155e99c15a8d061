/** The App Home refresher under fake timers: once per burst, spaced per workspace, recent viewers only. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHomeRefresher } from '../../src/bot/home-refresh.ts';
import type { KnownBlock } from '../../src/bot/types.ts';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-24T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function world() {
  let version = 1;
  const published: { userId: string; at: number; text: string }[] = [];
  const refresher = createHomeRefresher({
    build: async (_t, userId) => [section(`${userId} v${version}`)],
    publish: async (_t, userId, blocks) => {
      published.push({ userId, at: Date.now(), text: JSON.stringify(blocks) });
    },
    logger: pino({ level: 'silent' }),
  });
  return { refresher, published, bump: () => (version += 1) };
}

describe('App Home refresher', () => {
  it('publishes once per burst of changes, to each recent viewer, spaced out in the workspace', async () => {
    const { refresher, published, bump } = world();
    for (const u of ['U1', 'U2', 'U3']) refresher.opened('T1', u, [section(`${u} v1`)]);
    bump();
    for (let n = 0; n < 5; n++) refresher.changed('T1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(published.map((p) => p.userId)).toEqual(['U1', 'U2', 'U3']);
    const gaps = published.slice(1).map((p, n) => p.at - (published[n]?.at ?? 0));
    expect(gaps.every((g) => g >= 700)).toBe(true);
    expect(published[0]?.text).toContain('U1 v2');
  });

  it('sends nothing when Home would look the same, or to someone who looked long ago', async () => {
    const { refresher, published, bump } = world();
    refresher.opened('T1', 'U1', [section('U1 v1')]);
    refresher.changed('T1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(published).toEqual([]); // nothing it shows changed
    refresher.changed('T2'); // another workspace: nobody there is looking
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    bump();
    refresher.changed('T1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(published).toEqual([]); // U1 opened Home over 30 minutes ago
    refresher.opened('T1', 'U1', [section('U1 v2')]);
    bump();
    refresher.changed('T1');
    refresher.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(published).toEqual([]); // stopped with the app
  });
});
