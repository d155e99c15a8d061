/** `/isms risks` and `/isms soa` through the bot: filters, heat maps, paging, who may look. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot, KnownBlock, Reply } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { addTreatmentAction, createRisk } from '../../src/domain/risk/risks.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, clock, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;
const ctx = () => ({ db, teamId: 'T1', clock });
const blocksOf = (replies: readonly Reply[]) =>
  replies.flatMap((r) => ('message' in r ? (r.message.blocks ?? []) : [])) as KnownBlock[];
const allText = (replies: readonly Reply[]) =>
  blocksOf(replies)
    .map((b) => JSON.stringify(b))
    .join('\n');

beforeEach(async () => {
  ({ db, bot } = botOnDisk());
  await bot.command(as('UA'), 'setup');
  const actor = { userId: 'UA' };
  createRisk(ctx(), actor, {
    title: 'Phished admin',
    scenario: 'Admin password phished',
    ownerId: 'UDANA',
    likelihood: 4,
    impact: 5,
  });
  createRisk(ctx(), actor, {
    title: 'Lost laptop',
    scenario: 'Laptop left on a train',
    ownerId: 'UBEN',
    likelihood: 2,
    impact: 2,
    treatment: 'modify',
    controls: ['A.8.1'],
    residualLikelihood: 1,
    residualImpact: 1,
  });
  addTreatmentAction(ctx(), actor, 'R-002', {
    title: 'Full-disk encryption',
    ownerId: 'UBEN',
    dueOn: '2026-11-25',
  });
});
afterEach(() => closeDatabase(db));

describe('/isms risks', () => {
  it('shows the owner every risk with level colours and both heat maps, ephemerally', async () => {
    const replies = await bot.command(as('UA'), 'risks');
    expect(replies.map((r) => r.type)).toEqual(['ephemeral']);
    expect(text(replies)).toBe('Risk register: 2 risks (page 1 of 1)');
    const body = allText(replies);
    expect(body).toContain('*Inherent risk*');
    expect(body).toContain('*Residual risk*');
    expect(body).toContain(':large_red_square: *R-001* Phished admin');
    expect(body).toContain('Critical → residual not rated · owner <@UDANA> · untreated · residual not rated');
    expect(body).toContain(':large_green_square: *R-002* Lost laptop');
  });

  it('filters by level, owner, treatment and overdue actions, and explains an unknown filter', async () => {
    expect(text(await bot.command(as('UA'), 'risks critical'))).toMatch(/^Risk register: 1 risks/);
    expect(allText(await bot.command(as('UA'), 'risks <@UBEN|ben> modify'))).toContain('R-002');
    clock.now = () => new Date('2026-11-27T09:00:00Z');
    try {
      const overdue = allText(await bot.command(as('UA'), 'risks overdue'));
      expect(overdue).toContain(':warning: 1 overdue action(s)');
      expect(overdue).not.toContain('R-001');
    } finally {
      clock.now = () => new Date('2026-11-24T09:00:00Z');
    }
    expect(text(await bot.command(as('UA'), 'risks purple'))).toMatch(/I don't know the filter "purple"/);
  });

  it('pages a large register under 50 blocks, with buttons that turn the page', async () => {
    for (let i = 0; i < 43; i++)
      createRisk(
        ctx(),
        { userId: 'UA' },
        { scenario: `Risk number ${i}`, ownerId: 'UDANA', likelihood: 3, impact: 3 },
      );
    const first = await bot.command(as('UA'), 'risks');
    expect(text(first)).toBe('Risk register: 45 risks (page 1 of 3)');
    expect(blocksOf(first).length).toBeLessThanOrEqual(50);
    const next = blocksOf(first).find((b) => b.type === 'actions') as {
      elements: { action_id: string; value: string }[];
    };
    const [button] = next.elements;
    const second = await bot.action(as('UA'), { actionId: button?.action_id ?? '', value: button?.value });
    expect(text(second)).toBe('Risk register: 45 risks (page 2 of 3)');
    expect(allText(second)).not.toContain('*Inherent risk*');
  });

  it('shows auditors everything, risk owners their own, and refuses anyone else with evidence', async () => {
    await bot.command(as('UA'), 'roles add auditor @UAUD');
    expect(text(await bot.command(as('UAUD'), 'risks'))).toMatch(/2 risks/);
    const own = await bot.command(as('UBEN'), 'risks');
    expect(text(own)).toMatch(/1 risks/);
    expect(allText(own)).toContain('your risks only');
    expect(allText(own)).not.toContain('R-001');
    expect(text(await bot.command(as('UX'), 'risks'))).toMatch(
      /Only ISMS roles and auditors can see the risk register/,
    );
    expect(listEvidence(ctx()).at(-1)).toMatchObject({
      kind: 'access.refused',
      actorId: 'UX',
      data: { what: 'see the risk register' },
    });
  });
});

describe('/isms soa', () => {
  it('lists all 93 controls by theme under 50 blocks, with linked risks', async () => {
    const replies = await bot.command(as('UA'), 'soa');
    expect(text(replies)).toBe('Statement of Applicability: 1 applicable, 0 excluded, 92 undecided');
    expect(blocksOf(replies).length).toBeLessThanOrEqual(50);
    const body = allText(replies);
    expect(body).toContain(':white_check_mark: *A.8.1* User endpoint devices — R-002');
    expect(body).toContain('A.5.1');
    expect(body).toContain('A.8.34');
    const tech = allText(await bot.command(as('UA'), 'soa 8 undecided'));
    expect(tech).not.toContain('A.5.1 ');
    expect(tech).not.toContain('A.8.1*');
    expect(tech).toContain('A.8.2');
  });

  it('is refused to people without an ISMS or auditor role, and the look is recorded', async () => {
    expect(text(await bot.command(as('UBEN'), 'soa'))).toMatch(
      /Only ISMS roles and auditors can see the Statement of Applicability/,
    );
    expect(listEvidence(ctx()).at(-1)).toMatchObject({ kind: 'access.refused', actorId: 'UBEN' });
  });
});
