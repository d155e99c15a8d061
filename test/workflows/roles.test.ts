/** Roles through the bot (the same calls Slack and the console make), on a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/types.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, clock, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;

beforeEach(() => {
  ({ db, bot } = botOnDisk());
});
afterEach(() => closeDatabase(db));

describe('/isms setup and /isms roles', () => {
  it('makes the first caller owner, and only the first', async () => {
    expect(text(await bot.command(as('UA'), 'setup'))).toMatch(/You are now the \*ISMS owner\*/);
    expect(text(await bot.command(as('UB'), 'setup'))).toMatch(/already set up; <@UA> is the ISMS owner/);
    // The refused takeover is on the record (issue 7: every refused role-restricted attempt is evidence).
    expect(listEvidence({ db, teamId: 'T1', clock }).map((e) => e.kind)).toEqual([
      'roles.owner_claimed',
      'roles.setup_refused',
    ]);
  });

  it('lets the owner name approvers and management, from an escaped Slack mention', async () => {
    await bot.command(as('UA'), 'setup');
    expect(text(await bot.command(as('UA'), 'roles add approver <@UB|bob>'))).toMatch(
      /<@UB> now holds: approver/,
    );
    expect(text(await bot.command(as('UA'), 'roles add management @UC'))).toMatch(
      /<@UC> now holds: top management/,
    );
    expect(text(await bot.command(as('UA'), 'roles remove approver <@UB>'))).toMatch(
      /<@UB> now holds: no ISMS role/,
    );
    expect(text(await bot.command(as('UB'), 'roles'))).toMatch(/<@UA>: ISMS owner\n<@UC>: top management/);
    expect(listEvidence({ db, teamId: 'T1', clock }).map((e) => e.kind)).toEqual([
      'roles.owner_claimed',
      'roles.granted',
      'roles.granted',
      'roles.revoked',
    ]);
  });

  it('refuses anyone else, says who can, and records the attempt', async () => {
    await bot.command(as('UA'), 'setup');
    expect(text(await bot.command(as('UB'), 'roles add approver @UB'))).toMatch(
      /Only the ISMS owner \(<@UA>\) can change roles/,
    );
    expect(listEvidence({ db, teamId: 'T1', clock }).at(-1)).toMatchObject({
      kind: 'roles.refused',
      actorId: 'UB',
    });
    expect(text(await bot.command(as('UB'), 'roles'))).not.toMatch(/approver/);
  });

  it('explains bad usage and changes nothing', async () => {
    await bot.command(as('UA'), 'setup');
    expect(text(await bot.command(as('UA'), 'roles add king @UB'))).toMatch(
      /Usage: `\/isms roles add approver @person`/,
    );
    expect(text(await bot.command(as('UA'), 'roles add approver bob'))).toMatch(/Usage/);
    // No role changed; both refused attempts are recorded.
    expect(listEvidence({ db, teamId: 'T1', clock }).map((e) => e.kind)).toEqual([
      'roles.owner_claimed',
      'roles.refused',
      'roles.refused',
    ]);
  });

  it('will not scope before there is an owner', async () => {
    expect(text(await bot.command(as('UA'), 'scope'))).toMatch(/Run `\/isms setup` first/);
    expect(text(await bot.command(as('UA'), 'flows'))).toMatch(/No workflows are running/);
  });
});
