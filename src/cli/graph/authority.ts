/**
 * The identity authority that goes with a Graph endpoint: Microsoft's national clouds pair a
 * Graph host with a login host (Microsoft Graph national cloud deployments); any other host
 * (Portico serves both at one origin) is its own authority.
 */
const CLOUDS: Record<string, string> = {
  'graph.microsoft.com': 'https://login.microsoftonline.com',
  'graph.microsoft.us': 'https://login.microsoftonline.us',
  'dod-graph.microsoft.us': 'https://login.microsoftonline.us',
  'microsoftgraph.chinacloudapi.cn': 'https://login.chinacloudapi.cn',
};

export function authorityFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  return CLOUDS[url.hostname.toLowerCase()] ?? url.origin;
}

/** Client credentials ask for Graph's `.default` scope: every application permission granted. */
export const APP_SCOPE = 'https://graph.microsoft.com/.default';
/** What a person signing in needs for the cmdlets, and a refresh token (offline_access). */
export const USER_SCOPE = 'https://graph.microsoft.com/User.Invite.All https://graph.microsoft.com/User.ReadWrite.All offline_access';
