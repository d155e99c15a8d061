/**
 * Paths through the risk machine, generated with xstate/graph and replayed against the pure machine
 * with the snapshot round-tripped through JSON after each step (as the runtime persists it), on three
 * methods: one whose example residual the owner accepts, one that needs top management after the
 * owner, and one where it must be treated further. The machine loops (decline, re-review,
 * re-assessment), so its simple paths run into the millions: the paths are the shortest one to every
 * state, each followed by every event that state takes — every transition is taken at least once.
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { type RiskFlowInput, riskMachine } from '../../flows/risk.ts';
import { validateForm } from '../../src/domain/flow-meta.ts';
import type { RiskMethod } from '../../src/domain/risk/method.ts';
import { presetMethod } from '../../src/domain/risk/presets.ts';
import {
  eventsFor,
  MANAGER,
  metaOf,
  OWNER,
  SYSTEM,
  stateKeys,
  valueKey,
  walkEventsFor,
} from '../helpers/flow-paths.ts';

/** The 5×5 preset with every cell one level: the example residual (2 × 2) lands on it. */
const allAt = (by: 'owner' | 'management' | 'none'): RiskMethod => {
  const m = presetMethod('5x5');
  const level = {
    ...m.levels[0],
    id: 'only',
    name: 'Only',
    colour: '#2E7D32',
  } as RiskMethod['levels'][number];
  const only = { ...level, acceptance: { by, maxDays: by === 'none' ? null : 90 } };
  return {
    ...m,
    levels: [only, { ...only, id: 'spare', name: 'Spare' }],
    grid: m.grid.map((r) => r.map(() => 'only')),
  };
};

const inputs: [string, RiskFlowInput][] = [
  ['owner accepts', { ref: 'R-001', method: presetMethod('5x5') }],
  ['management follows the owner', { ref: 'R-002', method: allAt('management') }],
  ['must be treated', { ref: 'R-003', method: allAt('none') }],
];

type Ctx = { accepted: unknown };
type Path = { name: string; events: { type: string }[]; end: unknown };

function pathsFor(input: RiskFlowInput): Path[] {
  const shortest = getShortestPaths(riskMachine, {
    input,
    events: (s) => walkEventsFor(s as AnyMachineSnapshot, OWNER) as never,
    // Coarse on purpose: the actions list grows on every "add"; an acceptance in force tells loops apart.
    serializeState: (s) => `${JSON.stringify(s.value)}${(s.context as Ctx).accepted ? '+accepted' : ''}`,
  });
  const out: Path[] = [];
  for (const p of shortest) {
    const events = p.steps.slice(1).map((s) => s.event);
    for (const next of eventsFor(p.state as AnyMachineSnapshot, OWNER)) {
      const all = [...events, next];
      out.push({ name: all.map((e) => e.type).join(' → '), events: all, end: undefined });
    }
  }
  return out;
}

const reached = new Set<string>();

for (const [label, input] of inputs) {
  const paths = pathsFor(input);

  describe(`risk paths, ${label}`, () => {
    it.each(paths.map((p) => [p.name, p] as const))('%s', (_name, path) => {
      let snapshot: unknown;
      for (const event of path.events) {
        const actor = createActor(riskMachine, snapshot ? { snapshot: snapshot as never, input } : { input });
        actor.start();
        const meta = metaOf(actor.getSnapshot());
        expect(meta?.title).toBeTruthy();
        const values = (event as unknown as { values?: Record<string, string[]> }).values;
        const fields =
          meta?.form?.event === event.type
            ? meta.form.fields
            : meta?.choices?.find((c) => c.event === event.type)?.form?.fields;
        // The example answers the path uses are valid for the form the person would see.
        if (fields && values) expect(validateForm(fields, values).ok).toBe(true);
        // Every event a step offers is one it takes.
        expect(actor.getSnapshot().can(event as never)).toBe(true);
        actor.send(event as never);
        reached.add(valueKey(actor.getSnapshot().value));
        const expected = actor.getSnapshot().value;
        snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
        const restored = createActor(riskMachine, { snapshot: snapshot as never, input });
        restored.start();
        expect(restored.getSnapshot().value).toEqual(expected);
        restored.stop();
      }
    });
  });
}

describe('risk paths together', () => {
  // Runs after the path tests above (vitest keeps the order within a file).
  it('reach every state of the machine', () => {
    expect([...reached].sort()).toEqual(stateKeys(riskMachine).sort());
  });
});

/** Drive a fresh actor along the first path to `target`, collecting what it emits. */
function driveTo(input: RiskFlowInput, target: string) {
  const actor = createActor(riskMachine, { input });
  const emitted: ({ type: string } & Record<string, unknown>)[] = [];
  actor.on('*', (e) => emitted.push(e as never));
  actor.start();
  const path = getShortestPaths(riskMachine, {
    input,
    events: (s) => walkEventsFor(s as AnyMachineSnapshot, OWNER) as never,
    serializeState: (s) => JSON.stringify(s.value),
    toState: (s) => s.value === target,
  })[0];
  if (!path) throw new Error(`no path to ${target}`);
  for (const step of path.steps.slice(1)) actor.send(step.event);
  return { actor, emitted };
}

