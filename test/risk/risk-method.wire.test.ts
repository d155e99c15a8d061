/**
 * `/isms risk method` over Slack's wire protocol: the owner sees levels, grid colours and criteria;
 * anyone else is refused (recorded); a preset button makes a new version; the criteria form refuses
 * bad answers field by field and a change that would strand an open acceptance, storing nothing.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { type Ctx, systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { decideAcceptance } from '../../src/domain/risk/acceptances.ts';
import { currentMethod } from '../../src/domain/risk/methods.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { testClock } from '../helpers/scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import { click, submit, type User } from '../helpers/slack-ui.ts';

const alice: User = { id: 'UALICE', name: 'alice' }; // ISMS owner
const bob: User = { id: 'UBOB', name: 'bob' };
const clock = testClock('2026-11-24T10:00:00.000Z');
const fake = new FakeSlack();
let db: Db;
let ctx: Ctx;
let app: IsmsApp;
let slack: RunningSlack;
let base = '';

beforeAll(async () => {
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl(),
    DATABASE_PATH: tempDbPath(),
    PORT: '0',
  });
  db = openDatabase(config.databasePath);
  ctx = { db, teamId: 'T1', clock };
  const logger = pino({ level: 'silent' });
  app = await createApp({ config, db, clock, logger });
  slack = await startSlack({ config, bot: app.bot, db, clock: systemClock, logger });
  base = `http://127.0.0.1:${slack.port}`;
});
afterAll(async () => {
  await slack?.stop();
  await fake.stop();
  closeDatabase(db);
});

async function command(user: User, text: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  await slashCommand(base, {
    text,
    user_id: user.id,
    user_name: user.name,
    response_url: fake.responseUrl(id),
  });
  return waitFor(() => fake.responses.find((r) => r.id === id), 5000, text);
}
type Blocks = { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[];
const asMessage = (body: Record<string, unknown>) => ({
  channel: 'C1',
  ts: '1700000099.000100',
  blocks: body.blocks as Blocks,
});
async function clickReply(user: User, body: Record<string, unknown>, action: string) {
  const { responseId } = click(base, fake, user, asMessage(body), action);
  return waitFor(() => fake.responses.filter((r) => r.id === responseId).at(-1), 5000, `${action} reply`);
}
const evidence = () => listEvidence(ctx);

describe('/isms risk method', () => {
  let shown: Record<string, unknown>;

  it('shows the owner the levels with colours, the grid and the criteria, with the presets to pick', async () => {
    await command(alice, 'setup');
    shown = (await command(alice, 'risk method')).body;
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('Risk method: ');
    expect(text).toMatch(
      /:large_green_square: \*Low\* \(#2E7D32\): accepted by the risk owner, for at most 365 days/,
    );
    expect(text).toMatch(
      /:large_red_square: \*Critical\* \(#C62828\): accepted by nobody: it must be treated/,
    );
    // Five likelihood rows of five coloured cells, highest likelihood first.
    expect(text).toMatch(/`L5` (:large_\w+_square: ){4}:large_red_square:/);
    expect(text).toContain('risk.method.preset.4x4');
    expect(text).toContain('isms import method');
  });

  it('refuses anyone but the owner, and records the look', async () => {
    const no = await command(bob, 'risk method');
    expect(String(no.body.text)).toMatch(/Only the ISMS owner can see and change the risk method/);
    expect(evidence().at(-1)).toMatchObject({ kind: 'access.refused', actorId: bob.id });
    const forged = await clickReply(bob, shown, 'risk.method.preset.3x3');
    expect(String(forged.body.text)).toMatch(/Only the ISMS owner/);
    expect(currentMethod(ctx).version).toBe(0);
  });

  it('switches to a preset as a new version, recorded', async () => {
    const { responseId } = click(base, fake, alice, asMessage(shown), 'risk.method.preset.4x4');
    await waitFor(() => currentMethod(ctx).version === 1, 5000, 'version 1');
    expect(currentMethod(ctx).method.preset).toBe('4x4');
    await waitFor(
      () =>
        fake.responses.find((r) => r.id === responseId && /version 1 is in force/.test(String(r.body.text))),
      5000,
      'confirmation',
    );
    expect(evidence().at(-1)).toMatchObject({ kind: 'risk.method_set', actorId: alice.id });
  });

  it('edits acceptance criteria in a form: bad answers are field errors, nothing stored', async () => {
    shown = (await command(alice, 'risk method')).body;
    const opened = fake.callsTo('views.open').length;
    click(base, fake, alice, asMessage(shown), 'risk.method.criteria');
    const open = await waitFor(() => fake.callsTo('views.open')[opened], 5000, 'views.open');
    const view = open.args.view as {
      blocks: { block_id: string; element: { initial_option?: { value: string } } }[];
    };
    expect(view.blocks.map((b) => b.block_id)).toContain('high:by');
    expect(view.blocks.find((b) => b.block_id === 'high:by')?.element.initial_option?.value).toBe(
      'management',
    );
    const answers = {
      'low:by': 'owner',
      'low:days': '365',
      'medium:by': 'owner',
      'medium:days': '180',
      'high:by': 'management',
      'high:days': '90',
      'critical:by': 'none',
    };
    const bad = await submit(base, alice, view as never, {
      ...answers,
      'medium:days': '5000',
      'critical:days': '30',
    });
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        'medium:days': 'Give the longest acceptance as whole days, 1 to 1095.',
        'critical:days': 'Nobody may accept Critical: leave the longest acceptance empty.',
      },
    });
    expect(currentMethod(ctx).version).toBe(1);
    const good = await submit(base, alice, view as never, {
      ...answers,
      'medium:by': 'management',
      'medium:days': '60',
    });
    expect(good.status).toBe(200);
    await waitFor(() => currentMethod(ctx).version === 2, 5000, 'version 2');
    expect(currentMethod(ctx).method.levels.find((l) => l.id === 'medium')?.acceptance).toEqual({
      by: 'management',
      maxDays: 60,
    });
  });

  it('refuses in the form a change that would strand an open acceptance, naming the risk', async () => {
    const risk = createRisk(
      ctx,
      { userId: alice.id },
      {
        scenario: 'A phished password opens the admin console',
        ownerId: 'UDANA',
        likelihood: 4,
        impact: 4,
        treatment: 'modify',
        controls: ['A.5.17'],
        residualLikelihood: 2,
        residualImpact: 2,
      },
    );
    decideAcceptance(ctx, { userId: 'UDANA' }, risk.ref, {
      decision: 'accepted',
      justification: 'Low enough for now.',
      expiresOn: '2027-01-01',
    });
    shown = (await command(alice, 'risk method')).body;
    const opened = fake.callsTo('views.open').length;
    click(base, fake, alice, asMessage(shown), 'risk.method.criteria');
    const open = await waitFor(() => fake.callsTo('views.open')[opened], 5000, 'views.open');
    const level = currentMethod(ctx).method.grid[1]?.[1] ?? '';
    const answers: Record<string, string> = {};
    for (const l of currentMethod(ctx).method.levels) {
      answers[`${l.id}:by`] = l.acceptance.by;
      if (l.acceptance.maxDays) answers[`${l.id}:days`] = String(l.acceptance.maxDays);
    }
    const res = await submit(base, alice, open.args.view as never, { ...answers, [`${level}:days`]: '30' });
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors).join(' ')).toMatch(
      new RegExp(`criteria it no longer has: ${risk.ref}`),
    );
    expect(currentMethod(ctx).version).toBe(2);
  });
});
