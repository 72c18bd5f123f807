import type { Cmdlet } from './cmdlet.js';
import { getMgBetaUser, getMgUser } from './get-user-cmdlets.js';
import { newMgBetaInvitation, newMgInvitation } from './invitation-cmdlets.js';
import { newMgUser, removeMgUser, updateMgUser } from './write-user-cmdlets.js';

export const cmdlets: readonly Cmdlet[] = [newMgInvitation, newMgBetaInvitation, getMgUser, getMgBetaUser, newMgUser, updateMgUser, removeMgUser];

/** Cmdlet names are case-insensitive, as in PowerShell. */
export function findCmdlet(name: string | undefined): Cmdlet | undefined {
  const lower = name?.toLowerCase();
  return cmdlets.find((c) => c.name.toLowerCase() === lower);
}
