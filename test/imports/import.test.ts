/**
 * Imports from CSV and XLSX: every row goes through the domain verbs in one transaction; a bad row
 * is named and nothing is stored. People by Slack user id or e-mail, checked against the (fake)
 * Slack Web API.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAssets } from '../../src/domain/assets.ts';
import type { Ctx } from '../../src/domain/context.ts';
import { listEvidence } from '../../src/domain/evidence.ts';
import { listRiskViews } from '../../src/domain/risk/views.ts';
import { claimOwnership } from '../../src/domain/roles.ts';
import { getSoa } from '../../src/domain/soa.ts';
import { importFile } from '../../src/imports/import.ts';
import { offlineDirectory, type PeopleDirectory, slackDirectory } from '../../src/imports/people.ts';
import { ImportError } from '../../src/imports/sheet.ts';
import { closeDatabase, type Db } from '../../src/store/db.ts';
import { domainOnDisk, owner } from '../helpers/domain.ts';
import { FakeSlack } from '../helpers/fake-slack.ts';

const dir = mkdtempSync(join(tmpdir(), 'isms-import-'));
const file = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};
const slack = new FakeSlack();
let people: PeopleDirectory;
let db: Db;
let ctx: Ctx;

beforeAll(async () => {
  await slack.start();
  slack.users.set('UDANA', { profile: { email: 'dana@example.com' } });
  slack.users.set('UIT', { profile: { email: 'it@example.com' } });
  people = slackDirectory(
    new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl(), retryConfig: { retries: 0 } }),
  );
});
afterAll(() => slack.stop());
beforeEach(() => {
  ({ db, ctx } = domainOnDisk());
  claimOwnership(ctx, owner);
});
afterEach(() => closeDatabase(db));

const ASSETS = `ID,Name,Type,Owner,System or location,Confidentiality,Integrity,Availability
A-007,Customer database,Information,dana@example.com,AWS eu-west-1,3,3,2
,Laptops,hardware,UIT,remote,2,2,1
`;

async function problems(p: Promise<unknown>): Promise<readonly string[]> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(err)}`);
  return err.problems;
}

describe('isms import', () => {
  it('imports assets from CSV, resolving e-mails to Slack users and keeping their ids', async () => {
    expect(await importFile(ctx, owner, 'assets', file('assets.csv', ASSETS), people)).toEqual({
      kind: 'assets',
      rows: 2,
    });
    expect(listAssets(ctx).map((a) => [a.ref, a.name, a.ownerId, a.type, a.availability])).toEqual([
      ['A-007', 'Customer database', 'UDANA', 'information', 2],
      ['A-008', 'Laptops', 'UIT', 'hardware', 1],
    ]);
    expect(listEvidence(ctx).at(-1)).toMatchObject({
      kind: 'import.completed',
      data: { kind: 'assets', rows: 2 },
    });
  });

  it('names every bad row and stores nothing', async () => {
    const bad = `${ASSETS}Wiki,software,nobody@example.com,,1,1,1
,Payroll,vehicle,UDANA,,2,2,5
,Laptops,hardware,UGONE,remote,2,2,1
`.replace('Wiki,', ',Wiki,');
    const before = listEvidence(ctx).length;
    expect(await problems(importFile(ctx, owner, 'assets', file('bad.csv', bad), people))).toEqual([
      'row 4: owner nobody@example.com is not a member of this Slack workspace',
      'row 5: Type must be one of information, software, hardware, service, people, site, other. Availability must be a whole number from 1 to 3.',
      'row 6: owner UGONE is not a member of this Slack workspace',
    ]);
    expect(listAssets(ctx)).toHaveLength(0);
    expect(listEvidence(ctx)).toHaveLength(before);
    // A duplicate inside the file is a bad row too.
    const dup = `${ASSETS},laptops,hardware,UIT,,1,1,1\n`;
    expect(await problems(importFile(ctx, owner, 'assets', file('dup.csv', dup), people))).toEqual([
      'row 4: There is already an asset called "Laptops" (A-008).',
    ]);
    expect(listAssets(ctx)).toHaveLength(0);
  });

  it('imports an existing risk register from XLSX, keeping its ids next to new ones', async () => {
    await importFile(ctx, owner, 'assets', file('assets.csv', ASSETS), people);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Risks');
    ws.addRow([
      'Risk ID',
      'Title',
      'Scenario',
      'Assets',
      'Risk owner',
      'Likelihood',
      'Impact',
      'Treatment',
      'Annex A controls',
      'Residual likelihood',
      'Residual impact',
    ]);
    ws.addRow([
      'RSK-12',
      'Stolen laptop',
      'A laptop is stolen from a car',
      'Laptops',
      'it@example.com',
      3,
      4,
      'Modify',
      'A.8.1; 8.24',
      1,
      4,
    ]);
    ws.addRow(['R-004', 'DB leak', 'Backups copied out', 'A-007', 'UDANA', 2, 5, '', '', '', '']);
    const path = join(dir, 'risks.xlsx');
    await wb.xlsx.writeFile(path);
    expect(await importFile(ctx, owner, 'risks', path, people)).toEqual({ kind: 'risks', rows: 2 });
    const views = listRiskViews(ctx);
    expect(
      views.map((v) => [v.ref, v.ownerId, v.inherent.id, v.controls, v.residualLevel?.id ?? null]),
    ).toEqual([
      ['RSK-12', 'UIT', 'high', ['A.8.1', 'A.8.24'], 'low'],
      ['R-004', 'UDANA', 'high', [], null],
    ]);
    expect(views[0]?.assets).toEqual([{ ref: 'A-008', name: 'Laptops' }]);
    ws.getRow(2).getCell(1).value = 'RSK-13';
    ws.getRow(3).getCell(1).value = 'R-005';
    ws.getRow(3).getCell(6).value = 9;
    ws.getRow(2).getCell(9).value = 'A.8.99';
    await wb.xlsx.writeFile(path);
    expect(await problems(importFile(ctx, owner, 'risks', path, people))).toEqual([
      'row 2: Control "A.8.99" is not an Annex A control (A.5.1 … A.8.34).',
      'row 3: Likelihood 9 is off the scale: pick 1 to 5.',
    ]);
    expect(listRiskViews(ctx)).toHaveLength(2);
  });

  it('imports an SoA, and refuses a file without the columns it needs', async () => {
    const soa = `Control,Applicable,Reasons,Justification,Status,Owner,Evidence
A.5.1,yes,legal; business,Required by our customer contracts,implemented,UDANA,wiki/policies
7.4,no,,No offices: fully remote,,,
`;
    expect(await importFile(ctx, owner, 'soa', file('soa.csv', soa), people)).toEqual({
      kind: 'soa',
      rows: 2,
    });
    const rows = getSoa(ctx);
    expect(rows.find((r) => r.controlId === 'A.5.1')).toMatchObject({
      applicable: true,
      reasons: ['legal', 'business'],
      status: 'implemented',
      ownerId: 'UDANA',
    });
    expect(rows.find((r) => r.controlId === 'A.7.4')).toMatchObject({ applicable: false });
    expect(
      await problems(importFile(ctx, owner, 'soa', file('x.csv', 'Control,Note\nA.5.2,hi\n'), people)),
    ).toEqual(['the SoA row file has no column for applicable (a column named applicable or applicability)']);
  });

  it('without a bot token accepts user ids only, and says why an e-mail cannot be used', async () => {
    expect(
      await problems(importFile(ctx, owner, 'assets', file('assets.csv', ASSETS), offlineDirectory)),
    ).toEqual([
      'row 2: owner "dana@example.com" is an e-mail address: set SLACK_BOT_TOKEN so the import can look it up',
    ]);
  });
});
