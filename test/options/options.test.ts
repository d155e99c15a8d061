/**
 * Option sources and checks against the workspace, over a real SQLite file and the local fake Slack
 * (`users.info`): what a picker finds, how a form with sourced fields is rendered, and which answers
 * are refused when the form is submitted, each with the sentence the person sees.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { FLOWS } from '../../flows/index.ts';
import { createFormOptions } from '../../src/bot/form-options.ts';
import { createBot } from '../../src/bot/index.ts';
import { formModal, readFormValues } from '../../src/bot/views/step.ts';
import { createAsset } from '../../src/domain/assets.ts';
import { type FieldSpec, type StepMeta, validateForm } from '../../src/domain/flow-meta.ts';
import { CHECKS, controlSource, createOptionSources, type OptionSource } from '../../src/domain/options.ts';
import { changeRiskMethod } from '../../src/domain/risk/acceptances.ts';
import { changeRole, claimOwnership, listPeople } from '../../src/domain/roles.ts';
import { slackDirectory } from '../../src/slack/directory.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDbPath } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';

const clock = { now: () => new Date('2026-11-24T23:30:00Z') };
const db = openDatabase(tempDbPath());
const ctx = { db, teamId: 'T1', clock };
const slack = new FakeSlack();
beforeAll(() => slack.start());
afterAll(() => slack.stop());

/** A team's own short scale: shown whole, as a static select. */
const likelihood: OptionSource = () =>
  ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'].map((label, i) => ({
    value: String(i + 1),
    label: `${i + 1} ${label}`,
  }));
const sources = { ...createOptionSources(), likelihood };
const forms = (timeZone = 'UTC') =>
  createFormOptions({
    db,
    clock,
    sources,
    timeZone,
    directory: slackDirectory({ slack: { botToken: 'xoxb-test', apiUrl: slack.apiUrl() } }),
  });

const fields: FieldSpec[] = [
  { id: 'controls', type: 'multiselect', label: 'Controls', required: true, source: 'controls' },
  { id: 'likelihood', type: 'select', label: 'Likelihood', required: true, source: 'likelihood' },
  { id: 'owner', type: 'user', label: 'Risk owner', required: true },
  { id: 'due', type: 'date', label: 'Due date', required: false, checks: ['date.notPast'] },
];
const good = { controls: ['A.8.13', 'A.8.24'], likelihood: '3', owner: 'UDANA', due: '2026-12-01' };

describe('the Annex A control source', () => {
  const controls = controlSource();
  const refs = (q: string) => controls(ctx, { query: q }).map((o) => o.value);

  it('finds a control by its id in the forms people type, then the ids it prefixes', () => {
    for (const q of ['A.8.2', '8.2', 'a8.2', 'A. 8 .2']) expect(refs(q)[0]).toBe('A.8.2');
    expect(refs('A.8.2').slice(1)).toEqual([
      'A.8.20',
      'A.8.21',
      'A.8.22',
      'A.8.23',
      'A.8.24',
      'A.8.25',
      'A.8.26',
      'A.8.27',
      'A.8.28',
      'A.8.29',
    ]);
    expect(refs('A.9.1')).toEqual([]);
  });

  it('finds controls by words of their title, prefixes included, labelled with id and title', () => {
    expect(refs('crypto')).toEqual(['A.8.24']);
    expect(refs('backup')[0]).toBe('A.8.13');
    expect(controls(ctx, { query: 'backup' })[0]?.label).toBe('A.8.13 Information backup');
    expect(refs('supplier').length).toBeGreaterThanOrEqual(3);
    expect(controls(ctx, { query: '' }).length).toBe(50);
  });

  it('uses extra keywords when given (the knowledge base front matter)', () => {
    expect(refs('encryption')).toEqual([]);
    const withWords = controlSource(() => new Map([['A.8.24', ['encryption', 'tls']]]));
    expect(withWords(ctx, { query: 'encryption' }).map((o) => o.value)).toEqual(['A.8.24']);
  });
});

