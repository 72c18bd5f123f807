import type { Config } from '../../config/config.js';
import type { Bootstrap } from './first-start.js';
import { shellQuote } from './shell-quote.js';

/**
 * What a first start prints, once: the default tenant, the bootstrap app's credentials and a pair
 * of commands that really can be pasted into a shell — one fetches a token into $TOKEN (the client
 * credentials grant, RFC 6749 §4.4), the other invites a guest with it (POST /v1.0/invitations).
 * `caPath` is the self-signed certificate curl must trust, or null when none is needed.
 */
export function bootstrapBanner(boot: Bootstrap, config: Readonly<Config>, caPath: string | null): string[] {
  const base = config.publicUrl;
  const curl = caPath ? `curl -s --cacert ${shellQuote(caPath)}` : 'curl -s';
  const body = JSON.stringify({ invitedUserEmailAddress: 'guest@example.com', inviteRedirectUrl: 'https://example.com' });
  const token = [
    `TOKEN=$(${curl}`,
    '-d grant_type=client_credentials',
    `-d ${shellQuote(`client_id=${boot.app.appId}`)}`,
    `-d ${shellQuote(`client_secret=${boot.secret.secretText}`)}`,
    '-d scope=https://graph.microsoft.com/.default',
    shellQuote(`${base}/${boot.tenant.id}/oauth2/v2.0/token`),
    `| node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
  ].join(' ');
  const invite = [
    curl,
    '-H "Authorization: Bearer $TOKEN"',
    "-H 'Content-Type: application/json'",
    `-d ${shellQuote(body)}`,
    shellQuote(`${base}/v1.0/invitations`),
  ].join(' ');
  return [
    '',
    'First start: created the default tenant and an app to call the API with.',
    'The client secret is shown only now; Portico keeps only its hash.',
    '',
    `  tenant id       ${boot.tenant.id}`,
    `  initial domain  ${boot.tenant.initialDomain}`,
    `  client id       ${boot.app.appId}`,
    `  client secret   ${boot.secret.secretText}`,
    `  permissions     ${boot.app.permissions.join(', ')}`,
    '',
    'Try it once the server is listening:',
    '',
    `  ${token}`,
    `  ${invite}`,
    '',
  ];
}
