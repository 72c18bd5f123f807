/**
 * Microsoft Graph application permissions Portico understands, with their app role ids
 * (graph-spec §1.5). Tokens carry the values in `roles`.
 */
export const graphAppRoles: Record<string, string> = {
  'User.Invite.All': '09850681-111b-4a89-9bed-3f2cae46d706',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  // Roles and the authorization policy (issue 4); ids from Graph's permissions reference.
  'RoleManagement.Read.Directory': '483bed4a-2ad3-4361-a73b-c83ccdbdc53c',
  'RoleManagement.Read.All': 'c7fbd983-d9aa-4fa7-84b8-17382c103bc4',
  'RoleManagement.ReadWrite.Directory': '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'Policy.ReadWrite.Authorization': 'fb221be6-99f2-473f-bd32-01c6a0e9ca3b',
};

export const knownPermissions = Object.keys(graphAppRoles);

/** Normalizes permission names to Graph's spelling, refusing unknown ones. */
export function parsePermissions(names: string[]): { ok: string[]; unknown: string[] } {
  return normalizeNames(knownPermissions, names);
}

/** Names matched case-insensitively against `known` and spelled as there, each once; the rest unknown. */
export function normalizeNames(known: readonly string[], names: string[]): { ok: string[]; unknown: string[] } {
  const byLower = new Map(known.map((p) => [p.toLowerCase(), p]));
  const ok: string[] = [];
  const unknown: string[] = [];
  for (const raw of names.map((n) => n.trim()).filter(Boolean)) {
    const p = byLower.get(raw.toLowerCase());
    if (p) { if (!ok.includes(p)) ok.push(p); } else unknown.push(raw);
  }
  return { ok, unknown };
}
