import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { KeyRing } from '../../domain/identity/key-ring.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { table } from '../format/table.js';
import { withStore } from '../with-store.js';

export function addKeysRotate(keys: Command, io: Io): void {
  const command = keys.command('rotate')
    .description('start signing tokens with a new key; older keys stay published until their tokens expire');
  // The token lifetime decides how long retired keys stay in the JWKS, as in `portico serve`.
  addAdminOptions(command, ['tokenLifetimeSeconds']);
  command.addHelpText('after', examples('portico keys rotate --db postgres://portico@db.internal/portico'));
  command.action(async (options: { json?: boolean }) => {
    const config = configFromOptions(options);
    const { active, all } = await withStore(config.db, async (store) => {
      const ring = new KeyRing(store, systemClock, config.tokenLifetimeSeconds + 600);
      await ring.init();
      const key = await ring.rotate();
      return { active: key, all: await store.keys.list() };
    });
    const listed = all.map((k) => ({ kid: k.kid, createdDateTime: k.createdDateTime, retiredDateTime: k.retiredDateTime }));
    printResult(io, options.json, { kid: active.kid, keys: listed }, () => [
      `New signing key ${active.kid}. Running servers pick it up within a minute.`,
      ...table(['KID', 'CREATED', 'RETIRED'], listed.map((k) => [k.kid, k.createdDateTime, k.retiredDateTime ?? '-'])),
    ]);
  });
}
