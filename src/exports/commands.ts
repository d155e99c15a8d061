/** `isms export risks|soa|assets|method --format csv|xlsx|md --out FILE [--team T]`. */
import type { Command } from 'commander';
import type { Config } from '../config.ts';

export function registerExportCommands(_program: Command, _config: () => Config): void {}
