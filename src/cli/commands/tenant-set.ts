import { InvalidArgumentError, type Command } from 'commander';
import { createTenantSettingsView } from '../format/tenant-settings-view.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { updateTenantSettings } from '../../domain/tenants/update-tenant-settings.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

interface Options { tenant: string; privacyUrl?: string; language?: string; appInviteMessage?: 'keep' | 'drop'; json?: boolean }

const orNone = (v: string | undefined) => (v === undefined ? undefined : v.toLowerCase() === 'none' ? null : v);

function keepOrDrop(value: string): 'keep' | 'drop' {
  if (value !== 'keep' && value !== 'drop') throw new InvalidArgumentError('use keep or drop');
  return value;
}

export function addTenantSet(tenant: Command, io: Io): void {
  const command = tenant.command('set')
    .description('change a tenant\'s mail settings (privacy statement link, language, customized message of app invitations)')
    .requiredOption('--tenant <tenant>', 'the tenant (id or any of its domains)')
    .option('--privacy-url <url>', 'privacy statement linked in the invitation mail\'s footer ("none" to clear)')
    .option('--language <tag>', 'the tenant\'s language, used when neither the invitation nor the guest names one ("none" to clear)')
    .option('--app-invite-message <keep|drop>', 'keep the customized message when an app invites (Entra drops it; default drop)', keepOrDrop);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico tenant set --tenant contoso.com --privacy-url https://contoso.com/privacy --language de-DE'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const settings = await withStore(config.db, async (store) => {
      const t = await resolveTenant(store, options.tenant);
      return updateTenantSettings(store, t.id, {
        privacyStatementUrl: orNone(options.privacyUrl),
        preferredLanguage: orNone(options.language),
        keepAppInviteMessage: options.appInviteMessage === undefined ? undefined : options.appInviteMessage === 'keep',
      });
    });
    const view = createTenantSettingsView(settings);
    printResult(io, options.json, view, () => ['Updated tenant settings.', ...Object.entries(view).map(([k, v]) => `${k}: ${v ?? '(none)'}`)]);
  });
}
