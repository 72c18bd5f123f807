import type { AppRegistration } from '../../domain/model.js';

/** An app registration as `--json` prints it (Graph's application resource names). */
export function appJson(app: AppRegistration) {
  return {
    appId: app.appId,
    id: app.id,
    tenantId: app.tenantId,
    displayName: app.displayName,
    permissions: app.permissions,
    createdDateTime: app.createdDateTime,
    redirectUris: app.redirectUris,
    isFallbackPublicClient: app.isPublicClient,
    delegatedPermissions: app.delegatedScopes,
  };
}

export const permissionList = (app: AppRegistration): string => app.permissions.join(', ') || '(none)';
