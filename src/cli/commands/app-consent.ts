import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { grantAdminConsent } from '../../domain/identity/consent.js';
import { knownDelegatedScopes } from '../../domain/identity/delegated-scopes.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { collectList } from '../list-option.js';
import { withStore } from '../with-store.js';

interface Options { tenant: string; app: string; scopes?: string[]; json?: boolean }

/** `portico app consent`: admin consent for every user of the tenant (AllPrincipals). */
export function addAppConsent(app: Command, io: Io): void {
  const command = app.command('consent')
    .description('grant an app delegated permissions for every user of the tenant (admin consent)')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--app <appId>', 'the app\'s client id (appId)')
    .option('--scopes <scopes>', `delegated permissions (default: those the app asks for): ${knownDelegatedScopes.join(', ')}`, collectList);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico app consent --tenant contoso.com --app <appId> --scopes User.Invite.All,User.Read'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const scopes = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return grantAdminConsent(store, systemClock, tenant.id, options.app, options.scopes);
    });
    printResult(io, options.json, { clientId: options.app, consentType: 'AllPrincipals', scope: scopes.join(' ') },
      () => [`Granted ${scopes.join(', ')} to app ${options.app} for all users.`]);
  });
}
