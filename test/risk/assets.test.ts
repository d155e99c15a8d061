/** The asset inventory: domain verbs and `/isms assets` through the bot, on a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot, ModalView, Reply } from '../../src/bot/types.ts';
import { createAsset, findAssets, listAssets } from '../../src/domain/assets.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, clock, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;
const ctx = () => ({ db, teamId: 'T1', clock });
const laptop = {
  name: 'Developer laptops',
  type: 'hardware',
  ownerId: 'UIT',
  location: 'remote',
  confidentiality: 3,
  integrity: 2,
  availability: '1',
} as const;

beforeEach(async () => {
  ({ db, bot } = botOnDisk());
  await bot.command(as('UA'), 'setup');
});
afterEach(() => closeDatabase(db));

describe('assets in the domain', () => {
  it('numbers assets per team and records evidence with the row', () => {
    expect(createAsset(ctx(), { userId: 'UA' }, laptop).ref).toBe('A-001');
    expect(createAsset(ctx(), { userId: 'UA' }, { ...laptop, name: 'CRM', type: 'service' }).ref).toBe(
      'A-002',
    );
    expect(createAsset({ ...ctx(), teamId: 'T2' }, { userId: 'UZ' }, laptop).ref).toBe('A-001');
    expect(listAssets(ctx()).map((a) => [a.ref, a.availability])).toEqual([
      ['A-001', 1],
      ['A-002', 1],
    ]);
    expect(
      listEvidence(ctx())
        .filter((e) => e.kind === 'asset.created')
        .map((e) => e.subject),
    ).toEqual(['asset:A-001', 'asset:A-002']);
  });

  it('keeps an imported id and continues numbering after it', () => {
    createAsset(ctx(), { userId: 'UA' }, { ...laptop, ref: 'A-041' });
    createAsset(ctx(), { userId: 'UA' }, { ...laptop, name: 'Wiki', ref: 'LEGACY-7' });
    expect(createAsset(ctx(), { userId: 'UA' }, { ...laptop, name: 'CRM' }).ref).toBe('A-042');
    expect(findAssets(ctx(), ['legacy-7', 'crm']).map((a) => a.ref)).toEqual(['LEGACY-7', 'A-042']);
    expect(() => findAssets(ctx(), ['CRM', 'Payroll'])).toThrow('No asset called "Payroll".');
  });

  it('refuses bad input and duplicates, storing nothing', () => {
    const before = listEvidence(ctx()).length;
    expect(() =>
      createAsset(
        ctx(),
        { userId: 'UA' },
        { ...laptop, type: 'cloud' as never, confidentiality: 4, ownerId: 'bob' },
      ),
    ).toThrow(/Type must be one of information.*Owner must be a Slack user id.*Confidentiality/);
    createAsset(ctx(), { userId: 'UA' }, laptop);
    expect(() => createAsset(ctx(), { userId: 'UA' }, { ...laptop, name: 'developer LAPTOPS' })).toThrow(
      'There is already an asset called "Developer laptops" (A-001).',
    );
    expect(listAssets(ctx())).toHaveLength(1);
    expect(listEvidence(ctx())).toHaveLength(before + 1);
  });
});

describe('/isms assets', () => {
  it('opens a form and adds the asset it submits', async () => {
    const [modal] = await bot.command(as('UA'), 'assets add');
    expect(modal?.type).toBe('modal');
    const view = (modal as { view: ModalView }).view;
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'name',
      'type',
      'ownerId',
      'location',
      'confidentiality',
      'integrity',
      'availability',
    ]);
    const values = {
      name: { v: { type: 'plain_text_input', value: 'Customer <db>' } },
      type: { v: { type: 'static_select', selected_option: { value: 'information' } } },
      ownerId: { v: { type: 'users_select', selected_user: 'UB' } },
      location: { v: { type: 'plain_text_input', value: null } },
      confidentiality: { v: { type: 'static_select', selected_option: { value: '3' } } },
      integrity: { v: { type: 'static_select', selected_option: { value: '3' } } },
      availability: { v: { type: 'static_select', selected_option: { value: '2' } } },
    };
    const done = await bot.viewSubmission(as('UA'), {
      callbackId: view.callback_id ?? '',
      privateMetadata: '',
      values,
    });
    expect(done, JSON.stringify(done)).toMatchObject({ ok: true });
    expect(text((done as { replies: readonly Reply[] }).replies)).toBe(
      'Added asset *A-001* Customer &lt;db&gt;.',
    );
    expect(text(await bot.command(as('UA'), 'assets'))).toMatch(/Asset inventory: 1 assets/);
    const again = await bot.viewSubmission(as('UA'), {
      callbackId: 'assets.add',
      privateMetadata: '',
      values: { ...values, confidentiality: { v: { type: 'static_select', selected_option: null } } },
    });
    expect(again).toEqual({
      ok: false,
      errors: { confidentiality: 'Confidentiality is required.' },
    });
    expect(listAssets(ctx())).toHaveLength(1);
  });

  it('shows the inventory to auditors but not to people without a role, recording the refusal', async () => {
    createAsset(ctx(), { userId: 'UA' }, laptop);
    await bot.command(as('UA'), 'roles add auditor @UAUD');
    expect(text(await bot.command(as('UAUD'), 'assets'))).toMatch(/Asset inventory: 1 assets/);
    expect(text(await bot.command(as('UAUD'), 'assets add'))).toMatch(
      /Only people with an ISMS role can add assets/,
    );
    expect(text(await bot.command(as('UX'), 'assets'))).toMatch(
      /Only ISMS roles and auditors can see the asset inventory. Ask the ISMS owner \(<@UA>\)/,
    );
    expect(
      listEvidence(ctx())
        .filter((e) => e.kind === 'access.refused')
        .map((e) => e.actorId),
    ).toEqual(['UAUD', 'UX']);
  });
});
