/**
 * `/isms settings` and the refusals around roles: only the owner changes settings; every change and
 * every refused attempt is evidence, and a no-op says so and records nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { settingsOf } from '../../src/domain/settings.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, clock, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;
const kinds = () => listEvidence({ db, teamId: 'T1', clock }).map((e) => e.kind);
beforeEach(async () => {
  ({ db, bot } = botOnDisk());
  await bot.command(as('UOWNER', 'CISMS'), 'setup');
});
afterEach(() => closeDatabase(db));

describe('/isms settings', () => {
  it('shows the delays and takes the ISMS channel from where setup ran', async () => {
    expect(text(await bot.command(as('UANY'), 'settings'))).toMatch(
      /reminded after \*2\*.*\n.*after \*5\*.*\n.*<#CISMS>/,
    );
    expect(settingsOf({ db, teamId: 'T1', clock }).ismsChannel).toBe('CISMS');
  });

  it('lets only the owner change a setting; each change and each refusal is evidence', async () => {
    expect(text(await bot.command(as('UMEMBER'), 'settings reminder 3'))).toMatch(
      /Only the ISMS owner.*recorded/,
    );
    expect(kinds().at(-1)).toBe('settings.refused');
    expect(settingsOf({ db, teamId: 'T1', clock }).approvalReminderDays).toBe(2);

    expect(text(await bot.command(as('UOWNER'), 'settings reminder 3'))).toMatch(/Saved/);
    expect(text(await bot.command(as('UOWNER'), 'settings channel <#CSEC|security>'))).toMatch(/<#CSEC>/);
    const changes = listEvidence({ db, teamId: 'T1', clock }).filter((e) => e.kind === 'settings.changed');
    expect(changes.map((e) => e.data)).toEqual([
      { name: 'approvalReminderDays', from: 2, to: 3 },
      { name: 'ismsChannel', from: 'CISMS', to: 'CSEC' },
    ]);
  });

  it('refuses a bad value with a clear message, and a no-op records nothing', async () => {
    const before = kinds().length;
    expect(text(await bot.command(as('UOWNER'), 'settings escalation soon'))).toMatch(/whole number of days/);
    expect(text(await bot.command(as('UOWNER'), 'settings timezone Mars/Olympus'))).toMatch(/IANA name/);
    expect(text(await bot.command(as('UOWNER'), 'settings escalation 5'))).toMatch(
      /already the setting; nothing/,
    );
    expect(kinds()).toHaveLength(before);
  });
});

describe('refused role attempts', () => {
  it('records setup by someone else, a malformed role change, and not the no-ops', async () => {
    await bot.command(as('UMALLORY'), 'setup');
    expect(kinds().at(-1)).toBe('roles.setup_refused');
    const before = kinds().length;
    await bot.command(as('UOWNER'), 'setup'); // the owner again: nothing to refuse
    expect(text(await bot.command(as('UOWNER'), 'roles remove approver <@UBOB>'))).toMatch(
      /Nothing changed.*Nothing was recorded/,
    );
    expect(kinds()).toHaveLength(before);
    await bot.command(as('UMALLORY'), 'roles add approver');
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'roles.refused',
      actorId: 'UMALLORY',
      data: { reason: 'usage' },
    });
  });
});

describe('/isms roles transfer owner', () => {
  it('hands ownership on for the owner only, recorded either way; the new owner approves from then on', async () => {
    expect(text(await bot.command(as('UMALLORY'), 'roles transfer owner <@UMALLORY>'))).toMatch(
      /Only the ISMS owner.*recorded/,
    );
    expect(kinds().at(-1)).toBe('roles.refused');
    expect(text(await bot.command(as('UOWNER'), 'roles transfer owner <@UNEW|nina>'))).toMatch(
      /<@UNEW> is now the ISMS owner/,
    );
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'roles.owner_transferred',
      data: { from: 'UOWNER', to: 'UNEW' },
    });
    expect(text(await bot.command(as('UOWNER'), 'settings reminder 4'))).toMatch(/Only the ISMS owner/);
    expect(text(await bot.command(as('UNEW'), 'settings reminder 4'))).toMatch(/Saved/);
    expect(text(await bot.command(as('UNEW'), 'roles transfer owner <@UNEW>'))).toMatch(
      /already the ISMS owner; nothing/,
    );
  });
});