describe('risk assignments, decisions and timers', () => {
  it('asks the risk owner by DM, then top management (the ISMS owner while nobody holds it)', () => {
    const owner = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance').actor.getSnapshot();
    expect(metaOf(owner)).toMatchObject({ to: { person: 'riskOwner' }, where: 'dm' });
    expect(owner.context.riskOwner).toBe('URISKOWNER');
    const mgmt = driveTo(inputs[1]?.[1] as RiskFlowInput, 'managementAcceptance').actor.getSnapshot();
    expect(metaOf(mgmt)).toMatchObject({ to: { role: 'management', fallback: 'owner' }, where: 'dm' });
    // Guards are about the data (levels, criteria), never about people: that is the runtime's rule.
    expect(JSON.stringify(riskMachine.config)).not.toMatch(/userId|roles/);
  });

  it('emits the whole assessment when the residual risk is rated, shown with its level and colour', () => {
    const { actor, emitted } = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance');
    const assessed = emitted.find((e) => e.type === 'risk.assessed');
    expect(assessed).toMatchObject({
      ref: 'R-001',
      input: {
        ownerId: 'URISKOWNER',
        likelihood: '3',
        impact: '3',
        treatment: 'modify',
        controls: ['A.8.13'],
        residualLikelihood: '2',
        residualImpact: '2',
      },
    });
    expect(String((assessed?.input as { scenario?: string } | undefined)?.scenario)).toMatch(
      /encrypts the customer/,
    );
    const view = actor.getSnapshot().context.view;
    expect(view.inherent).toBe(':large_yellow_square: *Medium* (likelihood 3 Possible × impact 3 Moderate)');
    expect(view.residual).toMatch(/^:large_green_square: \*Low\*/);
    expect(view.residualCriteria).toMatch(/risk owner, for at most 365 days/);
    expect(view.scales).toContain('*5 Almost certain*: Expected several times a year');
  });

  it('reminds and escalates while the owner has not decided, and stops both once decided', () => {
    const { actor, emitted } = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance');
    expect(emitted.filter((e) => e.type === 'runtime.schedule').map((e) => e.key)).toEqual([
      'acceptance.remind',
      'acceptance.escalate',
    ]);
    actor.send({ type: 'risk.remind', actor: SYSTEM });
    actor.send({ type: 'risk.escalate', actor: SYSTEM });
    expect(emitted.filter((e) => e.type === 'runtime.notify').map((e) => e.kind)).toEqual([
      'reminder',
      'escalation',
    ]);
    actor.send({
      type: 'risk.accept',
      values: { justification: 'Low after backups are in place.', expiresOn: '2027-06-30', confirm: 'yes' },
      actor: { ...OWNER, userId: 'URISKOWNER', at: '2026-12-01T10:00:00.000Z' },
    });
    expect(actor.getSnapshot().value).toBe('accepted');
    expect(emitted.filter((e) => e.type === 'runtime.unschedule').map((e) => e.key)).toEqual([
      'acceptance.remind',
      'acceptance.escalate',
    ]);
    expect(emitted.find((e) => e.type === 'risk.decided')).toMatchObject({
      decision: 'accepted',
      expiresOn: '2027-06-30',
      justification: 'Low after backups are in place.',
    });
    // Re-review 30 days before the expiry, as a due event the scheduler fires.
    expect(emitted.filter((e) => e.key === 'acceptance.review').at(-1)).toMatchObject({
      type: 'runtime.schedule',
      at: '2027-05-31T09:00:00.000Z',
      event: { type: 'risk.review' },
    });
    actor.send({ type: 'risk.review', actor: SYSTEM });
    expect(actor.getSnapshot().value).toBe('ownerAcceptance');
    expect(actor.getSnapshot().context.view.notice).toMatch(
      /^Re-review: the acceptance in force expires on 2027-06-30/,
    );
  });

  it('re-reviews a short acceptance halfway through rather than at once', () => {
    const { actor, emitted } = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance');
    actor.send({
      type: 'risk.accept',
      values: { justification: 'Only until the migration ends.', expiresOn: '2026-12-21', confirm: 'yes' },
      actor: { ...OWNER, userId: 'URISKOWNER', at: '2026-12-01T10:00:00.000Z' },
    });
    expect(emitted.filter((e) => e.key === 'acceptance.review').at(-1)?.at).toBe('2026-12-11T09:00:00.000Z');
  });

  it('goes back to treatment on a decline, with the reason shown', () => {
    const { actor } = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance');
    actor.send({
      type: 'risk.decline',
      values: { justification: 'Backups alone are not enough here.' },
      actor: { ...OWNER, userId: 'URISKOWNER' },
    });
    expect(actor.getSnapshot().value).toBe('treat');
    expect(actor.getSnapshot().context.view.notice).toMatch(/^Declined by <@URISKOWNER>: Backups alone/);
  });

  it('asks again at the step a superseded decision was taken, with who corrected it and why', () => {
    const owner = { ...OWNER, userId: 'URISKOWNER', at: '2026-12-01T10:00:00.000Z' };
    const accept = {
      type: 'risk.accept',
      values: { justification: 'Low after backups are in place.', expiresOn: '2027-06-30', confirm: 'yes' },
      actor: owner,
    } as const;
    const correction = { decidedBy: 'URISKOWNER', reason: 'Accepted the wrong risk.', actor: OWNER };
    const { actor, emitted } = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance');
    actor.send(accept);
    expect(actor.getSnapshot().value).toBe('accepted');
    actor.send({ type: 'risk.accept.superseded', step: 'ownerAcceptance', ...correction });
    expect(actor.getSnapshot().value).toBe('ownerAcceptance');
    expect(actor.getSnapshot().context.accepted).toBeNull();
    expect(actor.getSnapshot().context.view.notice).toBe(
      'Asked again: <@UOWNER> superseded the acceptance by <@URISKOWNER> as taken by mistake: Accepted the wrong risk.',
    );
    expect(emitted.find((e) => e.type === 'risk.superseded')).toMatchObject({
      ref: 'R-001',
      decision: 'accepted',
      decidedBy: 'URISKOWNER',
      reason: 'Accepted the wrong risk.',
    });
    // The re-review of the withdrawn acceptance is dropped; the reminders of the step asked again start.
    const keys = emitted.map((e) => `${e.type}:${String(e.key)}`);
    expect(keys.slice(keys.lastIndexOf('runtime.unschedule:acceptance.review'))).toEqual(
      expect.arrayContaining(['runtime.schedule:acceptance.remind', 'runtime.schedule:acceptance.escalate']),
    );

    // Top management's acceptance superseded: management is asked again, the owner's stands.
    const mgmt = driveTo(inputs[1]?.[1] as RiskFlowInput, 'managementAcceptance').actor;
    mgmt.send({ ...accept, actor: { ...MANAGER, at: owner.at } });
    expect(mgmt.getSnapshot().value).toBe('accepted');
    mgmt.send({ type: 'risk.accept.superseded', step: 'managementAcceptance', ...correction });
    expect(mgmt.getSnapshot().value).toBe('managementAcceptance');
    // A decline superseded: back from treatment to the step that declined.
    const declined = driveTo(inputs[0]?.[1] as RiskFlowInput, 'ownerAcceptance').actor;
    declined.send({
      type: 'risk.decline',
      values: { justification: 'Not without monitoring.' },
      actor: owner,
    });
    declined.send({ type: 'risk.decline.superseded', step: 'ownerAcceptance', ...correction });
    expect(declined.getSnapshot().value).toBe('ownerAcceptance');
  });

  it('does not offer acceptance for a level nobody may accept', () => {
    const input = inputs[2]?.[1] as RiskFlowInput;
    const { actor } = driveTo(input, 'residual');
    actor.send({
      type: 'risk.residual.submit',
      values: { residualLikelihood: '1', residualImpact: '1' },
      actor: OWNER,
    });
    expect(actor.getSnapshot().value).toBe('treat');
    expect(actor.getSnapshot().context.view.notice).toMatch(/may not be accepted by anyone/);
  });

  it('keeps an acceptance when a re-assessment leaves the residual rating as it was, and asks again when it changes', () => {
    const accepted = { likelihood: 2, impact: 2, expiresOn: '2027-06-30', reviewOn: '2027-05-31' };
    const input: RiskFlowInput = {
      ref: 'R-009',
      method: presetMethod('5x5'),
      answers: { scenario: 'Laptop stolen from a car', ownerId: 'URISKOWNER', likelihood: '3', impact: '3' },
      accepted,
    };
    const fresh = createActor(riskMachine, { input }).start();
    // A re-assessment starts from the stored answers, and says it is one.
    expect(fresh.getSnapshot().context.answers.scenario).toBe('Laptop stolen from a car');
    expect(fresh.getSnapshot().context.view.notice).toMatch(/^Re-assessment/);
    const same = driveTo(input, 'residual').actor;
    same.send({
      type: 'risk.residual.submit',
      values: { residualLikelihood: '2', residualImpact: '2' },
      actor: MANAGER,
    });
    expect(same.getSnapshot().value).toBe('accepted');
    const changed = driveTo(input, 'residual').actor;
    changed.send({
      type: 'risk.residual.submit',
      values: { residualLikelihood: '3', residualImpact: '2' },
      actor: MANAGER,
    });
    expect(changed.getSnapshot().value).toBe('ownerAcceptance');
  });
});
