/** The `isms ask` contract of DESIGN.md. */
import { describe, expect, it } from 'vitest';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';

const env = () => cleanEnv({ DATABASE_PATH: tempDbPath() });

describe('isms ask', () => {
  it('--json reads questions from stdin and prints one JSON object per line, in order', async () => {
    const questions = [
      'What does A.8.24 require?',
      'Who won the 2018 World Cup?',
      '',
      'Explain control 5.14',
    ];
    const r = await runIsms(['ask', '--json'], env(), `${questions.join('\n')}\n`);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.question)).toEqual([
      'What does A.8.24 require?',
      'Who won the 2018 World Cup?',
      'Explain control 5.14',
    ]);
    for (const l of lines)
      expect(Object.keys(l).sort()).toEqual(['answer', 'answered', 'question', 'sources']);
    expect(lines[0]).toMatchObject({
      answered: true,
      sources: expect.arrayContaining([
        expect.objectContaining({ ref: 'A.8.24', title: 'Use of cryptography', score: expect.any(Number) }),
      ]),
    });
    const firstRef = (i: number) => (lines[i]?.sources as { ref: string }[] | undefined)?.[0]?.ref;
    expect(firstRef(0)).toBe('A.8.24');
    expect(lines[1]).toMatchObject({ answered: false, sources: [] });
    expect(firstRef(2)).toBe('A.5.14');
  });

  it('prints an answer with its sources for a question given as arguments', async () => {
    const r = await runIsms(['ask', 'what', 'is', 'clause', '9.3', 'about?'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sources:\n\s+9\.3 — Management review/);
  });

  it('exits 3 when it declines, and explains a missing question', async () => {
    const [declined, none] = await Promise.all([
      runIsms(['ask', 'best pasta recipe?'], env()),
      runIsms(['ask'], env()),
    ]);
    expect(declined.code).toBe(3);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^isms: isms ask needs a question/);
  });
});
