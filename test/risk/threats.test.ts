/**
 * The threat catalogue (knowledge/threats/) and the suggestions the risk flow offers for what a
 * person typed. Two sets of plain-words scenarios: DEV (one per threat), written before the
 * catalogue's text, was measured first (26/31 first, 29/31 in the top 3) and then tuned on, with
 * keywords for its five misses, so it guards against regressions; HELD_OUT was written after the
 * catalogue (the first batch before any tuning, the second after it) and is never tuned on (first
 * look: 30/36 in the top 3, 5/6 noise declined), so it says how the catalogue does on words nobody
 * fitted it to.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findControl } from '../../src/domain/catalog.ts';
import { createOptionSources, sourceHas } from '../../src/domain/options.ts';
import { loadThreats, suggestControls, suggestThreats, threatSource } from '../../src/domain/risk/threats.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { openDatabase } from '../../src/store/db.ts';

const ctx = { db: openDatabase(':memory:'), teamId: 'T1', clock: { now: () => new Date() } };
const ids = (text: string, limit = 3) => suggestThreats(text, limit).map((t) => t.id);

describe('the threat catalogue', () => {
  const threats = loadThreats();

  it('has about thirty threats with stable, unique ids T-01 …', () => {
    expect(threats.length).toBeGreaterThanOrEqual(28);
    expect(threats.map((t) => t.id)).toEqual(threats.map((_, i) => `T-${String(i + 1).padStart(2, '0')}`));
  });

  it('gives every threat a description, the weaknesses that enable it, and controls that exist', () => {
    const problems = threats.flatMap((t) => [
      ...(t.description.length < 80 ? [`${t.id}: description too short`] : []),
      ...(t.vulnerabilities.length < 2 ? [`${t.id}: fewer than 2 vulnerabilities`] : []),
      ...(t.controls.length < 2 ? [`${t.id}: fewer than 2 controls`] : []),
      ...t.controls.filter((c) => !findControl(c)).map((c) => `${t.id}: unknown control ${c}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses a threat naming a control that does not exist, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threats-'));
    writeFileSync(
      join(dir, 't-01.md'),
      '---\nref: "T-01"\ntitle: "x"\nkind: threat\nrelated: ["A.5.1", "A.9.99"]\n---\n# x\n\n## What happens\n\ntext\n',
    );
    expect(() => loadThreats(dir)).toThrow(/threats\/t-01\.md: front matter related\.1 "A\.9\.99"/);
  });

  it('refuses a threat whose treatment prose and front matter name different controls', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threats-'));
    const doc = (treated: string) =>
      `---\nref: "T-01"\ntitle: "x"\nkind: threat\nrelated: ["A.5.1", "A.8.5"]\n---\n# x\n\n## What happens\n\ntext\n\n` +
      `## Weaknesses that let it happen\n\n- one\n- two\n\n## How it is treated\n\n${treated}\n`;
    writeFileSync(join(dir, 't-01.md'), doc('Policies (A.5.1) and strong sign-in (A.8.5).'));
    expect(loadThreats(dir)[0]).toMatchObject({
      controls: ['A.5.1', 'A.8.5'],
      vulnerabilities: ['one', 'two'],
    });
    writeFileSync(join(dir, 't-01.md'), doc('Policies (A.5.1) and backups (A.8.13).'));
    expect(() => loadThreats(dir)).toThrow(/t-01\.md: .*disagree on A\.8\.13, A\.8\.5/);
  });

  it('stays out of the answer index: questions are answered from clauses and controls', () => {
    expect(loadKnowledge().some((d) => d.kind === 'threat')).toBe(false);
    expect(loadKnowledge(undefined, { threats: true }).map((d) => d.ref)).toEqual(threats.map((t) => t.id));
  });
});

describe('suggestThreats', () => {
  // DEV: written first, before the catalogue (see the header comment); tuned on.
  it.each([
    ['Someone in sales got an email pretending to be Microsoft 365 and typed their password in', 'T-01'],
    ['a developer committed the AWS access key to GitHub', 'T-02'],
    ['our S3 bucket with customer exports was readable by anyone on the internet', 'T-03'],
    ['a log4j style bug in a library we use, and nobody updates the packages', 'T-04'],
    ['hackers encrypt all our files and ask for bitcoin', 'T-05'],
    ['an engineer downloads the whole customer database to sell it to a competitor', 'T-06'],
    ['I left my work MacBook on the train', 'T-07'],
    ['our payroll provider got hacked and our employees data was stolen', 'T-08'],
    ['a botnet floods our API with traffic and the site goes down', 'T-09'],
    ['the database got corrupted and we found out the backups never worked', 'T-10'],
    ['everyone in engineering is admin in production', 'T-11'],
    ['a contractor left months ago but can still log into Slack and Google', 'T-12'],
    ['an attacker changes our GitHub Actions workflow to ship a backdoor in the release', 'T-13'],
    ['we would not notice if someone was inside our network for weeks', 'T-14'],
    ['every team signs up for its own tools with a credit card and we do not know where our data is', 'T-15'],
    ['a stranger tailgated into the office and walked around the desks', 'T-16'],
    ['someone called our helpdesk pretending to be a customer and got the account email changed', 'T-17'],
    ['staff paste customer tickets into ChatGPT to summarise them', 'T-18'],
    ['attackers try leaked passwords from other sites against our login page', 'T-19'],
    ['a customer could see another customer invoices by changing the id in the URL', 'T-20'],
    ['a typosquatted npm package stole our environment variables', 'T-21'],
    ['finance got an email from the CEO asking to wire money urgently to a new bank account', 'T-22'],
    ['an employee emailed a spreadsheet of customer data to the wrong person', 'T-23'],
    ['developers copy the production database to their laptops for testing', 'T-24'],
    ['a hotfix pushed straight to production on Friday took the service down', 'T-25'],
    ['AWS eu-west-1 goes down for a whole day', 'T-26'],
    ['the database is not encrypted and nobody knows who holds the keys', 'T-27'],
    ['we keep customer personal data for years and never delete it', 'T-28'],
    ['people work from cafés on public wifi with their own personal laptops', 'T-29'],
    ['our domain name expired and someone else registered it', 'T-30'],
    ['users can trick our support chatbot into revealing other users data', 'T-31'],
  ])('%s → %s in the top 3', (text, id) => {
    expect(ids(text)).toContain(id);
  });

  // HELD_OUT: never tuned on. Measured as a whole: a floor under the first look, not per case.
  const HELD_OUT: [string, string | undefined][] = [
    ["an attacker sent a fake DocuSign link and harvested our CFO's Okta login", 'T-01'],
    ['the Stripe secret key is sitting in a config file in our monorepo', 'T-02'],
    ['the Elasticsearch cluster had no password and was open to the world', 'T-03'],
    ['a laptop got infected by a cracked app download and the malware spread to the file share', 'T-05'],
    ["a sales rep's iPhone was stolen at a conference", 'T-07'],
    ['the analytics vendor we send user events to announced a breach', 'T-08'],
    ['someone ran DROP TABLE on the wrong database and the last good snapshot is three weeks old', 'T-10'],
    ['our interns have owner rights on the AWS organisation', 'T-11'],
    ['we never removed the GitHub access of the agency that built our website', 'T-12'],
    ['we have no idea what happened because the server logs were deleted after 24 hours', 'T-14'],
    ['a fake delivery man walked past reception and took a laptop from a desk', 'T-16'],
    ['bots are brute forcing thousands of customer accounts every night', 'T-19'],
    ['the pentest found SQL injection in the search endpoint', 'T-20'],
    ["a supplier's email was hacked and they sent us an invoice with new bank details", 'T-22'],
    ['a support agent shared a Google Drive folder with customer contracts publicly', 'T-23'],
    ['an engineer changed a firewall rule by hand in production and broke everything', 'T-25'],
    ['our only data centre lost power', 'T-26'],
    ['we still use TLS 1.0 and MD5 for password hashing', 'T-27'],
    ["employees use their kids' home computer to read work email", 'T-29'],
    [
      "a document uploaded by a user made our AI assistant leak the system prompt and other tenants' files",
      'T-31',
    ],
    ['we are hiring a new product designer', undefined],
    ['the coffee machine on the third floor is broken again', undefined],
    ['book a meeting room for Thursday afternoon', undefined],
    ['happy birthday to Sam!', undefined],
    // A second held-out batch, written after the catalogue's tuning on DEV and measured once.
    ['a text message asked our engineers to "verify" their SSO login on a lookalike domain', 'T-01'],
    ['our Firebase database rules allow anyone to read all the user profiles', 'T-03'],
    ['our servers still run Ubuntu 16.04 and have not had updates in two years', 'T-04'],
    ['the accounting PC got a virus from a USB stick and now all the invoices are locked', 'T-05'],
    ["a support agent looked up their ex-partner's account out of curiosity", 'T-06'],
    ['the company that hosts our customer support tickets was breached', 'T-08'],
    ['the website was knocked offline by millions of requests from a botnet', 'T-09'],
    ['a migration script wiped half the orders table and nobody has ever tried restoring', 'T-10'],
    [
      'someone with write access to the repo edited the deploy script to send our secrets to their server',
      'T-13',
    ],
    ["marketing connected a random browser extension to everyone's Gmail", 'T-15'],
    ['a caller pretending to be our CTO convinced the IT person to reset his MFA', 'T-17'],
    ['engineers paste stack traces with customer emails into an AI chatbot', 'T-18'],
    ['a dependency we use was hijacked and a new version mines crypto on our build servers', 'T-21'],
    ['we use a copy of real customer data in the staging environment', 'T-24'],
    ['a customer asked us to delete all their personal data and we could not find it all', 'T-28'],
    ['an old DNS record still points to a deleted Heroku app that someone else claimed', 'T-30'],
    ['can someone review my pull request for the new pricing page', undefined],
    ['lunch and learn about our Q3 roadmap on Friday', undefined],
  ];

  it('finds most held-out threats in the top 3 and suggests nothing for most held-out noise', () => {
    const threats = HELD_OUT.filter(([, id]) => id);
    const noise = HELD_OUT.filter(([, id]) => !id);
    const found = threats.filter(([text, id]) => ids(text).includes(id as string)).length;
    const quiet = noise.filter(([text]) => suggestThreats(text, 5).length === 0).length;
    expect(found / threats.length).toBeGreaterThanOrEqual(0.75);
    expect(quiet / noise.length).toBeGreaterThanOrEqual(0.75);
  });

  it('returns each threat with its controls, best first, at most `limit`', () => {
    const found = suggestThreats('laptop stolen from a car', 2);
    expect(found.length).toBeLessThanOrEqual(2);
    expect(found[0]?.controls.length).toBeGreaterThan(1);
    const scores = found.map((t) => t.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it.each([
    '',
    '   ',
    'what is for lunch today?',
    'asdf qwerty zxcv',
    'the quarterly kick-off is in Lisbon this year',
    'please rename the marketing channel',
  ])('suggests nothing for text that names no threat: %j', (text) => {
    expect(suggestThreats(text, 5)).toEqual([]);
  });
});

describe('suggestControls', () => {
  it('offers the controls of the threats found, without duplicates, each existing', () => {
    const controls = suggestControls('a developer pushed an API token to a public repository');
    expect(controls.length).toBeGreaterThan(0);
    expect(new Set(controls).size).toBe(controls.length);
    for (const c of controls) expect(findControl(c)).toBeDefined();
    expect(controls).toContain('A.8.4');
  });

  it('offers nothing for text that names no threat', () => {
    expect(suggestControls('what is for lunch today?')).toEqual([]);
  });
});

describe('the threats option source', () => {
  const source = threatSource();

  it('is registered for forms as `threats`', () => {
    expect(createOptionSources().threats).toBeDefined();
  });

  it('lists the catalogue for an empty query and finds threats by id or by plain words', () => {
    expect(source(ctx, { query: '' }).length).toBe(loadThreats().length);
    expect(source(ctx, { query: 'T-07' })[0]?.value).toBe('T-07');
    expect(source(ctx, { query: 't7' })[0]?.value).toBe('T-07');
    const laptop = source(ctx, { query: 'stolen laptop' }).map((o) => o.value);
    expect(laptop).toContain('T-07');
    expect(laptop.length).toBeLessThan(5); // the fitting few, not every threat sharing a word
    expect(source(ctx, { query: 'ranso' })[0]?.value).toBe('T-05'); // a word still being typed
    expect(source(ctx, { query: 'T-07' })[0]?.label).toMatch(/^T-07 /);
  });

  it('knows its own values and nothing else (a forged value is refused)', () => {
    expect(sourceHas(source, ctx, 'T-03')).toBe(true);
    expect(sourceHas(source, ctx, 'T-99')).toBe(false);
    expect(sourceHas(source, ctx, 'A.5.1')).toBe(false);
  });
});
