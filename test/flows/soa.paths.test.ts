/**
 * Every path through the SoA review machine, generated with xstate/graph and replayed against the pure
 * machine with the snapshot round-tripped through JSON after each step (as the runtime persists it);
 * then the paging rules: theme by theme, and no page's modal over Slack's 100 blocks.
 */
import { describe, expect, it } from 'vitest';
import { type AnyMachineSnapshot, createActor } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { type SoaReviewInput, soaMachine } from '../../flows/soa.ts';
import { formModal } from '../../src/bot/views/step.ts';
import { CONTROLS } from '../../src/domain/catalog.ts';
import { stepFields, validateForm } from '../../src/domain/flow-meta.ts';
import { PAGE_SIZE, pageAt, pageFields, type ReviewItem } from '../../src/domain/soa-review.ts';
import { eventsFor, MANAGER, metaOf, OWNER, SYSTEM, stateKeys, valueKey } from '../helpers/flow-paths.ts';

const item = (ref: string, risks: string[] = []): ReviewItem => {
  const c = CONTROLS.find((x) => x.ref === ref);
  if (!c) throw new Error(ref);
  return {
    ref,
    title: c.title,
    theme: c.theme,
    summary: `What ${ref} is for.`,
    risks,
    problem: 'not decided',
  };
};
const small: SoaReviewInput = {
  teamId: 'T1',
  queue: [item('A.5.1'), item('A.5.2', ['R-001']), item('A.8.24', ['R-002'])],
};
const serializeState = (s: AnyMachineSnapshot) => {
  const c = s.context as { pos: number; rejection: unknown; problems: unknown };
  return `${JSON.stringify(s.value)}@${c.pos}${c.rejection ? '+rejected' : ''}${c.problems ? '+problems' : ''}`;
};
const pathsOf = (input: SoaReviewInput, actor = OWNER) =>
  getSimplePaths(soaMachine, {
    input,
    events: (s) => eventsFor(s as AnyMachineSnapshot, actor) as never,
    serializeState: serializeState as never,
  });

for (const [label, input] of [
  ['controls to decide', small],
  ['nothing left to decide', { teamId: 'T1', queue: [] }],
] as const) {
  const paths = pathsOf(input);
  describe(`SoA review paths, ${label}`, () => {
    it('reach every resting state of the machine', () => {
      const reached = new Set(paths.flatMap((p) => p.steps.map((s) => valueKey(s.state.value))));
      // `next` is transient: it picks the next page (or `ready`) and is never where the machine rests.
      const resting = stateKeys(soaMachine).filter(
        (k) => k !== 'next' && (input.queue.length > 0 || k !== 'reviewing'),
      );
      expect([...reached].sort()).toEqual(resting.sort());
    });

    it.each(
      paths.map((p) => [p.steps.map((s) => s.event.type.replace('xstate.', '')).join(' → '), p] as const),
    )('%s', (_name, path) => {
      let snapshot: unknown;
      for (const step of path.steps.slice(1)) {
        const actor = createActor(soaMachine, snapshot ? { snapshot: snapshot as never, input } : { input });
        actor.start();
        const s = actor.getSnapshot();
        const meta = metaOf(s);
        expect(meta?.title).toBeTruthy();
        if (meta?.form && step.event.type === meta.form.event) {
          const fields = stepFields(meta.form, s.context as never);
          expect(fields.length).toBeGreaterThan(0);
          const values = (step.event as unknown as { values: Record<string, string[]> }).values;
          expect(validateForm(fields, values).ok).toBe(true);
        }
        actor.send(step.event);
        expect(actor.getSnapshot().value).toEqual(step.state.value);
        snapshot = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
      }
      const final = createActor(soaMachine, { snapshot: snapshot as never, input });
      final.start();
      expect(final.getSnapshot().value).toEqual(path.state.value);
      final.stop();
    });
  });
}

/** Drive the machine to the first state where `until` holds, recording what it emitted. */
function run(input: SoaReviewInput, events: { type: string; [k: string]: unknown }[]) {
  const actor = createActor(soaMachine, { input });
  const emitted: { type: string; [k: string]: unknown }[] = [];
  actor.on('*', (e) => emitted.push(e as never));
  actor.start();
  for (const e of events) actor.send(e as never);
  return { snapshot: actor.getSnapshot(), emitted, actor };
}

