import type { Command } from 'commander';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { migrateDatabase } from '../../storage/open-store.js';

export function addMigrate(program: Command, io: Io): void {
  const command = program.command('migrate')
    .description('bring the database schema up to date (serve and the admin commands do this too); safe to repeat');
  addAdminOptions(command);
  command.addHelpText('after', examples('PORTICO_DB=postgres://portico@db.internal/portico portico migrate'));
  command.action(async (options: { json?: boolean }) => {
    const config = configFromOptions(options);
    const applied = await migrateDatabase(config.db);
    printResult(io, options.json, { applied }, () =>
      applied.length === 0 ? ['The database is up to date; no migrations ran.'] : applied.map((name) => `applied ${name}`));
  });
}
