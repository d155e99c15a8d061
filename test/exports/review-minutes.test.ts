/**
 * Exporting approved management review minutes over a real SQLite file: Markdown and PDF rendered
 * from the locked record, the file's SHA-256 appended to the evidence chain; `isms export minutes`
 * writes the file; an unknown review is refused with nothing recorded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { listEvidence, verifyEvidence } from '../../src/domain/evidence.ts';
import { INPUTS } from '../../src/domain/review-agenda.ts';
import { minutesDoc } from '../../src/domain/review-minutes.ts';
import { saveApprovedReview } from '../../src/domain/reviews.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { registerExportCommands } from '../../src/exports/commands.ts';
import { exportMinutes } from '../../src/exports/review-minutes.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { owner, TestClock } from '../helpers/domain.ts';

let path: string;
let db: Db;
let ctx: Ctx;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeEach(() => {
  path = tempDbPath();
  db = openDatabase(path);
  ctx = { db, teamId: 'T1', clock: new TestClock() };
  claimOwnership(ctx, owner);
  const record = {
    reviewId: 'MR-2026-01',
    organisation: 'Acme',
    chair: 'UMIA',
    date: '2026-12-10',
    participants: ['Mia (CEO)'],
    agenda: INPUTS.map((i) => ({
      ...i,
      prefilled: `Input ${i.key} — ≥ 3 findings, *none* open`,
      discussion: 'Noted.',
    })),
    decisions: [{ text: 'Automate access reviews', kind: 'improvement' as const }],
    actions: [{ ref: 'MR-2026-01-A1', text: 'Update the scope', owner: 'UDANA', due: '2026-12-31' }],
  };
  const doc = minutesDoc(record, (id) => id.slice(1).toLowerCase(), {
    summary: 'The review was held.',
    approvedBy: 'mia',
    approvedAt: '2026-12-10T12:00:00.000Z',
  });
  saveApprovedReview(ctx, {
    ref: 'MR-2026-01',
    instanceId: 're-1',
    heldOn: '2026-12-10',
    chairId: 'UMIA',
    doc,
    minutes: 'The review was held.',
    approvedBy: 'UMIA',
    actions: record.actions,
  });
});
afterEach(() => closeDatabase(db));

describe('minutes export', () => {
  it('renders Markdown and PDF from the locked record and chains each file’s SHA-256', async () => {
    const md = await exportMinutes(ctx, { format: 'md', actor: owner });
    expect(md.filename).toBe('MR-2026-01-minutes.md');
    const text = md.body.toString();
    expect(text).toContain('MR-2026-01');
    expect(text).toContain('Update the scope');
    expect(text).toContain('\\*none\\*'); // untrusted text escaped, not turned into emphasis
    const pdf = await exportMinutes(ctx, { ref: 'MR-2026-01', format: 'pdf', actor: owner });
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const exported = listEvidence(ctx).filter((e) => e.kind === 'review.minutes.exported');
    expect(exported.map((e) => e.data)).toEqual([
      { review: 'MR-2026-01', format: 'md', bytes: md.body.byteLength, sha256: sha(md.body) },
      { review: 'MR-2026-01', format: 'pdf', bytes: pdf.body.byteLength, sha256: sha(pdf.body) },
    ]);
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('refuses a review that does not exist, and records nothing', async () => {
    const before = listEvidence(ctx).length;
    await expect(exportMinutes(ctx, { ref: 'MR-2026-09', format: 'md', actor: owner })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
        message: 'There is no approved review MR-2026-09.',
      },
    );
    expect(listEvidence(ctx)).toHaveLength(before);
  });

  it('isms export minutes writes the file whose hash the evidence holds', async () => {
    closeDatabase(db);
    const out = join(tempDbPath(), '..', 'minutes.pdf');
    const program = new Command().exitOverride();
    registerExportCommands(program, () => loadConfig({ DATABASE_PATH: path }));
    await program.parseAsync(['export', 'minutes', '--format', 'pdf', '--out', out, '--team', 'T1'], {
      from: 'user',
    });
    db = openDatabase(path);
    const last = listEvidence({ ...ctx, db }).at(-1);
    expect(last).toMatchObject({ kind: 'review.minutes.exported', actorId: 'cli' });
    expect((last?.data as { sha256?: string } | undefined)?.sha256).toBe(sha(readFileSync(out)));
  });
});
