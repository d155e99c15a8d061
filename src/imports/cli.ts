/**
 * CLI plumbing shared by `isms import` and `isms export`: open the database, pick the workspace
 * (`--team`, or the only one there is) and say who acts in the evidence.
 */
import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { CliError } from '../cli/errors.ts';
import type { Config } from '../config.ts';
import { type Actor, type Ctx, systemClock } from '../domain/context.ts';
import { closeDatabase, type Db, openDatabase } from '../store/db.ts';
import { workspaces } from '../store/schema/index.ts';

const NOT_FOUND = 2;

export interface TeamDb {
  readonly db: Db;
  readonly ctx: Ctx;
  close(): void;
}

export function openTeam(
  config: Config,
  team: string | undefined,
  opts: { readonly?: boolean } = {},
): TeamDb {
  const path = config.databasePath;
  if (path !== ':memory:' && !statSync(path, { throwIfNoEntry: false })?.isFile())
    throw new CliError(`no database at ${path} (check DATABASE_PATH, or run isms migrate)`, NOT_FOUND);
  const db = openDatabase(path, opts.readonly ? { readonly: true } : {});
  const teams = db
    .select({ teamId: workspaces.teamId })
    .from(workspaces)
    .all()
    .map((w) => w.teamId);
  const chosen = team ?? (teams.length === 1 ? teams[0] : undefined);
  if (!chosen || !teams.includes(chosen)) {
    closeDatabase(db);
    if (team) throw new CliError(`no workspace ${team} in ${path} (check --team)`, NOT_FOUND);
    throw new CliError(
      teams.length === 0
        ? `no workspace in ${path} yet: run /isms setup in Slack (or the console) first`
        : `${path} holds several workspaces (${teams.join(', ')}): say which with --team`,
      NOT_FOUND,
    );
  }
  return { db, ctx: { db, teamId: chosen, clock: systemClock }, close: () => closeDatabase(db) };
}

/** Who acts when the CLI writes: the operating-system user, marked as coming from the CLI. */
export function cliActor(): Actor {
  return { userId: 'isms-cli', name: `${userInfo().username} (isms CLI)` };
}
