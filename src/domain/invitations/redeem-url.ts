/**
 * The link an invitee follows. Entra's has the shape `…/redeem?rd=<invitations url with tenant,
 * user (the invitation id) and ticket>` (graph-spec §5.3); Portico serves the page itself, so the
 * same parameters sit directly on its own `/redeem`.
 */
export function redeemUrl(publicUrl: string, tenantId: string, invitationId: string, ticket: string): string {
  const q = new URLSearchParams({ tenant: tenantId, user: invitationId, ticket, ver: '2.0' });
  return `${publicUrl}/redeem?${q.toString()}`;
}
