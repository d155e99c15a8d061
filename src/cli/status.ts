/**
 * `isms status [--team T] [--strict]`: the readiness report of `/isms status` on a terminal or in a
 * pipeline. Read-only. Exit 0 with the report; with `--strict`, exit 1 while any item is missing.
 */
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { openTeam } from '../imports/cli.ts';

export function registerStatusCommand(program: Command, config: () => Config): void {
  program
    .command('status')
    .description('readiness for certification: each mandatory document done, partial or missing')
    .option('--team <teamId>', 'the Slack workspace (needed when the database holds several)')
    .option('--strict', 'exit 1 while any mandatory document is missing (for a pipeline)')
    .action(async (o: { team?: string; strict?: boolean }) => {
      const { readiness } = await import('../domain/readiness.ts');
      const { statusText } = await import('../bot/views/status.ts');
      const team = openTeam(config(), o.team, { readonly: true });
      try {
        const items = readiness(team.ctx);
        process.stdout.write(statusText(items));
        if (o.strict && items.some((i) => i.status === 'missing')) process.exitCode = 1;
      } finally {
        team.close();
      }
    });
}
