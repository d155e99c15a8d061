/** The workflow runtime over a real SQLite file: persistence, one-at-a-time events, stale clicks, recovery. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { scopingMachine } from '../../flows/scoping.ts';
import { listEvidence, verifyEvidence } from '../../src/domain/evidence.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { currentScope } from '../../src/domain/scope.ts';
import { templateStatement } from '../../src/domain/scope-statement.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { type DraftScope, runtimeFlows } from '../../src/workflows/flows.ts';
import { createRuntime } from '../../src/workflows/runtime.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { exampleValues, metaOf } from '../helpers/flow-paths.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date('2026-11-24T09:00:00Z') };
const owner = { userId: 'UOWNER', name: 'olivia' };
const member = { userId: 'UMEMBER', name: 'max' };
let path: string;
let db: Db;

const templateDraft: DraftScope = async ({ answers }) => templateStatement(answers);
const runtimeWith = (draftScope: DraftScope = templateDraft, database = db) =>
  createRuntime({ db: database, clock, logger, flows: runtimeFlows({ draftScope }), busyTimeoutMs: 2000 });

/** Example answers for a step's form, read from the machine's own meta. */
function formEvent(step: string) {
  const actor = createActor(scopingMachine, {
    input: { previous: null },
    snapshot: scopingMachine.resolveState({
      value: step,
      context: { answers: {}, previous: null, changes: null, rejection: null },
    }) as never,
  });
  const form = metaOf(actor.getSnapshot())?.form;
  if (!form) throw new Error(`no form at ${step}`);
  return { type: form.event, values: exampleValues(form.fields) };
}

beforeEach(() => {
  path = tempDbPath();
  db = openDatabase(path);
  claimOwnership({ db, teamId: 'T1', clock }, owner);
});
afterEach(() => closeDatabase(db));

