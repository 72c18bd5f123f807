import type { Command } from 'commander';
import type { Config } from '../config/config.js';
import { addConfigOptions } from './config-options.js';

/** Options every admin command shares: the database (`--db`, PORTICO_DB) and `--json`. */
export function addAdminOptions(command: Command, extraConfig: readonly (keyof Config)[] = []): Command {
  addConfigOptions(command, ['db', ...extraConfig]);
  return command.option('--json', 'print the result as one JSON object');
}

/** Formats the "Example:" block added after a command's help. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
}
