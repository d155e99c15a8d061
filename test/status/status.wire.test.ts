/** `/isms status` and `/isms docs` over Slack's wire protocol, on an empty and a populated workspace. */
import { describe, expect, it } from 'vitest';
import { listEvidence } from '../../src/domain/evidence.ts';
import type { MinutesDoc } from '../../src/domain/review-minutes.ts';
import { saveApprovedReview } from '../../src/domain/reviews.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { waitFor } from '../helpers/app-process.ts';
import { useHttpApp } from '../helpers/http-app.ts';
import { slashCommand } from '../helpers/slack-request.ts';
import type { User } from '../helpers/slack-ui.ts';
import { populate } from './populate.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const bob: User = { id: 'UBOB', name: 'bob' };

const h = useHttpApp();

async function command(user: User, text: string): Promise<string> {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  const res = await slashCommand(h.app.url, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: h.slack.responseUrl(id),
  });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => h.slack.responses.find((r) => r.id === id), 8000, `reply to ${text}`);
  return `${String(reply.body.text)}\n${JSON.stringify(reply.body.blocks ?? [])}`;
}

const withDb = <T>(
  fn: (ctx: { db: ReturnType<typeof openDatabase>; teamId: string; clock: { now(): Date } }) => T,
): T => {
  const db = openDatabase(h.dbPath);
  try {
    return fn({ db, teamId: 'T1', clock: { now: () => new Date() } });
  } finally {
    closeDatabase(db);
  }
};
// Only what /isms docs writes: the scheduler and the reminders write entries of their own meanwhile.
const DOCS_KINDS = new Set(['document.registered', 'access.refused']);
const evidenceKinds = () =>
  withDb((ctx) =>
    listEvidence(ctx)
      .map((e) => e.kind)
      .filter((k) => DOCS_KINDS.has(k)),
  );

describe('/isms status and /isms docs over Slack', () => {
  it('lists every mandatory document as missing in a new workspace, with the next thing to do', async () => {
    await command(alice, 'setup');
    const text = await command(alice, 'status');
    expect(text).toContain('0 done, 0 partial, 14 missing of 14 mandatory documents');
    for (const clause of [
      '4.3',
      '5.2',
      '6.1.2',
      '6.1.3',
      '6.1.3 d',
      '6.2',
      '7.2',
      '8.1',
      '8.2',
      '8.3',
      '9.1',
      '9.2',
      '9.3',
      '10.2',
    ])
      expect(text).toContain(`*${clause} `);
    expect(text).toContain('scope the ISMS: `/isms scope`');
    expect(text).toContain('`/isms docs add 5.2 <link>`');
  });

  it('refuses bad input with a clear message, and anyone but the owner with evidence; nothing is registered', async () => {
    const before = evidenceKinds().length;
    expect(await command(alice, 'docs add 5.9 https://wiki.example.com/p')).toContain(
      'is not a clause of the mandatory documented information',
    );
    expect(await command(alice, 'docs add 5.2 http://wiki.example.com/p')).toContain('https link');
    expect(await command(alice, 'docs add 5.2 https://localhost/p')).toContain('https link');
    expect(await command(alice, 'docs add 5.2')).toContain('Usage');
    expect(evidenceKinds().length).toBe(before);
    expect(await command(bob, 'docs add 5.2 https://wiki.example.com/p')).toContain('Only the ISMS owner');
    expect(evidenceKinds().slice(before)).toEqual(['access.refused']);
    // Bob holds no role: the report of the ISMS's gaps is not his to see either.
    expect(await command(bob, 'status')).toContain('Only');
    expect(await command(alice, 'docs list')).toContain('Registered documents* (0 of 14)');
  });

  it('reports a populated workspace from its real data, and a registered document as present', async () => {
    withDb((ctx) => populate(ctx, { userId: alice.id, name: alice.name }, bob.id));
    expect(await command(alice, 'docs add 5.2 <https://wiki.example.com/isms/policy|policy>')).toContain(
      'Registered <https://wiki.example.com/isms/policy> as the document for clause 5.2',
    );
    expect(await command(alice, 'docs add 6.1.3 d https://wiki.example.com/isms/soa')).toContain(
      'clause 6.1.3 d',
    );
    expect(evidenceKinds().filter((k) => k === 'document.registered')).toHaveLength(2);
    const text = await command(alice, 'status');
    expect(text).toContain('6 done, 1 partial, 7 missing');
    expect(text).toContain('✅ *4.3 Scope of the ISMS*: done');
    expect(text).toContain('scope version 1, approved');
    expect(text).toContain('✅ *5.2 Information security policy*: done');
    expect(text).toContain('https://wiki.example.com/isms/policy');
    expect(text).toContain('✅ *6.1.3 d Statement of Applicability*: done');
    expect(text).toContain('93 of 93 controls decided');
    expect(text).toContain('✅ *8.2 Results of risk assessments*: done');
    // R-002 waits for its owner's acceptance.
    expect(text).toContain('🟡 *8.3 Results of risk treatment*: partial');
    expect(text).toContain('get 1 acceptance(s) decided');
    expect(text).toContain('❌ *9.2 Internal audit programme and results*: missing');
    expect(text).toContain('❌ *9.3 Results of management reviews*: missing');
    expect(text).toContain('hold a management review: `/isms review`');
    expect(await command(alice, 'docs list')).toContain('(2 of 14)');
  });

  it('reads 9.3 from the management reviews held: the last approved one and its overdue actions', async () => {
    withDb((ctx) =>
      saveApprovedReview(ctx, {
        ref: 'MR-2026-01',
        instanceId: 'mr-test',
        heldOn: '2026-11-20',
        chairId: 'UMIA',
        doc: {} as MinutesDoc,
        minutes: 'Held with top management; decisions recorded.',
        approvedBy: 'UMIA',
        actions: [{ ref: 'MR-2026-01-A1', text: 'Renew the NDA template', owner: bob.id, due: '2026-11-30' }],
      }),
    );
    const text = await command(alice, 'status');
    expect(text).toContain('6 done, 2 partial, 6 missing');
    expect(text).toContain('🟡 *9.3 Results of management reviews*: partial');
    expect(text).toContain('last management review MR-2026-01 held 2026-11-20');
    expect(text).toContain('close 1 overdue review action(s): MR-2026-01-A1');
  });
});