describe('workflow runtime', () => {
  it('persists each transition with its evidence, and completes the scope', async () => {
    const rt = runtimeWith();
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    expect(i.step).toBe('issues');
    for (const step of ['issues', 'parties', 'boundaries']) {
      await rt.send({
        teamId: 'T1',
        instanceId: i.id,
        event: formEvent(step),
        actor: member,
        expectStep: step,
      });
    }
    // Drafting ran (template) and the instance waits for the owner's edit.
    expect(rt.get('T1', i.id).step).toBe('review');
    await rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: formEvent('review'),
      actor: owner,
      expectStep: 'review',
    });
    const done = await rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: { type: 'scope.approve' },
      actor: owner,
      expectStep: 'approval',
    });
    expect(done.status).toBe('done');
    expect(currentScope({ db, teamId: 'T1', clock })).toMatchObject({
      version: 1,
      approvedBy: 'UOWNER',
      instanceId: i.id,
    });
    const kinds = listEvidence({ db, teamId: 'T1', clock }).map((e) => `${e.kind}:${e.step ?? ''}`);
    expect(kinds).toEqual([
      'roles.owner_claimed:',
      'workflow.started:issues',
      'step.submitted:issues',
      'step.submitted:parties',
      'step.submitted:boundaries',
      'step.completed:drafting',
      'step.submitted:review',
      'step.decided:approval',
      'scope.approved:approved',
      'workflow.completed:approved',
    ]);
    expect(verifyEvidence(db).ok).toBe(true);
  });

  it('starts a later run from the approved scope and shows what it changes', async () => {
    const rt = runtimeWith();
    const runTo = async (id: string, statement: string) => {
      for (const step of ['issues', 'parties', 'boundaries'])
        await rt.send({ teamId: 'T1', instanceId: id, event: formEvent(step), actor: owner });
      await rt.send({
        teamId: 'T1',
        instanceId: id,
        event: { type: 'scope.statement.submit', values: { statement } },
        actor: owner,
      });
    };
    const first = await rt.start({ teamId: 'T1', flow: 'scoping', actor: owner, channel: 'C1' });
    await runTo(first.id, 'The ISMS of Acme covers Engineering. It protects customer data.');
    await rt.send({ teamId: 'T1', instanceId: first.id, event: { type: 'scope.approve' }, actor: owner });

    const second = await rt.start({ teamId: 'T1', flow: 'scoping', actor: owner, channel: 'C1' });
    // The forms of the new run start from the approved answers.
    expect(rt.step(second).context).toMatchObject({
      answers: formEvent('issues').values,
      previous: { version: 1 },
    });
    await runTo(second.id, 'The ISMS of Acme covers Engineering and Support. It protects customer data.');
    const approval = rt.step(rt.get('T1', second.id));
    expect(approval.key).toBe('approval');
    expect(approval.context.changes).toBe(
      '- The ISMS of Acme covers Engineering.\n+ The ISMS of Acme covers Engineering and Support.',
    );
    await rt.send({ teamId: 'T1', instanceId: second.id, event: { type: 'scope.approve' }, actor: owner });
    expect(currentScope({ db, teamId: 'T1', clock })).toMatchObject({ version: 2, instanceId: second.id });
  });

  it('applies two conflicting events at once exactly once', async () => {
    const rt = runtimeWith();
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    const send = () =>
      rt.send({
        teamId: 'T1',
        instanceId: i.id,
        event: formEvent('issues'),
        actor: member,
        expectStep: 'issues',
      });
    const results = await Promise.allSettled([send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/moved on/) });
    expect(rt.get('T1', i.id)).toMatchObject({ step: 'parties', version: 2 });
    expect(listEvidence({ db, teamId: 'T1', clock }).filter((e) => e.kind === 'step.submitted')).toHaveLength(
      1,
    );
  });

  it('rejects a stale button and an event the step does not take, changing nothing', async () => {
    const rt = runtimeWith();
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    await rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: formEvent('issues'),
      actor: member,
      expectStep: 'issues',
    });
    const before = listEvidence({ db, teamId: 'T1', clock }).length;
    await expect(
      rt.send({
        teamId: 'T1',
        instanceId: i.id,
        event: formEvent('issues'),
        actor: member,
        expectStep: 'issues',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      rt.send({ teamId: 'T1', instanceId: i.id, event: { type: 'scope.approve' }, actor: owner }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(rt.get('T1', i.id)).toMatchObject({ step: 'parties', version: 2 });
    expect(listEvidence({ db, teamId: 'T1', clock })).toHaveLength(before);
  });

  it('keeps teams apart', async () => {
    const rt = runtimeWith();
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    expect(() => rt.get('T2', i.id)).toThrow(/can't find workflow/);
    await expect(
      rt.send({ teamId: 'T2', instanceId: i.id, event: formEvent('issues'), actor: member }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records a cancellation with its reason, after which events are refused', async () => {
    const rt = runtimeWith();
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    await rt.cancel({ teamId: 'T1', instanceId: i.id, actor: owner, reason: 'started in the wrong channel' });
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'workflow.cancelled',
      data: { reason: 'started in the wrong channel' },
    });
    await expect(
      rt.send({ teamId: 'T1', instanceId: i.id, event: formEvent('issues'), actor: member }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('persists the submission before a slow draft, and a restarted runtime finishes the draft', async () => {
    const stalled: DraftScope = () => new Promise(() => {});
    const rt = runtimeWith(stalled);
    const i = await rt.start({ teamId: 'T1', flow: 'scoping', actor: member, channel: 'C1' });
    await rt.send({ teamId: 'T1', instanceId: i.id, event: formEvent('issues'), actor: member });
    await rt.send({ teamId: 'T1', instanceId: i.id, event: formEvent('parties'), actor: member });
    const pending = rt.send({
      teamId: 'T1',
      instanceId: i.id,
      event: formEvent('boundaries'),
      actor: member,
    });
    pending.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(rt.get('T1', i.id).step).toBe('drafting'); // the answers are safe before the model replies

    // "Restart": a new runtime on a new connection to the same file.
    const db2 = openDatabase(path);
    const rt2 = runtimeWith(
      async () => 'The ISMS of Acme covers everything described in the answers above.',
      db2,
    );
    const recovered = rt2.recover();
    expect(recovered.unshown).toEqual([]); // a busy step is finished first, in the background
    const settled = await recovered.settling;
    expect(rt2.get('T1', i.id)).toMatchObject({ step: 'review' });
    expect(settled.map((x) => x.id)).toEqual([i.id]);
    expect(rt2.step(rt2.get('T1', i.id)).context).toMatchObject({
      answers: { statement: expect.stringContaining('Acme') },
    });
    closeDatabase(db2);
  });
});
