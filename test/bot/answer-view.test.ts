/** Answers rendered for Slack stay inside Block Kit's limits, however long they are. */
import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../src/bot/views/answer.ts';
import { splitForSections } from '../../src/bot/views/text.ts';

const para = (n: number) => `${'Encrypt data in transit and at rest, and manage keys. '.repeat(n)}\n\n`;

describe('answer rendering', () => {
  it('splits a long answer into sections under 3000 characters and at most 50 blocks', () => {
    const answer = para(40).repeat(40); // ~90 000 characters
    const m = answerMessage(
      {
        question: 'q',
        answer,
        answered: true,
        via: 'offline',
        sources: [{ ref: 'A.8.24', title: 'Use of cryptography', score: 9 }],
      },
      7,
    );
    const blocks = m.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(3000);
    expect(m.text.length).toBeLessThanOrEqual(3000);
    expect(blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: 'answer.rate.up', value: '7:up' },
        { action_id: 'answer.rate.down', value: '7:down' },
      ],
    });
  });

  it('has no feedback buttons on a declined answer, and lists sources in a context line', () => {
    const declined = answerMessage(
      { question: 'q', answer: 'No.', answered: false, via: 'offline', sources: [] },
      3,
    );
    expect(declined.blocks?.some((b) => b.type === 'actions')).toBe(false);
    const cited = answerMessage(
      {
        question: 'q',
        answer: 'Yes.',
        answered: true,
        via: 'offline',
        sources: [{ ref: '9.3', title: 'Management review', score: 1 }],
      },
      4,
    );
    expect(JSON.stringify(cited.blocks)).toContain('*Sources:* `9.3` Management review');
  });

  it('never cuts inside a word when splitting', () => {
    const pieces = splitForSections('word '.repeat(2000), 500);
    expect(pieces.every((p) => p.length <= 500 && !p.startsWith(' ') && p.endsWith('word'))).toBe(true);
    expect(pieces.join(' ').split(' ').length).toBe(2000);
  });
});
