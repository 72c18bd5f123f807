import { type Command, InvalidArgumentError } from 'commander';
import { examples } from '../admin-options.js';
import { runBulkInvite } from '../bulk/run-bulk-invite.js';
import { connect } from '../graph/connect.js';
import { printResult, type Io } from '../io.js';

interface InviteOptions {
  redirect?: string;
  name?: string;
  send?: boolean;
  message?: string;
  cc?: string;
  member?: boolean;
  csv?: string;
  results?: string;
  concurrency: number;
  dryRun?: boolean;
  profile?: string;
  json?: boolean;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number from 1 to 256');
  return n;
};

/**
 * `portico invite`: New-MgInvitation for people who do not think in cmdlets, one address at a
 * time or a whole CSV (Entra's bulk-invite template or a plain CSV with its columns).
 */
export function addInvite(program: Command, io: Io): void {
  const command = program.command('invite')
    .description('invite a guest (POST /v1.0/invitations), or many from a CSV with --csv')
    .argument('[email]', 'the address to invite')
    .option('--redirect <url>', 'where the guest lands after redeeming (with --csv: for rows that give none)')
    .option('--name <displayName>', 'the guest\'s display name')
    .option('--send', 'mail the invitation')
    .option('--message <text>', 'a personal message in the mail')
    .option('--cc <address>', 'copy the invitation mail to this address')
    .option('--member', 'invite as a Member instead of a Guest')
    .option('--csv <file>', 'invite every row of a CSV: Entra\'s bulk-invite template or a plain CSV with inviteeEmail, inviteRedirectURL, sendEmail, customizedMessageBody columns')
    .option('--results <file>', 'with --csv: the results CSV, also used to resume (default: <file>.results.csv)')
    .option('--concurrency <n>', 'with --csv: invitations in flight at once', positiveInt, 16)
    .option('--dry-run', 'with --csv: check every row and list the bad ones, invite no one')
    .option('--profile <name>', 'the signed-in profile to use')
    .option('--json', 'print the invitation as JSON');
  command.addHelpText('after', examples(
    'portico invite sam@fabrikam.com --redirect https://myapps.microsoft.com --name "Sam Lee" --send --message "Welcome!"',
    'portico invite --csv guests.csv --dry-run',
    'portico invite --csv guests.csv --concurrency 32',
  ));
  command.action(async (email: string | undefined, options: InviteOptions) => {
    if (options.csv) {
      if (email) throw new Error('give either an address or --csv FILE, not both');
      await bulk(options, io);
      return;
    }
    if (!email) throw new Error('give the address to invite, or --csv FILE');
    if (!options.redirect) throw new Error('give --redirect URL: where the guest lands after redeeming');
    const body: Record<string, unknown> = { invitedUserEmailAddress: email, inviteRedirectUrl: options.redirect, sendInvitationMessage: options.send === true };
    if (options.name) body.invitedUserDisplayName = options.name;
    if (options.member) body.invitedUserType = 'Member';
    if (options.message || options.cc) {
      body.invitedUserMessageInfo = {
        ...(options.message ? { customizedMessageBody: options.message } : {}),
        ...(options.cc ? { ccRecipients: [{ emailAddress: { address: options.cc } }] } : {}),
      };
    }
    const invitation = (await connect(options.profile, 'v1.0').call('POST', '/invitations', { body })).json as {
      invitedUserEmailAddress: string; invitedUserType: string; status: string; inviteRedeemUrl: string; invitedUser: { id: string; userPrincipalName?: string };
    };
    printResult(io, options.json, invitation, () => [
      `Invited ${invitation.invitedUserEmailAddress} (${invitation.invitedUserType}, ${invitation.status})${options.send ? '; the invitation mail is on its way' : ''}`,
      `  user id     ${invitation.invitedUser.id}`,
      ...(invitation.invitedUser.userPrincipalName ? [`  user name   ${invitation.invitedUser.userPrincipalName}`] : []),
      `  redeem URL  ${invitation.inviteRedeemUrl}`,
    ]);
  });
}

async function bulk(options: InviteOptions, io: Io): Promise<void> {
  const file = options.csv as string;
  const results = options.results ?? file.replace(/(\.csv)?$/i, '.results.csv');
  const s = await runBulkInvite({
    file, results, redirect: options.redirect, concurrency: options.concurrency, dryRun: options.dryRun === true, profile: options.profile,
    tty: process.stderr.isTTY === true, writeProgress: (t) => void process.stderr.write(t),
  }, io);
  if (options.dryRun) {
    io.out(`${s.rows} rows: ${s.rows - s.invalid} valid, ${s.invalid} invalid; nothing was sent (--dry-run)`);
    if (s.invalid > 0) throw new Error(`${s.invalid} row(s) would not be invited`);
    return;
  }
  const rate = s.seconds > 0 ? Math.round(s.invited / s.seconds) : 0;
  io.out(`${s.rows} rows: ${s.invited} invited, ${s.skipped} skipped (invited by an earlier run), ${s.failed} failed, ${s.invalid} invalid; ${s.seconds.toFixed(1)} s, ${rate}/s. Results: ${results}`);
  if (s.failed + s.invalid > 0) throw new Error(`${s.failed + s.invalid} row(s) were not invited; see ${results}`);
}
