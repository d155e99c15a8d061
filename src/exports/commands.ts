/** `isms export risks|soa|assets|method|minutes --format csv|xlsx|md|json|pdf [--out FILE] [--team T]`. */
import { writeFileSync } from 'node:fs';
import { Argument, type Command, Option } from 'commander';
import { CliError } from '../cli/errors.ts';
import type { Config } from '../config.ts';
import { isDomainError } from '../domain/errors.ts';
import { openTeam } from '../imports/cli.ts';

/** Known here without loading exceljs: the exporter is loaded only when `isms export` runs. */
const KINDS = ['risks', 'soa', 'assets', 'method', 'minutes'] as const;
const FORMATS = ['csv', 'xlsx', 'md', 'json', 'pdf'] as const;

export function registerExportCommands(program: Command, config: () => Config): void {
  program
    .command('export')
    .description(
      'export the risk register, SoA, asset inventory, risk method or management review minutes for auditors',
    )
    .addArgument(new Argument('<what>', 'which register').choices(KINDS))
    .addOption(
      new Option(
        '--format <format>',
        'file format (md: the method as the 6.1.2 process, or minutes; json: the method as `isms import method` reads it; pdf: minutes)',
      )
        .choices(FORMATS)
        .default('csv'),
    )
    .option('--out <file>', 'write to a file (needed for xlsx) instead of stdout')
    .option('--team <teamId>', 'the Slack workspace (needed when the database holds several)')
    .option('--review <ref>', 'minutes: which review (MR-2026-01; default the latest approved)')
    .action(
      async (
        what: (typeof KINDS)[number],
        o: { format: (typeof FORMATS)[number]; out?: string; team?: string; review?: string },
      ) => {
        if (what === 'minutes') return minutes(config(), o);
        if (o.format === 'pdf') throw new CliError('--format pdf is for isms export minutes only');
        if (o.format === 'md' && what !== 'method')
          throw new CliError('--format md is for isms export method or minutes only');
        if (o.format === 'json' && what !== 'method')
          throw new CliError('--format json is for isms export method only');
        if (o.format === 'xlsx' && !o.out) throw new CliError('--format xlsx needs --out FILE');
        const { exportRegister } = await import('./index.ts');
        const team = openTeam(config(), o.team, { readonly: true });
        try {
          const { body, rows } = await exportRegister(team.ctx, what, o.format);
          if (!o.out) {
            process.stdout.write(body);
            return;
          }
          writeFileSync(o.out, body);
          process.stderr.write(`wrote ${what} (${rows} rows) of ${team.ctx.teamId} to ${o.out}\n`);
        } finally {
          team.close();
        }
      },
    );
}

/** Minutes are exported from the locked record; the file's SHA-256 goes into the evidence chain. */
async function minutes(
  config: Config,
  o: { format: string; out?: string; team?: string; review?: string },
): Promise<void> {
  if (o.format !== 'md' && o.format !== 'pdf')
    throw new CliError('isms export minutes takes --format md or pdf');
  if (o.format === 'pdf' && !o.out) throw new CliError('--format pdf needs --out FILE');
  const { exportMinutes } = await import('./review-minutes.ts');
  const team = openTeam(config, o.team);
  try {
    const file = await exportMinutes(team.ctx, {
      ref: o.review,
      format: o.format,
      actor: { userId: 'cli', name: 'isms export' },
    }).catch((err: unknown) => {
      if (isDomainError(err)) throw new CliError(err.message, 2);
      throw err;
    });
    if (!o.out) {
      process.stdout.write(file.body);
      return;
    }
    writeFileSync(o.out, file.body);
    process.stderr.write(
      `wrote the minutes of ${file.ref} to ${o.out} (sha256 ${file.sha256}, in the evidence)\n`,
    );
  } finally {
    team.close();
  }
}
