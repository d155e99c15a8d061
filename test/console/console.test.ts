/** Console mode as a user types it: `isms start` with no Slack credentials, lines piped in. */
import { describe, expect, it } from 'vitest';
import { cleanEnv, runIsms, tempDbPath } from '../helpers/app-process.ts';
import { chatSession } from '../helpers/console-session.ts';

describe('console mode', () => {
  it('prints the banner, answers /isms help and a question, and exits 0 at EOF', async () => {
    const r = await runIsms(
      ['start'],
      cleanEnv({ DATABASE_PATH: tempDbPath() }),
      '/isms help\nwhat does A.8.24 require?\n',
    );
    expect(r.code).toBe(0);
    const [banner] = r.stdout.split('\n');
    expect(banner).toMatch(/console mode/);
    expect(banner).toMatch(/SLACK_BOT_TOKEN/);
    expect(r.stdout).toContain('/isms ask <question>');
    expect(r.stdout).toMatch(/Sources:.*A\.8\.24/);
    expect(r.stdout).toMatch(/\[\d+\] 👍 Helpful/);
  });

  // The session itself runs in-process (test/helpers/console-session.ts): one spawn above is enough
  // to show `isms start` picks console mode and exits 0 at EOF.
  it('clicks a numbered button when its number is typed', async () => {
    const r = await chatSession(tempDbPath(), 'what is a risk owner?\n1\n');
    expect(r.stdout).toMatch(/glad it helped/);
  });

  it('answers unrelated questions typed in a row each on their own, and a follow-up with the one before', async () => {
    const r = await chatSession(
      tempDbPath(),
      'what does A.8.24 require?\ndo we need background checks on contractors?\nwhat is the SoA?\nhow often must we run internal audits?\nwho signs it off?\n',
    );
    const sources = [...r.stdout.matchAll(/Sources:\*? *`?([^`\s]+)/g)].map((m) => m[1]);
    expect(sources.slice(0, 4)).toEqual(['A.8.24', 'A.6.1', '6.1.3', '9.2']);
    // "who signs it off?" points back to the internal audit question.
    expect(sources[4]).toMatch(/^9\.2/);
  });

  it('leaves at /quit, and says so when a slash word is not a console command instead of answering it', async () => {
    const r = await chatSession(tempDbPath(), '/help\n/quit\nwhat does A.8.24 require?\n');
    expect(r.stdout).toContain('`/help` is not a console command');
    expect(r.stdout).not.toMatch(/Sources:/); // nothing after /quit is read, and /help was not answered
  });

  it('explains an unknown subcommand and changes nothing', async () => {
    const r = await chatSession(tempDbPath(), '/isms frobnicate\n');
    expect(r.stdout).toContain("I don't know `/isms frobnicate`");
  });
});
