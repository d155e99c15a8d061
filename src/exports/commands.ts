/** `isms export risks|soa|assets|method --format csv|xlsx|md|json [--out FILE] [--team T]`. */
import { writeFileSync } from 'node:fs';
import { Argument, type Command, Option } from 'commander';
import { CliError } from '../cli/errors.ts';
import type { Config } from '../config.ts';
import { openTeam } from '../imports/cli.ts';

/** Known here without loading exceljs: the exporter is loaded only when `isms export` runs. */
const KINDS = ['risks', 'soa', 'assets', 'method'] as const;
const FORMATS = ['csv', 'xlsx', 'md', 'json'] as const;

export function registerExportCommands(program: Command, config: () => Config): void {
  program
    .command('export')
    .description('export the risk register, SoA, asset inventory or risk method for auditors')
    .addArgument(new Argument('<what>', 'which register').choices(KINDS))
    .addOption(
      new Option(
        '--format <format>',
        'file format (md: the method as the 6.1.2 process; json: the method as `isms import method` reads it)',
      )
        .choices(FORMATS)
        .default('csv'),
    )
    .option('--out <file>', 'write to a file (needed for xlsx) instead of stdout')
    .option('--team <teamId>', 'the Slack workspace (needed when the database holds several)')
    .action(
      async (
        what: (typeof KINDS)[number],
        o: { format: (typeof FORMATS)[number]; out?: string; team?: string },
      ) => {
        if ((o.format === 'md' || o.format === 'json') && what !== 'method')
          throw new CliError(`--format ${o.format} is for isms export method only`);
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
