/**
 * A decision taken by mistake, corrected by a superseding decision on a real SQLite file: the risk
 * owner's acceptance superseded by the ISMS owner is one more evidence entry (who, why, which entry),
 * the risk waits for its owner again and is asked once by DM, the register's acceptance history keeps
 * the original as superseded, and nothing in the evidence changed. Bad ids and a missing reason change
 * nothing; someone else is refused and the refusal recorded.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listEvidence, verifyEvidence } from '../../src/domain/evidence.ts';
import { getRisk } from '../../src/domain/risk/views.ts';
import { RISK_COLUMNS, riskRow } from '../../src/exports/tables.ts';
import { messagesOf } from '../../src/workflows/messages.ts';
import { MIA, OWNER, RISK_OWNER, riskWorld } from '../helpers/risk-world.ts';

const BOB = { userId: 'UBOB', name: 'bob' };
const ACCEPT = { justification: 'Low once backups are offline.', expiresOn: '2027-03-01', confirm: 'yes' };

async function accepted(opts: { management?: boolean } = {}) {
  const w = riskWorld(opts);
  const { ref, i } = await w.toAcceptance();
  await w.send(i.id, 'risk.accept', RISK_OWNER, ACCEPT);
  const decision = listEvidence(w.ctx).findLast((e) => e.kind === 'step.submitted');
  if (!decision) throw new Error('no decision');
  const snapshot = () => {
    const ro = new Database(w.db.$client.name, { readonly: true });
    try {
      return {
        evidence: ro.prepare('select seq, hash from evidence order by id').all(),
        acceptances: ro.prepare('select count(*) from risk_acceptances').pluck().get(),
        instance: ro.prepare('select step, version from workflow_instances').all(),
      };
    } finally {
      ro.close();
    }
  };
  const correct = (seq: number, reason: string, actor = OWNER, instanceId = i.id) =>
    w.runtime.supersede({ teamId: 'T1', instanceId, seq, reason, actor });
  return { ...w, ref, i, decision, snapshot, correct };
}

describe('superseding a decision', () => {
  it('asks the risk owner again by DM, once, and keeps the original acceptance as superseded', async () => {
    const w = await accepted();
    const before = listEvidence(w.ctx);
    const done = await w.correct(w.decision.seq, 'Ron accepted the wrong risk (meant R-002).');
    expect(done.reopened?.key).toBe('ownerAcceptance');
    expect(done.instance.step).toBe('ownerAcceptance');
    expect(done.entry).toMatchObject({
      kind: 'decision.superseded',
      actorId: 'UOWNER',
      subject: w.i.id,
      step: 'ownerAcceptance',
      data: {
        supersedes: w.decision.seq,
        hash: w.decision.hash,
        event: 'risk.accept',
        decidedBy: 'URO',
        reason: 'Ron accepted the wrong risk (meant R-002).',
        reopened: 'ownerAcceptance',
      },
    });
    // Nothing was edited: every earlier entry is as it was, and the chain holds.
    expect(listEvidence(w.ctx).slice(0, before.length)).toEqual(before);
    expect(verifyEvidence(w.db).ok).toBe(true);

    const risk = getRisk(w.ctx, w.ref);
    expect(risk.acceptance.state).toBe('pending_owner');
    expect(risk.acceptances.map((a) => [a.decision, a.decidedBy, a.supersedes])).toEqual([
      ['accepted', 'URO', null],
      ['superseded', 'UOWNER', risk.acceptances[0]?.id],
    ]);
    expect(risk.acceptances[1]?.justification).toBe('Ron accepted the wrong risk (meant R-002).');
    // The exported register says so too: the acceptance state now, and the decision superseded.
    const row = riskRow(risk);
    expect(row[RISK_COLUMNS.findIndex((c) => c.header === 'Acceptance')]).toBe('awaiting owner');
    expect(row.at(-1)).toBe(
      '2026-12-01 accepted by URO as risk owner until 2027-03-01 — SUPERSEDED 2026-12-01 by UOWNER: Ron accepted the wrong risk (meant R-002).',
    );
    // Asked again by DM, once; the thread is told who corrected what and why.
    const rows = messagesOf(w.db, w.i.id);
    const open = rows.filter((m) => m.kind === 'dm' && m.step === 'ownerAcceptance' && !m.text);
    expect(open.map((m) => m.userId)).toEqual(['URO']);
    expect(rows.find((m) => m.key === `notice:superseded:${w.decision.seq}`)?.text).toMatch(
      /<@UOWNER> superseded decision #\d+ \(by <@URO> on 1 Dec\) as taken by mistake: Ron accepted the wrong risk \(meant R-002\)\. \*.*: Acceptance by the risk owner\* is asked again\./,
    );
    const step = w.runtime.step(done.instance);
    expect(String(step.context.notice)).toMatch(
      /^Asked again: <@UOWNER> superseded the acceptance by <@URO>/,
    );

    // The new decision is an ordinary one, and the risk is accepted again.
    await w.send(w.i.id, 'risk.accept', RISK_OWNER, {
      ...ACCEPT,
      justification: 'Checked again: it is low.',
    });
    expect(getRisk(w.ctx, w.ref).acceptance.state).toBe('accepted');
    // The same decision cannot be superseded twice.
    const snap = w.snapshot();
    await expect(w.correct(w.decision.seq, 'Another go at the same one.')).rejects.toThrow(
      /already superseded by #\d+ \(<@UOWNER>/,
    );
    expect(w.snapshot()).toEqual(snap);
  });

  it('lets the person who decided correct their own decision, and top management be asked again for theirs', async () => {
    const own = await accepted();
    const done = await own.correct(own.decision.seq, 'I clicked accept on the wrong DM.', RISK_OWNER);
    expect(done.instance.step).toBe('ownerAcceptance');

    const w = riskWorld({ management: true });
    const { ref, i } = await w.toAcceptance({ residualLikelihood: '3', residualImpact: '4' });
    await w.send(i.id, 'risk.accept', RISK_OWNER, ACCEPT);
    await w.send(i.id, 'risk.accept', MIA, { ...ACCEPT, justification: 'Agreed for this quarter.' });
    const mias = listEvidence(w.ctx).findLast((e) => e.kind === 'step.submitted');
    const back = await w.runtime.supersede({
      teamId: 'T1',
      instanceId: i.id,
      seq: mias?.seq ?? 0,
      reason: 'Mia approved before reading the plan.',
      actor: OWNER,
    });
    expect(back.instance.step).toBe('managementAcceptance');
    // The owner's acceptance stands; management decides again.
    expect(getRisk(w.ctx, ref).acceptance.state).toBe('pending_management');
  });

  it('records an older decision as superseded without moving the flow', async () => {
    const w = await accepted();
    const residual = listEvidence(w.ctx).find(
      (e) => e.kind === 'step.submitted' && (e.data as { event: string }).event === 'risk.residual.submit',
    );
    const done = await w.correct(residual?.seq ?? 0, 'The residual rating was typed for another risk.');
    expect(done.reopened).toBeUndefined();
    expect(done.instance.step).toBe('accepted');
    expect(done.entry.data).toMatchObject({ supersedes: residual?.seq, reopened: null });
    expect(getRisk(w.ctx, w.ref).acceptance.state).toBe('accepted');
    expect(messagesOf(w.db, w.i.id).find((m) => m.key.startsWith('notice:superseded'))?.text).toMatch(
      /stays in the history as superseded; nothing was edited/,
    );
  });

  it('changes nothing for a missing reason or a bad id, and refuses (and records) anyone else', async () => {
    const w = await accepted();
    const started = listEvidence(w.ctx).find((e) => e.kind === 'workflow.started');
    const before = w.snapshot();
    await expect(w.correct(w.decision.seq, '  ')).rejects.toThrow(/Say why the decision was a mistake/);
    await expect(w.correct(99999, 'The wrong risk was accepted.')).rejects.toThrow(
      /#99999 is not an entry of workflow/,
    );
    await expect(w.correct(started?.seq ?? 0, 'The wrong risk was accepted.')).rejects.toThrow(
      /is not a decision someone took \(it is `workflow.started`\)/,
    );
    await expect(
      w.correct(w.decision.seq, 'The wrong risk was accepted.', OWNER, 'f'.repeat(32)),
    ).rejects.toThrow(/can't find workflow/);
    expect(w.snapshot()).toEqual(before);

    await expect(w.correct(w.decision.seq, 'I do not like this one.', BOB)).rejects.toThrow(
      /Only the ISMS owner, or <@URO> who took it, can supersede decision/,
    );
    expect(listEvidence(w.ctx).at(-1)).toMatchObject({
      kind: 'step.refused',
      actorId: 'UBOB',
      data: { event: 'flows.correct', supersedes: w.decision.seq },
    });
    expect(w.runtime.get('T1', w.i.id).step).toBe('accepted');
    expect(getRisk(w.ctx, w.ref).acceptance.state).toBe('accepted');
  });
});
