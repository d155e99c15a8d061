/**
 * `isms import assets|risks|soa FILE`: every row goes through the same domain verb as Slack input,
 * inside one transaction; any bad row (named with its sheet row and problem) rolls back all of it.
 * People are resolved before the transaction opens (Slack calls are async; SQLite's are not).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createAsset } from '../domain/assets.ts';
import type { Actor, Ctx } from '../domain/context.ts';
import { isDomainError } from '../domain/errors.ts';
import { appendEvidence } from '../domain/evidence.ts';
import { createRisk } from '../domain/risk/risks.ts';
import { setSoaEntry } from '../domain/soa.ts';
import type { PeopleDirectory } from './people.ts';
import { column, ImportError, readSheet, type Sheet, splitList } from './sheet.ts';

export type ImportKind = 'assets' | 'risks' | 'soa';

interface Field {
  readonly aliases: readonly string[];
  readonly required?: boolean;
  /** A Slack user id or an e-mail, resolved to a user id. */
  readonly person?: boolean;
}

interface Spec {
  readonly noun: string;
  readonly fields: Readonly<Record<string, Field>>;
  apply(ctx: Ctx, actor: Actor, v: Readonly<Record<string, string | undefined>>): void;
}

const opt = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);
const lower = (s: string | undefined) => s?.toLowerCase();

const SPECS: Record<ImportKind, Spec> = {
  assets: {
    noun: 'asset',
    fields: {
      ref: { aliases: ['id', 'ref', 'assetid'] },
      name: { aliases: ['name', 'asset', 'assetname'], required: true },
      type: { aliases: ['type', 'assettype', 'category'], required: true },
      owner: { aliases: ['owner', 'assetowner', 'ownerid', 'owneremail'], required: true, person: true },
      location: { aliases: ['systemorlocation', 'location', 'system', 'systemlocation'] },
      confidentiality: { aliases: ['confidentiality', 'c'], required: true },
      integrity: { aliases: ['integrity', 'i'], required: true },
      availability: { aliases: ['availability', 'a'], required: true },
    },
    apply(ctx, actor, v) {
      createAsset(ctx, actor, {
        ref: opt(v.ref),
        name: v.name ?? '',
        type: lower(v.type) as never,
        ownerId: v.owner ?? '',
        location: v.location,
        confidentiality: v.confidentiality,
        integrity: v.integrity,
        availability: v.availability,
      });
    },
  },
  risks: {
    noun: 'risk',
    fields: {
      ref: { aliases: ['id', 'ref', 'riskid'] },
      title: { aliases: ['title', 'name', 'riskname'] },
      scenario: { aliases: ['scenario', 'description', 'risk', 'riskdescription'], required: true },
      threat: { aliases: ['threat'] },
      vulnerability: { aliases: ['vulnerability'] },
      assets: { aliases: ['assets', 'asset'] },
      owner: { aliases: ['owner', 'riskowner', 'ownerid'], required: true, person: true },
      likelihood: { aliases: ['likelihood', 'inherentlikelihood', 'l'], required: true },
      impact: { aliases: ['impact', 'inherentimpact', 'i'], required: true },
      treatment: { aliases: ['treatment', 'treatmentoption', 'option'] },
      controls: { aliases: ['controls', 'annexacontrols', 'control'] },
      plan: { aliases: ['treatmentplan', 'plan'] },
      residualLikelihood: { aliases: ['residuallikelihood', 'rl'] },
      residualImpact: { aliases: ['residualimpact', 'ri'] },
    },
    apply(ctx, actor, v) {
      createRisk(ctx, actor, {
        ref: opt(v.ref),
        title: v.title,
        scenario: v.scenario ?? '',
        threat: v.threat,
        vulnerability: v.vulnerability,
        assets: splitList(v.assets),
        ownerId: v.owner ?? '',
        likelihood: v.likelihood,
        impact: v.impact,
        treatment: (lower(opt(v.treatment)) ?? null) as never,
        controls: splitList(v.controls),
        treatmentPlan: v.plan,
        residualLikelihood: opt(v.residualLikelihood),
        residualImpact: opt(v.residualImpact),
      });
    },
  },
  soa: {
    noun: 'SoA row',
    fields: {
      control: { aliases: ['control', 'controlid', 'id', 'ref'], required: true },
      applicable: { aliases: ['applicable', 'applicability', 'included'], required: true },
      reasons: { aliases: ['reasons', 'reason'] },
      justification: { aliases: ['justification'] },
      status: { aliases: ['status', 'implementationstatus', 'implementation'] },
      owner: { aliases: ['owner', 'controlowner'], person: true },
      evidence: { aliases: ['evidence', 'evidenceref', 'evidencereference'] },
    },
    apply(ctx, actor, v) {
      setSoaEntry(ctx, actor, {
        controlId: v.control ?? '',
        applicable: yesNo(v.applicable) as boolean,
        reasons: splitList(lower(v.reasons)) as never,
        justification: v.justification,
        status: (lower(opt(v.status)) ?? null) as never,
        ownerId: opt(v.owner),
        evidenceRef: v.evidence,
      });
    },
  },
};

