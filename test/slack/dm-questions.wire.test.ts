/**
 * Questions typed in a DM, over Slack's wire protocol: each top-level message is its own question
 * unless it reads as a follow-up; replies in a thread keep the thread's subject.
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { eventCallback } from '../helpers/slack-request.ts';

const h = useHttpApp();
let n = 0;

/** Sends a DM (optionally as a thread reply) and returns the text of the bot's answer to it. */
async function dm(text: string, threadTs?: string): Promise<string> {
  n += 1;
  const ts = `17000001${String(n).padStart(2, '0')}.000100`;
  const before = h.slack.callsTo('chat.postMessage').length;
  await eventCallback(h.app.url, `Ev-dmq-${n}`, {
    type: 'message',
    channel_type: 'im',
    user: 'U1',
    text,
    ts,
    channel: 'D1',
    team: 'T1',
    event_ts: ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  const post = await waitFor(
    () =>
      h.slack
        .callsTo('chat.postMessage')
        .slice(before)
        .find((c) => c.args.channel === 'D1'),
    8000,
    `answer to ${text}`,
  );
  return String(post.args.text);
}

describe('questions in a DM', () => {
  it('answers unrelated top-level messages each on their own, and a follow-up with the one before', async () => {
    expect(await dm('what does A.8.24 require?')).toMatch(/\(A\.8\.24/);
    const backups = await dm('do we need to test restoring our backups?');
    expect(backups).toMatch(/\(A\.8\.13/);
    expect(backups).not.toMatch(/A\.8\.24/);
    expect(await dm('who takes part in the management review?')).toMatch(/\(9\.3/);
    // Points back without a subject of its own: read with the previous question.
    expect(await dm('and what evidence for that?')).toMatch(/\(9\.3/);
  });

  it('keeps the subject of a thread for a reply that cannot stand alone', async () => {
    const root = '1700000199.000100';
    expect(await dm('what does A.5.23 require?', undefined)).toMatch(/\(A\.5\.23/);
    // A reply in the thread of an earlier answer: "how often?" alone would be declined.
    await dm('what is clause 6.1.2 about?', root);
    expect(await dm('how often?', root)).toMatch(/\(6\.1\.2/);
  });
});
