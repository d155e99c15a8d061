/** A failure nobody planned for gets a generic reply with a reference, never the raw error. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/types.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { as, botOnDisk, text } from '../helpers/bot.ts';

let db: Db;
let bot: Bot;
beforeEach(() => {
  ({ db, bot } = botOnDisk()); // its answerer throws
});
afterEach(() => closeDatabase(db));

describe('unexpected errors', () => {
  it('reply with a reference and without the error text', async () => {
    const reply = text(await bot.command(as('UA'), 'ask what is a risk owner?'));
    expect(reply).toMatch(/Something went wrong on my side and nothing was changed\. \(error [0-9a-f]{8}\)/);
    expect(reply).not.toMatch(/questions are not part/);
    const dm = text(await bot.message(as('UA', 'D1'), 'what is a risk owner?'));
    expect(dm).toMatch(/Something went wrong/);
  });

  it('answer a known problem with its own sentence', async () => {
    expect(text(await bot.action(as('UA'), { actionId: 'answer.rate.up', value: '999:up' }))).toMatch(
      /cannot find that answer/,
    );
    expect(text(await bot.action(as('UA'), { actionId: 'answer.rate.up', value: 'nonsense' }))).toMatch(
      /not valid any more/,
    );
  });
});