/** yes/no in the ways spreadsheets say it; anything else is passed on for the verb to refuse. */
function yesNo(s: string | undefined): boolean | string | undefined {
  const v = lower(s)?.trim();
  if (v === undefined) return undefined;
  if (['yes', 'y', 'true', '1', 'applicable', 'included'].includes(v)) return true;
  if (['no', 'n', 'false', '0', 'not applicable', 'excluded', 'n/a'].includes(v)) return false;
  return s;
}

export interface ImportResult {
  readonly kind: ImportKind;
  readonly rows: number;
}

export async function importFile(
  ctx: Ctx,
  actor: Actor,
  kind: ImportKind,
  path: string,
  people: PeopleDirectory,
): Promise<ImportResult> {
  const spec = SPECS[kind];
  const sheet = await readSheet(path);
  const columns = mapColumns(sheet, spec);
  if (sheet.rows.length === 0) throw new ImportError([`${basename(path)} has a header but no rows`]);
  const problems: string[] = [];
  const rows: { line: number; values: Record<string, string | undefined>; ok: boolean }[] = [];
  for (const row of sheet.rows) {
    const values: Record<string, string | undefined> = {};
    let ok = true;
    for (const [field, header] of Object.entries(columns)) {
      const raw = header ? row.cells.get(header) : undefined;
      if (raw !== undefined && spec.fields[field]?.person) {
        const who = await people.resolve(raw);
        if ('error' in who) {
          problems.push(`row ${row.line}: ${field} ${who.error}`);
          ok = false;
        } else values[field] = who.userId;
      } else values[field] = raw;
    }
    rows.push({ line: row.line, values, ok });
  }
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  ctx.db.transaction(
    (db) => {
      const t = { ...ctx, db };
      for (const { line, values, ok } of rows) {
        if (!ok) continue; // its person could not be resolved: already named
        try {
          spec.apply(t, actor, values);
        } catch (err) {
          if (!isDomainError(err)) throw err;
          const detail = err.details ? Object.values(err.details).join(' ') : err.message;
          problems.push(`row ${line}: ${detail}`);
        }
      }
      if (problems.length > 0) throw new ImportError(problems.sort(byRow));
      appendEvidence(t, {
        actor,
        kind: 'import.completed',
        subject: `import:${kind}`,
        data: { kind, file: basename(path), sha256, rows: rows.length },
      });
    },
    { behavior: 'immediate' },
  );
  return { kind, rows: rows.length };
}

function mapColumns(sheet: Sheet, spec: Spec): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const missing: string[] = [];
  for (const [field, f] of Object.entries(spec.fields)) {
    out[field] = column(sheet, f.aliases);
    if (f.required && !out[field])
      missing.push(`${field} (a column named ${f.aliases.slice(0, 2).join(' or ')})`);
  }
  if (missing.length > 0)
    throw new ImportError([`the ${spec.noun} file has no column for ${missing.join(', ')}`]);
  return out;
}

const rowOf = (p: string) => Number(/^row (\d+)/.exec(p)?.[1] ?? 0);
const byRow = (a: string, b: string) => rowOf(a) - rowOf(b);