describe('the asset source', () => {
  it("finds this workspace's assets by ref or words of the name, and no other workspace's", () => {
    const owner = { userId: 'UOWNER' };
    const cia = { confidentiality: 3, integrity: 3, availability: 2 };
    createAsset(ctx, owner, { name: 'Customer database', type: 'information', ownerId: 'UDANA', ...cia });
    createAsset(ctx, owner, { name: 'Payroll system', type: 'software', ownerId: 'UDANA', ...cia });
    createAsset({ ...ctx, teamId: 'T2' }, owner, {
      name: 'Customer CRM',
      type: 'software',
      ownerId: 'UOTHER',
      ...cia,
    });
    const assets = createOptionSources().assets;
    if (!assets) throw new Error('no assets source');
    expect(assets(ctx, { query: 'customer' })).toEqual([
      { value: 'A-001', label: 'A-001 Customer database' },
    ]);
    expect(assets(ctx, { query: 'a-002' }).map((o) => o.value)).toEqual(['A-002']);
    expect(assets(ctx, { query: '' }).map((o) => o.value)).toEqual(['A-001', 'A-002']);
    expect(assets(ctx, { query: 'crm' })).toEqual([]);
  });
});

describe("the team's risk scales", () => {
  it('offer the current method’s likelihood and impact, and follow a change of method', async () => {
    const team = { ...ctx, teamId: 'TSCALE' };
    const { likelihood: l, impact: i } = createOptionSources();
    if (!l || !i) throw new Error('no scale sources');
    expect(l(team, { query: '' }).map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(i(team, { query: '' })).toHaveLength(5);
    changeRiskMethod(team, { userId: 'UOWNER' }, { preset: '3x3' });
    expect(l(team, { query: '' }).map((o) => o.value)).toEqual(['1', '2', '3']);
    const scaled: FieldSpec[] = [
      { id: 'l', type: 'select', label: 'Likelihood', required: true, source: 'likelihood' },
    ];
    const f = createFormOptions({ db, clock });
    expect(f.resolve('TSCALE', scaled)[0]?.options).toHaveLength(3);
    expect(await f.check('TSCALE', scaled, { l: '3' })).toEqual({});
    expect(await f.check('TSCALE', scaled, { l: '4' })).toEqual({
      l: 'That is not one of the options for Likelihood: search again and pick one.',
    });
  });
});

describe('a form with sourced fields', () => {
  it('renders a long source as a searched external select and a short one as a static select', () => {
    const view = formModal(
      { title: 'Risk', fields: forms().resolve('T1', fields) },
      { channel: 'C1', instanceId: 'i', step: 's', event: 'e' },
      {},
    );
    const el = (id: string) =>
      (view.blocks as unknown as { block_id: string; element: Record<string, unknown> }[]).find(
        (b) => b.block_id === id,
      )?.element;
    expect(el('controls')).toMatchObject({ type: 'multi_external_select', action_id: 'source:controls' });
    expect(el('likelihood')).toMatchObject({ type: 'static_select' });
    expect(el('likelihood')?.options).toHaveLength(5);
    expect(el('owner')).toMatchObject({ type: 'users_select' });
  });

  it('answers an options request through the bot for the source the action names', async () => {
    const bot = createBot({
      logger: pino({ level: 'silent' }),
      ask: { command: { name: 'ask', usage: '', summary: '', run: async () => [] } } as never,
      features: [forms()],
    });
    const req = { teamId: 'T1', userId: 'UDANA', channelId: 'C1' };
    const found = await bot.options(req, { actionId: 'source:controls', query: 'backup' });
    expect(found[0]).toEqual({ value: 'A.8.13', label: 'A.8.13 Information backup' });
    expect(await bot.options(req, { actionId: 'source:unknown', query: 'x' })).toEqual([]);
    expect(await bot.options(req, { actionId: 'rate.up', query: 'x' })).toEqual([]);
  });
});

describe('answers checked against the workspace at submission', () => {
  beforeAll(() => {
    slack.users.set('UDANA', { team_id: 'T1', deleted: false, is_bot: false, tz: 'Europe/Berlin' });
    slack.users.set('UGONE', { team_id: 'T1', deleted: true });
    slack.users.set('UROBOT', { team_id: 'T1', is_bot: true });
    slack.users.set('UGUEST', { team_id: 'TOTHER' });
  });
  const check = (values: Record<string, unknown>, timeZone?: string) =>
    forms(timeZone).check('T1', fields, { ...good, ...values } as never);

  it('accepts good answers', async () => {
    expect(await check({})).toEqual({});
  });

  it('refuses a control id that does not exist, and a value off the team scale', async () => {
    expect(await check({ controls: ['A.8.24', 'A.9.9'] })).toEqual({
      controls: 'That is not one of the options for Controls: search again and pick one.',
    });
    expect(await check({ likelihood: '6' })).toEqual({
      likelihood: 'That is not one of the options for Likelihood: search again and pick one.',
    });
  });

  it('refuses a person who is not, or no longer, a human member of this workspace', async () => {
    expect(await check({ owner: 'UNOBODY' })).toEqual({
      owner: 'That person is not (or no longer) in this workspace.',
    });
    expect((await check({ owner: 'UGONE' })).owner).toMatch(/no longer/);
    expect((await check({ owner: 'UROBOT' })).owner).toMatch(/not an app or bot/);
    expect((await check({ owner: 'UGUEST' })).owner).toMatch(/not a guest from another/);
    expect((await check({ owner: 'not-an-id' })).owner).toBe('Pick a person from the workspace.');
    slack.fail('users.info', { status: 500, times: 1 });
    expect((await check({ owner: 'UDANA' })).owner).toMatch(/could not check this person/);
  });

  it("refuses a date before today in the workspace's time zone", async () => {
    // 23:30 UTC on 24 Nov is already 25 Nov in Berlin.
    expect(await check({ due: '2026-11-24' })).toEqual({});
    expect(await check({ due: '2026-11-24' }, 'Europe/Berlin')).toEqual({
      due: 'Due date cannot be in the past.',
    });
    expect(await check({ due: '2026-11-23' })).toEqual({ due: 'Due date cannot be in the past.' });
  });

  it('refuses answers of the wrong shape before any check (an object where text belongs)', () => {
    const raw = readFormValues(fields, {
      controls: { 'source:controls': { type: 'multi_external_select', selected_options: [{ value: {} }] } },
      likelihood: { v: { type: 'static_select', selected_option: { value: { evil: 1 } } } },
      owner: { v: { type: 'users_select', selected_user: 'UDANA' } },
    } as never);
    const checked = validateForm(fields, raw);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(['controls', 'likelihood']);
  });
});

describe('the registry', () => {
  function* stepMetas(node: AnyStateNode): Generator<StepMeta> {
    if (node.meta) yield node.meta as StepMeta;
    for (const child of Object.values(node.states)) yield* stepMetas(child);
  }

  it.each(Object.keys(FLOWS))('%s names only registered sources and checks', (key) => {
    const flow = FLOWS[key];
    if (!flow) throw new Error(key);
    for (const meta of stepMetas(flow.machine.root)) {
      const all = [
        ...(meta.form?.fields ?? []),
        ...(meta.choices ?? []).flatMap((c) => c.form?.fields ?? []),
      ];
      for (const f of all) {
        if (f.source) expect(Object.keys(createOptionSources())).toContain(f.source);
        for (const c of f.checks ?? []) expect(Object.keys(CHECKS)).toContain(c);
      }
    }
  });
});

describe('roles for people who cannot exist', () => {
  it('refuses an id without Slack user shape in the domain too, and drops an unsafe name', () => {
    claimOwnership(ctx, { userId: 'UOWNER', name: 'olivia' });
    const owner = { userId: 'UOWNER' };
    expect(() =>
      changeRole(ctx, owner, { userId: `U${'A'.repeat(3000)}`, role: 'approver', grant: true }),
    ).toThrow(/not a Slack user/);
    changeRole(ctx, owner, { userId: 'UBOB', name: 'bob\u0007\u001b[2J', role: 'approver', grant: true });
    expect(Object.fromEntries(listPeople(ctx).map((p) => [p.userId, p.name]))).toEqual({
      UOWNER: 'olivia',
      UBOB: null,
    });
  });
});