describe('SoA review pages, assignments and decisions', () => {
  it('pages theme by theme, at most PAGE_SIZE controls, and emits each page as SoA rows', () => {
    const queue = [
      ...CONTROLS.filter((c) => c.theme === 'organizational')
        .slice(0, 12)
        .map((c) => item(c.ref)),
      item('A.6.1'),
    ];
    const { snapshot, emitted, actor } = run({ teamId: 'T1', queue }, []);
    const pageRefs = () =>
      (snapshot.machine.resolveState(actor.getSnapshot()).context.page as { id: string }[])
        .filter((f) => f.id.endsWith(':applicable'))
        .map((f) => f.id.split(':')[0]);
    expect(pageRefs()).toEqual(queue.slice(0, PAGE_SIZE).map((q) => q.ref));
    const answer = (refs: string[]) =>
      Object.fromEntries(
        refs.flatMap((r) => [
          [`${r}:applicable`, 'no'],
          [`${r}:justification`, 'Not relevant to us'],
        ]),
      );
    actor.send({ type: 'soa.page.submit', values: answer(pageRefs() as string[]), actor: OWNER });
    // The rest of A.5 alone: a page never mixes themes.
    expect(pageRefs()).toEqual(['A.5.11', 'A.5.12']);
    actor.send({ type: 'soa.page.submit', values: answer(['A.5.11', 'A.5.12']), actor: OWNER });
    expect(pageRefs()).toEqual(['A.6.1']);
    expect(String(actor.getSnapshot().context.progress)).toMatch(/^A\.6 People: controls 1–1 of 1/);
    const pages = emitted.filter((e) => e.type === 'soa.page.decided');
    expect(pages.map((p) => (p.entries as unknown[]).length)).toEqual([10, 2]);
    expect((pages[1]?.entries as unknown[] | undefined)?.[0]).toEqual({
      controlId: 'A.5.11',
      applicable: false,
      reasons: [],
      justification: 'Not relevant to us',
      status: null,
      ownerId: null,
      evidenceRef: null,
    });
    actor.send({ type: 'soa.page.submit', values: answer(['A.6.1']), actor: OWNER });
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.saved).toBe(13);
  });

  it('keeps every page of the full SoA inside a modal’s 100 blocks', () => {
    const queue = CONTROLS.map((c) => item(c.ref));
    let pos = 0;
    let pages = 0;
    while (pos < queue.length) {
      const page = pageAt(queue, pos);
      const view = formModal(
        { title: 'SoA review', fields: pageFields(page) },
        { channel: 'D1', instanceId: 'so-1', step: 'reviewing', event: 'soa.page.submit' },
        {},
      );
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(new Set(page.map((p) => p.theme)).size).toBe(1);
      pos += page.length;
      pages += 1;
    }
    // 37 + 8 + 14 + 34 controls in pages of 10: 4 + 1 + 2 + 4.
    expect(pages).toBe(11);
  });

  it('addresses the review to the ISMS owner by DM and the approval to top management by DM', () => {
    const metas = new Map<string, ReturnType<typeof metaOf>>();
    for (const p of pathsOf(small)) metas.set(valueKey(p.state.value), metaOf(p.state as AnyMachineSnapshot));
    expect(metas.get('reviewing')).toMatchObject({ to: { role: 'owner' }, where: 'dm' });
    expect(metas.get('ready')).toMatchObject({ to: { role: 'owner' }, where: 'dm' });
    expect(metas.get('approval')).toMatchObject({
      to: { role: 'management', fallback: 'owner' },
      where: 'dm',
    });
    expect(JSON.stringify(soaMachine.config)).not.toMatch(/"guard":"(isOwner|isManagement)/);
  });

  it('reminds and escalates while approval waits, and announces the approval once', () => {
    const { actor, emitted } = run(small, []);
    for (const refs of [['A.5.1', 'A.5.2'], ['A.8.24']])
      actor.send({
        type: 'soa.page.submit',
        values: Object.fromEntries(refs.map((r) => [`${r}:applicable`, 'yes'])),
        actor: OWNER,
      } as never);
    actor.send({ type: 'soa.send', actor: OWNER } as never);
    expect(actor.getSnapshot().value).toBe('summarizing');
    actor.send({ type: 'xstate.done.actor.summarize', output: 'First version: 3 applicable' } as never);
    expect(actor.getSnapshot().value).toBe('approval');
    expect(actor.getSnapshot().context.changes).toBe('First version: 3 applicable');
    actor.send({ type: 'soa.remind', actor: SYSTEM } as never);
    actor.send({ type: 'soa.escalate', actor: SYSTEM } as never);
    actor.send({ type: 'soa.approve', actor: MANAGER } as never);
    expect(actor.getSnapshot().status).toBe('done');
    expect(emitted.map((e) => `${e.type}${e.key ? `:${e.key}` : ''}`)).toEqual([
      'soa.page.decided',
      'soa.page.decided',
      'runtime.schedule:approval.remind',
      'runtime.schedule:approval.escalate',
      'runtime.notify:approval.remind',
      'runtime.notify:approval.escalate',
      'runtime.unschedule:approval.remind',
      'runtime.unschedule:approval.escalate',
      'soa.approved',
    ]);
    expect(emitted.at(-1)).toMatchObject({ actor: { userId: MANAGER.userId } });
  });

  it('sends rows that do not hold up, a rejection and a revisit back to the owner', () => {
    const { actor } = run({ teamId: 'T1', queue: [] }, []);
    expect(actor.getSnapshot().value).toBe('ready');
    actor.send({ type: 'soa.send', actor: OWNER } as never);
    actor.send({
      type: 'xstate.error.actor.summarize',
      error: new Error('A.8.24 (excluded but treats R-1)'),
    } as never);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.problems).toMatch(/A\.8\.24/);
    actor.send({ type: 'soa.revisit', values: { controls: ['A.8.24'] }, actor: OWNER } as never);
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context.problems).toBeNull();
    actor.send({ type: 'xstate.done.actor.loadControls', output: [item('A.8.24', ['R-1'])] } as never);
    expect(actor.getSnapshot().value).toBe('reviewing');
    actor.send({
      type: 'soa.page.submit',
      values: { 'A.8.24:applicable': 'yes' },
      actor: OWNER,
    } as never);
    actor.send({ type: 'soa.send', actor: OWNER } as never);
    actor.send({ type: 'xstate.done.actor.summarize', output: '1 controls changed' } as never);
    actor.send({ type: 'soa.reject', values: { reason: 'Say why A.7 is out' }, actor: MANAGER } as never);
    expect(actor.getSnapshot().value).toBe('ready');
    expect(actor.getSnapshot().context.rejection).toBe('Say why A.7 is out');
  });
});
