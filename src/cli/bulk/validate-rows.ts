import type { InviteRow } from './invite-rows.js';

/** A row ready to send as POST /invitations. */
export interface ValidRow {
  row: number;
  email: string;
  body: Record<string, unknown>;
}

export interface InvalidRow {
  row: number;
  email: string;
  error: string;
}

/**
 * Characters Graph refuses in the local part of `invitedUserEmailAddress` (invitation resource,
 * graph-spec §1.2); `.` and `-` may not begin or end it.
 */
const FORBIDDEN = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,\s]/;

function emailProblem(email: string): string | undefined {
  if (email === '') return 'the email address to invite is missing';
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (at <= 0 || local.includes('@') || !/^[^\s@]+\.[^\s@.]{2,}$/.test(domain) || /\.\./.test(domain)) return `'${email}' is not an email address`;
  if (FORBIDDEN.test(local)) return `'${email}': the part before @ contains a character Graph does not allow`;
  if (/^[.-]|[.-]$/.test(local)) return `'${email}': the part before @ may not begin or end with '.' or '-'`;
  return undefined;
}

function urlProblem(url: string): string | undefined {
  if (url === '') return 'the redirection url is missing';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the redirection url '${url}' is not an http(s) URL`;
  } catch {
    return `the redirection url '${url}' is not an absolute URL`;
  }
  return undefined;
}

/** Entra's template says "true or false"; empty means false, as for sendInvitationMessage. */
function sendValue(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  return undefined;
}

/**
 * Checks every row before anything is sent, so a bad file is reported whole: the address (Graph's
 * rules), the redirect URL, the send flag, and addresses repeated within the file. `defaults` fill
 * empty cells (e.g. --redirect).
 */
export function validateRows(rows: readonly InviteRow[], defaults: { redirectUrl?: string } = {}): { valid: ValidRow[]; invalid: InvalidRow[] } {
  const valid: ValidRow[] = [];
  const invalid: InvalidRow[] = [];
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const redirectUrl = r.redirectUrl || defaults.redirectUrl || '';
    const send = sendValue(r.sendEmail);
    const seen = firstRow.get(r.email.toLowerCase());
    const error = emailProblem(r.email)
      ?? urlProblem(redirectUrl)
      ?? (send === undefined ? `send invitation message must be true or false, not '${r.sendEmail}'` : undefined)
      ?? (seen !== undefined ? `the address is also on row ${seen}` : undefined);
    if (error) {
      invalid.push({ row: r.row, email: r.email, error });
      continue;
    }
    firstRow.set(r.email.toLowerCase(), r.row);
    const body: Record<string, unknown> = { invitedUserEmailAddress: r.email, inviteRedirectUrl: redirectUrl, sendInvitationMessage: send };
    if (r.displayName) body.invitedUserDisplayName = r.displayName;
    if (r.message) body.invitedUserMessageInfo = { customizedMessageBody: r.message };
    valid.push({ row: r.row, email: r.email, body });
  }
  return { valid, invalid };
}
