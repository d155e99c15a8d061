/**
 * `/isms export` over Slack's wire protocol: the file goes up with files.getUploadURLExternal, a POST
 * of its bytes to the URL Slack gave, and files.completeUploadExternal, only into a DM or a private
 * channel; the fake Slack keeps the bytes, and the test reads the uploaded XLSX and CSV back and
 * compares them with the database. A public channel and a person without a role are refused, recorded.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type IsmsApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { type Ctx, systemClock } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { createRisk } from '../../src/domain/risk/risks.ts';
import { listRiskViews } from '../../src/domain/risk/views.ts';
import { getSoa, setSoaEntry } from '../../src/domain/soa.ts';
import { type RunningSlack, startSlack } from '../../src/slack/app.ts';
import { closeDatabase, type Db, openDatabase } from '../../src/store/db.ts';
import { tempDbPath, waitFor } from '../helpers/app-process.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';
import { testClock } from '../helpers/scoping-run.ts';
import { SIGNING_SECRET, slashCommand } from '../helpers/slack-request.ts';
import type { User } from '../helpers/slack-ui.ts';

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
  fake.channels.set('CPRIVATE', { is_private: true });
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

async function send(user: User, text: string, channel: string) {
  const id = `cmd-${Math.random().toString(36).slice(2)}`;
  const res = await slashCommand(base, {
    text,
    user_id: user.id,
    user_name: user.name,
    channel_id: channel,
    response_url: fake.responseUrl(id),
  });
  expect(res.status).toBe(200);
  return id;
}
const reply = (id: string) => waitFor(() => fake.responses.find((r) => r.id === id), 5000, 'reply');
const completed = () => fake.callsTo('files.completeUploadExternal');

describe('/isms export uploads the file', () => {
  it('uploads the risk register as XLSX into the DM, with the three calls, and it matches the database', async () => {
    await reply(await send(alice, 'setup', 'C1'));
    for (const [scenario, l, i] of [
      ['Backups readable by anyone with the bucket name', 3, 4],
      ['A phished password opens the admin console', 4, 5],
    ] as const)
      createRisk(
        ctx,
        { userId: alice.id },
        {
          scenario,
          ownerId: alice.id,
          likelihood: l,
          impact: i,
          treatment: 'modify',
          controls: ['A.8.24'],
        },
      );
    await send(alice, 'export risks', 'DALICE');
    const done = await waitFor(() => completed()[0], 5000, 'completeUploadExternal');
    const asked = fake.callsTo('files.getUploadURLExternal')[0];
    const file = fake.files.get('F1');
    expect(asked?.args).toMatchObject({ filename: 'isms-risks-2026-11-24.xlsx' });
    expect(Number(asked?.args.length)).toBe(file?.bytes?.length);
    expect(done.args).toMatchObject({ channel_id: 'DALICE' });
    expect(file).toMatchObject({ title: 'Risk register (2026-11-24)', channel: 'DALICE' });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file?.bytes as never);
    const sheet = wb.getWorksheet('Risk register');
    const header = ((sheet?.getRow(1).values ?? []) as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = [2, 3].map((n) => sheet?.getRow(n));
    const views = listRiskViews(ctx);
    expect(rows.map((r) => r?.getCell(col('ID')).value)).toEqual(views.map((v) => v.ref));
    expect(rows.map((r) => r?.getCell(col('Scenario')).value)).toEqual(views.map((v) => v.scenario));
    expect(rows.map((r) => r?.getCell(col('Inherent level')).value)).toEqual(
      views.map((v) => v.inherent.name),
    );
    expect(wb.getWorksheet('Heat map')).toBeDefined();

    const exported = listEvidence(ctx).find((e) => e.kind === 'register.exported');
    expect(exported?.data).toMatchObject({
      format: 'xlsx',
      rows: 2,
      sha256: createHash('sha256')
        .update(file?.bytes ?? '')
        .digest('hex'),
    });
  });

  it('uploads the SoA as CSV into a private channel, all 93 rows as stored', async () => {
    setSoaEntry(
      ctx,
      { userId: alice.id },
      {
        controlId: 'A.5.1',
        applicable: false,
        justification: '=HYPERLINK("evil") is not a reason',
      },
    );
    const before = completed().length;
    await send(alice, 'export soa csv', 'CPRIVATE');
    const done = await waitFor(() => completed()[before], 5000, 'completeUploadExternal');
    expect(done.args).toMatchObject({ channel_id: 'CPRIVATE' });
    const id = (done.args.files as { id: string }[])[0]?.id ?? '';
    const csv = fake.files.get(id)?.bytes?.toString('utf8') ?? '';
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 93);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(getSoa(ctx).map((r) => r.controlId));
    // Formula injection neutralised in the file as uploaded.
    expect(csv).toContain(`'=HYPERLINK(""evil"") is not a reason`);
  });

  it('refuses a public channel with a sentence, uploads nothing, and records it', async () => {
    const before = fake.callsTo('files.getUploadURLExternal').length;
    const r = await reply(await send(alice, 'export risks xlsx', 'C1'));
    expect(String(r.body.text)).toMatch(/only in a DM or a private channel, and this is a public channel/);
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(before);
    expect(listEvidence(ctx).at(-1)).toMatchObject({
      kind: 'access.refused',
      data: { what: 'export the risk register', where: 'public' },
    });
  });

  it('refuses someone without an ISMS role, even in their DM, and a bad format', async () => {
    const before = fake.callsTo('files.getUploadURLExternal').length;
    const r = await reply(await send(bob, 'export soa', 'DBOB'));
    expect(String(r.body.text)).toMatch(
      /Only ISMS roles and auditors can export the Statement of Applicability/,
    );
    const bad = await reply(await send(alice, 'export risks md', 'DALICE'));
    expect(String(bad.body.text)).toMatch(/Usage: `\/isms export/);
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(before);
  });
});
