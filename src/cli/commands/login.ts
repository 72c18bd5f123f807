import type { Command } from 'commander';
import { examples } from '../admin-options.js';
import { APP_SCOPE, USER_SCOPE, authorityFor } from '../graph/authority.js';
import { deviceCodeSignIn } from '../graph/device-code.js';
import { ProfileStore, type Profile } from '../graph/profile-store.js';
import { tokenRequest } from '../graph/token-endpoint.js';
import { withToken } from '../graph/token-provider.js';
import type { Io } from '../io.js';

interface LoginOptions {
  tenant: string;
  clientId?: string;
  clientSecret?: string;
  deviceCode?: boolean;
  baseUrl: string;
  authority?: string;
  scope?: string;
  profile?: string;
}

/**
 * `portico login`: signs in to Graph (Portico's or Microsoft's) and saves the profile the cmdlets
 * use. An app signs in with client credentials (flags or PORTICO_CLIENT_ID/PORTICO_CLIENT_SECRET);
 * a person with a device code. The first token is fetched at once, so bad credentials fail here.
 */
export function addLogin(program: Command, io: Io): void {
  const command = program.command('login')
    .description('sign in to Microsoft Graph or Portico for the Graph cmdlets (client credentials, or --device-code for a person)')
    .requiredOption('--tenant <tenant>', 'tenant id or domain')
    .option('--client-id <id>', 'application (client) id; env PORTICO_CLIENT_ID')
    .option('--client-secret <secret>', 'client secret; env PORTICO_CLIENT_SECRET')
    .option('--device-code', 'sign a person in with a device code instead of a client secret')
    .option('--base-url <url>', 'Graph endpoint without the version', 'https://graph.microsoft.com')
    .option('--authority <url>', 'identity authority (default: login.microsoftonline.com for Microsoft Graph, else the base URL\'s origin)')
    .option('--scope <scope>', `scope to ask for (default: ${APP_SCOPE}, or for --device-code: ${USER_SCOPE})`)
    .option('--profile <name>', 'save as this profile (default: default)');
  command.addHelpText('after', examples(
    'portico login --base-url https://localhost:8443 --tenant <tenantId> --client-id <appId> --client-secret <secret>',
    'PORTICO_CLIENT_ID=<appId> PORTICO_CLIENT_SECRET=<secret> portico login --tenant contoso.onmicrosoft.com',
    'portico login --device-code --tenant contoso.onmicrosoft.com --client-id <appId> --profile me',
  ));
  command.action(async (options: LoginOptions) => {
    const clientId = options.clientId ?? process.env.PORTICO_CLIENT_ID;
    if (!clientId) throw new Error('give the application id with --client-id or PORTICO_CLIENT_ID');
    let baseUrl: string;
    try {
      baseUrl = new URL(options.baseUrl).toString().replace(/\/+$/, '');
    } catch {
      throw new Error(`--base-url: '${options.baseUrl}' is not a URL`);
    }
    const authority = (options.authority ?? authorityFor(baseUrl)).replace(/\/+$/, '');
    const name = options.profile || 'default';
    const store = new ProfileStore();
    let profile: Profile;
    if (options.deviceCode) {
      profile = { baseUrl, authority, tenant: options.tenant, clientId, flow: 'device_code', scope: options.scope ?? USER_SCOPE };
      const answer = await deviceCodeSignIn(authority, options.tenant, clientId, profile.scope, (m) => io.err(m));
      profile = withToken(profile, answer, Date.now());
    } else {
      const clientSecret = options.clientSecret ?? process.env.PORTICO_CLIENT_SECRET;
      if (!clientSecret) throw new Error('give the client secret with --client-secret or PORTICO_CLIENT_SECRET, or sign in a person with --device-code');
      profile = { baseUrl, authority, tenant: options.tenant, clientId, clientSecret, flow: 'client_credentials', scope: options.scope ?? APP_SCOPE };
      const answer = await tokenRequest(authority, options.tenant, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: profile.scope });
      profile = withToken(profile, answer, Date.now());
    }
    store.save(name, profile, true);
    io.out(`Signed in to tenant ${options.tenant} at ${baseUrl} as ${options.deviceCode ? 'a person' : `app ${clientId}`}; profile '${name}' saved in ${store.path}.`);
  });
}

export function addLogout(program: Command, io: Io): void {
  const command = program.command('logout')
    .description('forget a profile\'s credentials and tokens')
    .option('--profile <name>', 'the profile to remove (default: the current one)');
  command.addHelpText('after', examples('portico logout', 'portico logout --profile me'));
  command.action((options: { profile?: string }) => {
    const store = new ProfileStore();
    const name = store.resolveName(options.profile);
    if (!store.remove(name)) throw new Error(`no profile '${name}' to sign out of`);
    io.out(`Signed out: profile '${name}' removed.`);
  });
}
