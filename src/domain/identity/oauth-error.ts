/**
 * Errors of the token endpoint, shaped like the Microsoft identity platform's: an OAuth2 `error`,
 * an AADSTS code and message, and the HTTP status Entra uses for it (graph-spec §4.1).
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly aadsts: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

export const oauthErrors = {
  tenantNotFound: (t: string) => new OAuthError('invalid_tenant', 90002,
    `Tenant '${t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
  missingParameter: (p: string) => new OAuthError('invalid_request', 900144,
    `The request body must contain the following parameter: '${p}'.`),
  unsupportedGrant: (g: string) => new OAuthError('unsupported_grant_type', 70003,
    `The app requested an unsupported grant type '${g}'.`),
  appNotFound: (appId: string, tenant: string) => new OAuthError('unauthorized_client', 700016,
    `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  missingCredential: () => new OAuthError('invalid_client', 7000216,
    "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.", 401),
  invalidSecret: (appId: string) => new OAuthError('invalid_client', 7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`, 401),
  expiredSecret: (appId: string) => new OAuthError('invalid_client', 7000222,
    `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app.`, 401),
  invalidScope: (scope: string) => new OAuthError('invalid_scope', 1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  unknownResource: (resource: string, tenant: string) => new OAuthError('invalid_resource', 500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  conflictingCredentials: () => new OAuthError('invalid_request', 90014,
    'The client credentials were sent both in the Authorization header and in the request body; send them once.'),
  invalidClientId: (id: string) => new OAuthError('invalid_request', 700038,
    `${id} is not a valid application identifier.`),
};
