import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { addAppSecret } from '../../domain/identity/create-app.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

interface Options { tenant: string; app: string; json?: boolean }

export function addAppSecretAdd(secret: Command, io: Io): void {
  const command = secret.command('add')
    .description('add a client secret to an app and print it once (existing secrets keep working)')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--app <appId>', 'the app\'s client id (appId)');
  addAdminOptions(command);
  command.addHelpText('after', examples('portico app secret add --tenant contoso.com --app 3fa85f64-5717-4562-b3fc-2c963f66afa6'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const created = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return addAppSecret(store, systemClock, tenant.id, options.app);
    });
    printResult(io, options.json, {
      appId: options.app.toLowerCase(), keyId: created.keyId, clientSecret: created.secretText, endDateTime: created.endDateTime,
    }, () => [
      `Added a secret to app ${options.app}.`,
      `key id          ${created.keyId}`,
      `client secret   ${created.secretText}`,
      `secret expires  ${created.endDateTime}`,
      'The secret is shown only now; Portico keeps only its hash.',
    ]);
  });
}
