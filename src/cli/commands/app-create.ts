import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { createApp } from '../../domain/identity/create-app.js';
import { knownPermissions } from '../../domain/identity/permissions.js';
import { knownDelegatedScopes } from '../../domain/identity/delegated-scopes.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { appJson, permissionList } from '../format/app-view.js';
import { printResult, type Io } from '../io.js';
import { collectList } from '../list-option.js';
import { withStore } from '../with-store.js';

interface Options {
  tenant: string; name: string; permissions?: string[]; json?: boolean;
  redirectUri?: string[]; publicClient?: boolean; delegated?: string[]; certificate?: string;
}

export function addAppCreate(app: Command, io: Io): void {
  const command = app.command('create')
    .description('register an app (client) in a tenant and print its client secret once')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--name <name>', 'display name of the app')
    .option('--permissions <permissions>', `Graph application permissions (repeat or comma-separate): ${knownPermissions.join(', ')}`, collectList)
    .option('--redirect-uri <uri>', 'reply URL for sign-in (repeat or comma-separate; matched exactly)', collectList)
    .option('--public-client', 'allow public client flows (no secret: device code, ROPC, PKCE code flow)')
    .option('--delegated <scopes>', `delegated Graph permissions the app asks for: ${knownDelegatedScopes.join(', ')}`, collectList)
    .option('--certificate <file>', 'PEM certificate whose key signs client assertions (private_key_jwt)');
  addAdminOptions(command);
  command.addHelpText('after', examples('portico app create --tenant contoso.com --name "HR onboarding" --permissions User.Invite.All,User.Read.All'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const { app: created, secret } = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return createApp(store, systemClock, {
        tenantId: tenant.id, name: options.name, permissions: options.permissions ?? [], redirectUris: options.redirectUri,
        isPublicClient: options.publicClient ?? false, delegated: options.delegated,
        certificatePem: options.certificate === undefined ? undefined : readFileSync(options.certificate, 'utf8'),
      });
    });
    printResult(io, options.json, { ...appJson(created), clientSecret: secret.secretText, secretEndDateTime: secret.endDateTime }, () => [
      `Created app '${created.displayName}' in tenant ${created.tenantId}.`,
      `client id       ${created.appId}`,
      `object id       ${created.id}`,
      `permissions     ${permissionList(created)}`,
      ...(created.delegatedScopes.length > 0 ? [`delegated       ${created.delegatedScopes.join(', ')}`] : []),
      ...(created.redirectUris.length > 0 ? [`redirect URIs   ${created.redirectUris.join(' ')}`] : []),
      ...(created.isPublicClient ? ['public client   yes'] : []),
      `client secret   ${secret.secretText}`,
      `secret expires  ${secret.endDateTime}`,
      'The secret is shown only now; Portico keeps only its hash.',
    ]);
  });
}
