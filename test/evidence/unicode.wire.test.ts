/**
 * No input can produce an evidence entry that fails verification: text with lone UTF-16 surrogates,
 * sent in a signed Slack submission, is stored and hashed as valid Unicode.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runIsms, waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import { click, latestMessage, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' };
// JSON carries lone surrogates as `\ud800` escapes; a form-encoded body cannot.
const bob: User = { id: 'UBOB', name: 'bob\ud800' };

const h = useHttpApp();

describe('evidence from text that is not valid Unicode', () => {
  it('is stored with U+FFFD in place of each lone surrogate, and the chain verifies', async () => {
    for (const [user, text] of [
      [alice, 'setup'],
      [alice, 'scope'],
    ] as const) {
      const res = await slashCommand(h.app.url, { text, user_id: user.id, user_name: user.name });
      expect(res.status).toBe(200);
    }
    const post = await waitFor(
      () =>
        h.slack
          .callsTo('chat.postMessage')
          .find((c) => JSON.stringify(c.args.blocks ?? '').includes('scope.issues.submit')),
      5000,
      'flow message',
    );
    const ts = String(post.args.__ts);
    const m = latestMessage(h.slack, ts);
    if (!m) throw new Error('no flow message');
    click(h.app.url, h.slack, bob, { channel: 'C1', ts, blocks: m.blocks }, 'scope.issues.submit');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 5000, 'views.open');
    const res = await submit(h.app.url, bob, open.args.view as Record<string, unknown>, {
      external: ['Customers \udc00ask for ISO 27001', 'GDPR \ud83d'],
      internal: ['Ten \ud800\ud800engineers'],
    });
    expect(res.status).toBe(200);

    const db = new Database(h.dbPath, { readonly: true });
    const read = () =>
      db.prepare("select actor_name, data from evidence where kind = 'step.submitted'").get() as
        | { actor_name: string; data: string }
        | undefined;
    const row = await waitFor(read, 8000, 'step.submitted evidence');
    db.close();
    expect(row.actor_name).toBe('bob\ufffd');
    expect(row.data).toContain('Customers \ufffdask for ISO 27001');
    expect(row.data).toContain('Ten \ufffd\ufffdengineers');

    const verify = await runIsms(['evidence', 'verify'], cleanEnv({ DATABASE_PATH: h.dbPath }));
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
  });
});
