/**
 * `isms evidence verify | head | export`. They only read: the database must exist (a mistyped
 * DATABASE_PATH is reported, never created) and is opened read-only. Exit codes: 0 intact, 1 the
 * chain is broken or a checkpoint does not hold, 2 the database, team or checkpoint was not found.
 */
import { statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { Config } from '../config.ts';
import { systemClock } from '../domain/context.ts';
import {
  checkCheckpoint,
  evidenceHead,
  evidenceTeams,
  formatCheckpoint,
  listEvidence,
  parseCheckpoint,
  type VerifyResult,
  verifyEvidence,
} from '../domain/evidence.ts';
import { closeDatabase, type Db, openDatabase } from '../store/db.ts';
import { CliError } from './errors.ts';

const EXPORT_COLUMNS = [
  'id',
  'teamId',
  'seq',
  'at',
  'actorId',
  'actorName',
  'kind',
  'subject',
  'step',
  'data',
  'channel',
  'threadTs',
  'permalink',
  'prevHash',
  'hash',
];

const NOT_FOUND = 2;

interface Opened {
  readonly db: Db;
  readonly teams: string[];
}

/** Open the evidence for reading; `team`, when given, must have evidence. */
function openEvidence(config: Config, team?: string): Opened {
  const path = config.databasePath;
  const isFile = path !== ':memory:' && (statSync(path, { throwIfNoEntry: false })?.isFile() ?? false);
  if (!isFile) throw new CliError(`no database at ${path} (check DATABASE_PATH)`, NOT_FOUND);
  const db = openDatabase(path, { readonly: true });
  let teams: string[];
  try {
    teams = evidenceTeams(db);
  } catch {
    closeDatabase(db);
    throw new CliError(`${path} is not an isms-bot database (no evidence table)`, NOT_FOUND);
  }
  if (team !== undefined && !teams.includes(team)) {
    closeDatabase(db);
    throw new CliError(`no evidence for team ${team} in ${path} (check --team)`, NOT_FOUND);
  }
  return { db, teams: team === undefined ? teams : [team] };
}

function brokenLine(result: VerifyResult): string {
  const b = result.broken;
  return `evidence BROKEN at team ${b?.teamId} entry #${b?.seq} (row id ${b?.id}): ${b?.reason}`;
}

function verify(config: Config, opts: { team?: string; expect?: string }): void {
  const expected = opts.expect === undefined ? undefined : parseCheckpoint(opts.expect);
  if (opts.expect !== undefined && !expected)
    throw new CliError(
      `--expect must be <seq>:<hash> as isms evidence head prints it, not "${opts.expect}"`,
      NOT_FOUND,
    );
  const { db, teams } = openEvidence(config, opts.team);
  try {
    const result = verifyEvidence(db, opts.team);
    if (!result.ok) throw new CliError(brokenLine(result), 1);
    let checked = '';
    if (expected) {
      if (opts.team === undefined && teams.length > 1)
        throw new CliError(
          `--expect needs --team: the database holds ${teams.length} workspaces (${teams.join(', ')})`,
          NOT_FOUND,
        );
      const teamId = teams[0] ?? '';
      const check = checkCheckpoint({ db, teamId, clock: systemClock }, expected);
      if (!check.ok) throw new CliError(`evidence BROKEN at team ${teamId || '(none)'}: ${check.reason}`, 1);
      checked = `; checkpoint #${expected.seq} of team ${teamId} matches`;
    }
    process.stdout.write(
      `evidence intact: ${result.entries} entries in ${result.teams} team(s) verified${checked}\n`,
    );
  } finally {
    closeDatabase(db);
  }
}

/** Each workspace's newest entry; only of an intact chain, so a checkpoint never vouches for a broken one. */
function head(config: Config, opts: { team?: string }): void {
  const { db, teams } = openEvidence(config, opts.team);
  try {
    const result = verifyEvidence(db, opts.team);
    if (!result.ok) throw new CliError(brokenLine(result), 1);
    if (teams.length === 0) process.stderr.write(`no evidence yet in ${config.databasePath}\n`);
    for (const teamId of teams) {
      const h = evidenceHead({ db, teamId, clock: systemClock });
      if (!h) continue;
      process.stdout.write(opts.team ? `${formatCheckpoint(h)}\n` : `${teamId} ${formatCheckpoint(h)}\n`);
    }
  } finally {
    closeDatabase(db);
  }
}

function exportEvidence(config: Config, opts: { team?: string; format: string; out?: string }): void {
  const { db, teams } = openEvidence(config, opts.team);
  let rows: ReturnType<typeof listEvidence>;
  let result: VerifyResult;
  try {
    rows = teams.flatMap((teamId) => listEvidence({ db, teamId, clock: systemClock }));
    result = verifyEvidence(db, opts.team);
  } finally {
    closeDatabase(db);
  }
  const body =
    opts.format === 'csv'
      ? stringify(
          rows.map((r) => ({ ...r, data: JSON.stringify(r.data) })),
          { header: true, columns: EXPORT_COLUMNS },
        )
      : rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
  if (opts.out) {
    writeFileSync(opts.out, body);
    process.stderr.write(
      `wrote ${rows.length} entries to ${opts.out} (chain ${result.ok ? 'intact' : 'BROKEN'})\n`,
    );
  } else {
    process.stdout.write(body);
  }
  if (!result.ok) process.exitCode = 1;
}

export function registerEvidenceCommands(program: Command, config: () => Config): void {
  const ev = program.command('evidence').description('the tamper-evident evidence log');
  ev.command('verify')
    .description(
      'recompute the hash chain; exits 1 naming the first broken entry, or when the --expect checkpoint does not hold',
    )
    .option('--team <teamId>', 'only this Slack team')
    .option(
      '--expect <seq:hash>',
      'a checkpoint from isms evidence head: that entry must still be there, unchanged',
    )
    .action((o: { team?: string; expect?: string }) => verify(config(), o));
  ev.command('head')
    .description(
      "print each workspace's newest entry as <seq>:<hash>, a checkpoint to keep outside the database",
    )
    .option('--team <teamId>', 'only this Slack team (prints the bare <seq>:<hash>)')
    .action((o: { team?: string }) => head(config(), o));
  ev.command('export')
    .description('export evidence for auditors')
    .option('--team <teamId>', 'only this Slack team')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--out <file>', 'write to a file instead of stdout')
    .action((o: { team?: string; format: string; out?: string }) => exportEvidence(config(), o));
}
