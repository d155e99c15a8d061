/**
 * The one rule for who may act, when people leave: a step naming a person (or its starter) who has
 * left goes to the ISMS owner, a role nobody active holds goes to the owner, a hand-over routes the
 * step to the person named until the step moves. Real SQLite file, real migrations.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addressees, mayAct } from '../../src/domain/assignment.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { clearHandOvers, recordAccountState, recordHandOver } from '../../src/domain/leavers.ts';
import { changeRole, claimOwnership } from '../../src/domain/roles.ts';
import { closeDatabase, openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';

const db = openDatabase(tempDbPath());
afterAll(() => closeDatabase(db));
const clock = { now: () => new Date('2026-12-01T10:00:00Z') };
const ctx = { db, teamId: 'T1', clock };
const owner = { userId: 'UOWNER', name: 'olivia' };
claimOwnership(ctx, owner);
const subject = {
  context: { riskOwner: 'URAJ' },
  startedBy: 'USAM',
  instanceId: 'risk-1',
  step: 'acceptance',
};

describe('steps of people who leave', () => {
  it('sends a step for a person, or for its starter, to the ISMS owner once they have left', () => {
    expect(addressees(ctx, { person: 'riskOwner' }, subject).userIds).toEqual(['URAJ']);
    expect(recordAccountState(ctx, 'URAJ', true)).toBe(true);
    expect(recordAccountState(ctx, 'URAJ', true)).toBe(false);
    const now = addressees(ctx, { person: 'riskOwner' }, subject);
    expect(now.userIds).toEqual(['UOWNER']);
    expect(now.label).toMatch(/ISMS owner.*as <@URAJ> has left/);
    expect(mayAct(ctx, { person: 'riskOwner' }, 'URAJ', subject)).toBe(false);
    recordAccountState(ctx, 'USAM', true);
    expect(addressees(ctx, 'starter', subject).userIds).toEqual(['UOWNER']);
    expect(
      listEvidence(ctx)
        .filter((e) => e.kind === 'person.left')
        .map((e) => e.subject),
    ).toEqual(['URAJ', 'USAM']);
  });

  it('sends a role step to the owner when its only holder has left, and back when they return', () => {
    changeRole(ctx, owner, { userId: 'UAPP', name: 'ada', role: 'approver', grant: true });
    expect(addressees(ctx, { role: 'approver' }, subject).userIds).toEqual(['UAPP']);
    recordAccountState(ctx, 'UAPP', true);
    expect(addressees(ctx, { role: 'approver' }, subject).userIds).toEqual(['UOWNER']);
    expect(recordAccountState(ctx, 'UAPP', false)).toBe(true);
    expect(addressees(ctx, { role: 'approver' }, subject).userIds).toEqual(['UAPP']);
    expect(listEvidence(ctx).at(-1)).toMatchObject({ kind: 'person.returned', subject: 'UAPP' });
  });

  it('routes a handed-over step to the person named until the hand-over is cleared', () => {
    recordHandOver(ctx, {
      instanceId: 'risk-1',
      step: 'acceptance',
      from: ['UOWNER'],
      to: 'UDANA',
      reason: 'Raj left',
      actor: owner,
    });
    expect(addressees(ctx, { person: 'riskOwner' }, subject).userIds).toEqual(['UDANA']);
    // Only the step it was made for: the same instance on another step is not handed over.
    expect(addressees(ctx, { person: 'riskOwner' }, { ...subject, step: 'treat' }).userIds).toEqual([
      'UOWNER',
    ]);
    expect(() =>
      recordHandOver(ctx, {
        instanceId: 'risk-1',
        step: 'acceptance',
        from: [],
        to: 'URAJ',
        reason: '',
        actor: owner,
      }),
    ).toThrow(/has left the workspace/);
    expect(() =>
      recordHandOver(ctx, {
        instanceId: 'risk-1',
        step: 'acceptance',
        from: [],
        to: 'dana',
        reason: '',
        actor: owner,
      }),
    ).toThrow(/Mention the person/);
    clearHandOvers(ctx, 'risk-1');
    expect(addressees(ctx, { person: 'riskOwner' }, subject).userIds).toEqual(['UOWNER']);
  });
});
