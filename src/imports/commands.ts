/**
 * `isms import assets|risks|soa FILE [--team T]`: all rows or none; each bad row printed.
 * `isms import method FILE.json`: the team's own risk method (scales, levels, grid, criteria).
 */
import { Argument, type Command } from 'commander';
import { CliError } from '../cli/errors.ts';
import type { Config } from '../config.ts';
import { isDomainError } from '../domain/errors.ts';
import { cliActor, openTeam } from './cli.ts';
import { offlineDirectory, type PeopleDirectory, slackDirectory } from './people.ts';

/** Known here without loading exceljs: the importer is loaded only when `isms import` runs. */
const IMPORT_KINDS = ['assets', 'risks', 'soa', 'method'] as const;
type ImportKind = (typeof IMPORT_KINDS)[number];

async function directory(config: Config): Promise<PeopleDirectory> {
  if (!config.slack.botToken) return offlineDirectory;
  // Loaded only when needed: the web client is part of Bolt.
  const { webApi } = await import('@slack/bolt');
  const client = new webApi.WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    retryConfig: { retries: 2 },
    logLevel: webApi.LogLevel.ERROR,
  });
  return slackDirectory(client);
}

export function registerImportCommands(program: Command, config: () => Config): void {
  program
    .command('import')
    .description(
      'import assets, an existing risk register or an SoA from CSV or XLSX (every row, or none), or a risk method from JSON',
    )
    .addArgument(new Argument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'a .csv or .xlsx file with a header row (method: a .json file)')
    .option('--team <teamId>', 'the Slack workspace (needed when the database holds several)')
    .action(async (kind: ImportKind, file: string, o: { team?: string }) => {
      if (kind === 'method') return importMethodFile(config(), file, o.team);
      const { importFile } = await import('./import.ts');
      const { ImportError } = await import('./sheet.ts');
      const c = config();
      const people = await directory(c);
      const team = openTeam(c, o.team);
      try {
        const r = await importFile(team.ctx, cliActor(), kind, file, people);
        process.stdout.write(
          `imported ${r.rows} ${kind === 'soa' ? 'SoA rows' : kind} into ${team.ctx.teamId}\n`,
        );
      } catch (err) {
        if (err instanceof ImportError) {
          for (const p of err.problems) process.stderr.write(`${file}: ${p}\n`);
          throw new CliError(`nothing imported from ${file}: ${err.problems.length} problem(s)`);
        }
        if (isDomainError(err)) throw new CliError(`nothing imported from ${file}: ${err.message}`);
        throw err;
      } finally {
        team.close();
      }
    });
}

/** A risk method from JSON (as `isms export method --format json` writes it): a new version, or nothing. */
async function importMethodFile(config: Config, file: string, teamId: string | undefined): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const { changeRiskMethod } = await import('../domain/risk/acceptances.ts');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`nothing imported from ${file}: not a JSON file (${(err as Error).message})`);
  }
  const team = openTeam(config, teamId);
  try {
    const { version, method } = changeRiskMethod(team.ctx, cliActor(), { method: json });
    process.stdout.write(`risk method "${method.name}" is version ${version} of ${team.ctx.teamId}\n`);
  } catch (err) {
    if (isDomainError(err)) throw new CliError(`nothing imported from ${file}: ${err.message}`);
    throw err;
  } finally {
    team.close();
  }
}
