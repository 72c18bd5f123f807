import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { startGraphCli, type GraphCli } from '../../helpers/graph-cli.js';

interface InvitationJson {
  id: string; inviteRedeemUrl: string; invitedUserDisplayName: string | null; invitedUserEmailAddress: string; invitedUserType: string;
  sendInvitationMessage: boolean; resetRedemption: boolean; inviteRedirectUrl: string; status: string;
  invitedUserMessageInfo: { customizedMessageBody: string | null; messageLanguage: string | null; ccRecipients: { emailAddress: { address: string | null; name: string | null } }[] };
  invitedUser: { id: string; userPrincipalName: string };
  invitedUserSponsors: { id: string }[];
}
type UserJson = Record<string, unknown> & { id: string; displayName: string; userPrincipalName: string };

// The two commands from the Graph PowerShell reference, verbatim but for the pipe into Format-List.
const REFERENCE_INVITE = ['New-MgInvitation', '-InvitedUserDisplayName', 'John Doe', '-InvitedUserEmailAddress', 'John@contoso.com',
  '-InviteRedirectUrl', 'https://myapplications.microsoft.com', '-SendInvitationMessage:$true'];
const REFERENCE_PENDING = ['Get-MgBetaUser', '-Filter', "externalUserState eq 'PendingAcceptance'", '-FormatList', '-Property',
  'DisplayName,UserPrincipalName,externalUserState,externalUserStateChangeDateTime'];

describe('Graph PowerShell cmdlets against portico serve over HTTPS', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let g: GraphCli;
      let john: InvitationJson;
      const json = async <T>(args: string[]) => JSON.parse(await g.ok([...args, '--format', 'json'])) as T;
      before(async () => {
        db = await createDatabase(dialect);
        g = await startGraphCli(db);
      });
      after(async () => {
        await g?.close();
        await db?.drop();
      });

      it('runs the reference New-MgInvitation: a table by default, Format-List with -FormatList', async () => {
        const table = (await g.ok(REFERENCE_INVITE)).trimEnd().split('\n');
        assert.equal(table.length, 3, table.join('\n'));
        assert.match(table[0], /^Id +InviteRedeemUrl +InviteRedirectUrl +InvitedUserDisplayName InvitedUserEmailAddress InvitedUserType ResetRedemption SendInvitationMessage Status$/);
        assert.match(table[1], /^-- +-{15} +-{17} +-{22} -{23} -{15} -{15} -{21} -{6}$/);
        assert.match(table[2], / https:\/\/myapplications\.microsoft\.com +John Doe +John@contoso\.com +Guest +False +True +PendingAcceptance$/);

        const list = await g.ok([...REFERENCE_INVITE, '-FormatList']);
        john = await json<InvitationJson>(REFERENCE_INVITE);
        const id = /^Id +: (\S+)$/m.exec(list)?.[1] ?? '';
        const url = /^InviteRedeemUrl +: (\S+)$/m.exec(list)?.[1] ?? '';
        assert.equal(list, [
          `Id                      : ${id}`,
          `InviteRedeemUrl         : ${url}`,
          'InvitedUserDisplayName  : John Doe',
          'InvitedUserType         : Guest',
          'InvitedUserEmailAddress : John@contoso.com',
          'SendInvitationMessage   : True',
          'ResetRedemption         : False',
          'InviteRedirectUrl       : https://myapplications.microsoft.com',
          'Status                  : PendingAcceptance',
          'InvitedUserMessageInfo  : @{MessageLanguage=; CustomizedMessageBody=; CcRecipients={@{EmailAddress=@{Name=; Address=}}}}',
          `InvitedUser             : @{Id=${john.invitedUser.id}; UserPrincipalName=John_contoso.com#EXT#@portico.onmicrosoft.com}`,
          'InvitedUserSponsors     : {}',
          '',
        ].join('\n'));
        assert.ok(url.startsWith(`${g.origin}/redeem?`));
        assert.equal(john.sendInvitationMessage, true);
        // Each -SendInvitationMessage:$true run queued its invitation mail.
        const mails = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM outbox');
        assert.equal(Number(mails[0].n), 3);
      });

      it('runs the reference Get-MgBetaUser with the exact Format-List layout', async () => {
        await g.ok(['New-MgInvitation', '-InvitedUserEmailAddress', 'ada@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com', '-InvitedUserDisplayName', 'Ada Lovelace']);
        const users = await json<UserJson[]>(['Get-MgBetaUser', '-Filter', "externalUserState eq 'PendingAcceptance'", '-Sort', 'displayName', '-ConsistencyLevel', 'eventual', '-CountVariable', 'n']);
        assert.deepEqual(users.map((u) => u.displayName), ['Ada Lovelace', 'John Doe']);
        const out = await g.ok(REFERENCE_PENDING);
        const expected = users.map((u) => [
          `DisplayName                     : ${u.displayName}`,
          `UserPrincipalName               : ${u.userPrincipalName}`,
          'externalUserState               : PendingAcceptance',
          `externalUserStateChangeDateTime : ${String(u.externalUserStateChangeDateTime)}`,
        ].join('\n'));
        // Graph returns users in no promised order: compare the blocks as a set.
        const blocks = out.trimEnd().split('\n\n');
        assert.deepEqual([...blocks].sort(), [...expected].sort());
        assert.match(String(users[0].externalUserStateChangeDateTime), /^\d{4}-\d\d-\d\dT/);
      });

      it('New-MgInvitation sends every parameter: message info as a hashtable, sponsors, type, read-only echoes, additional properties', async () => {
        const r = await json<InvitationJson>(['New-MgInvitation',
          '-invitedUserEMAILaddress', 'sam@fabrikam.com', '-InviteRedir', 'https://myapps.microsoft.com', '-InvitedUserDisplayName', 'Sam',
          '-InvitedUserMessageInfo', `@{CustomizedMessageBody='Hello Sam, let''s collaborate!'; MessageLanguage="fr-FR"; CcRecipients=@(@{EmailAddress=@{Address="a@b.com"; Name='A B'}})}`,
          '-InvitedUserType', 'Guest', '-InvitedUserSponsors', `@(@{Id="${john.invitedUser.id}"})`, '-SendInvitationMessage:$false',
          '-Id', 'ignored', '-Status', 'Completed', '-InviteRedeemUrl', 'https://ignored.example', '-AdditionalProperties', '{"resetRedemption": false}']);
        assert.equal(r.invitedUserEmailAddress, 'sam@fabrikam.com');
        assert.equal(r.invitedUserDisplayName, 'Sam');
        assert.deepEqual(r.invitedUserMessageInfo, {
          messageLanguage: 'fr-FR', customizedMessageBody: "Hello Sam, let's collaborate!", ccRecipients: [{ emailAddress: { name: 'A B', address: 'a@b.com' } }],
        });
        assert.deepEqual(r.invitedUserSponsors, [{ id: john.invitedUser.id }]);
        assert.equal(r.sendInvitationMessage, false);
        assert.equal(r.status, 'PendingAcceptance');
        assert.notEqual(r.id, 'ignored');
        assert.ok(!r.inviteRedeemUrl.includes('ignored'));
      });

      it('New-MgInvitation resets a redemption with -ResetRedemption and -InvitedUser, and invites members', async () => {
        const reset = await json<InvitationJson>(['New-MgInvitation', '-InvitedUserEmailAddress', 'john@contoso.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com',
          '-ResetRedemption', '-InvitedUser', `@{Id='${john.invitedUser.id}'}`]);
        assert.equal(reset.resetRedemption, true);
        assert.equal(reset.invitedUser.id, john.invitedUser.id);
        const member = await json<InvitationJson>(['New-MgInvitation', '-InvitedUserEmailAddress', 'mia@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com', '-InvitedUserType', 'Member']);
        assert.equal(member.invitedUserType, 'Member');
      });

      it('New-MgInvitation and New-MgBetaInvitation take the whole body with -BodyParameter, as a hashtable or JSON', async () => {
        const fromTable = await json<InvitationJson>(['New-MgInvitation', '-BodyParameter',
          '@{InvitedUserEmailAddress="lee@fabrikam.com"; InviteRedirectUrl="https://myapps.microsoft.com"; InvitedUserMessageInfo=@{CustomizedMessageBody="Hi"}}']);
        assert.equal(fromTable.invitedUserEmailAddress, 'lee@fabrikam.com');
        assert.equal(fromTable.invitedUserMessageInfo.customizedMessageBody, 'Hi');
        const fromJson = await json<InvitationJson>(['new-mgbetainvitation', '-Body', '{"invitedUserEmailAddress":"kim@fabrikam.com","inviteRedirectUrl":"https://myapps.microsoft.com","sendInvitationMessage":true}']);
        assert.equal(fromJson.invitedUserEmailAddress, 'kim@fabrikam.com');
        assert.equal(fromJson.sendInvitationMessage, true);
        const mixed = await g.cli(['New-MgInvitation', '-BodyParameter', '@{}', '-InvitedUserEmailAddress', 'x@y.com']);
        assert.equal(mixed.code, 1);
        assert.match(mixed.stderr, /^error: Parameter set cannot be resolved using the specified named parameters: -BodyParameter cannot be combined with -InvitedUserEmailAddress\.$/m);
      });

      it('prints Graph\'s code and message and exits non-zero when Graph refuses', async () => {
        const r = await g.cli(['New-MgInvitation', '-InvitedUserEmailAddress', 'not-an-address', '-InviteRedirectUrl', 'https://myapps.microsoft.com']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: [A-Za-z_]+: .+$/m);
        assert.equal(r.stdout, '');
        assert.doesNotMatch(r.stderr, /^\s+at /m);
        const missing = await g.cli(['Get-MgUser', '-UserId', 'nobody@portico.onmicrosoft.com']);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /^error: Request_ResourceNotFound: .+/m);
        const malformed = await g.cli(['New-MgInvitation', '-InvitedUserMessageInfo', '@{CustomizedMessageBody="Hi"']);
        assert.equal(malformed.code, 1);
        assert.match(malformed.stderr, /^error: Cannot bind parameter 'InvitedUserMessageInfo': missing '}' to close the hashtable opened \(at column 1\)\.$/m);
        const untrusted = await g.cli(['Get-MgUser'], { NODE_EXTRA_CA_CERTS: '' });
        assert.equal(untrusted.code, 1);
        assert.match(untrusted.stderr, /^error: cannot reach https:\/\/localhost:\d+\/v1\.0\/users: \w+: the server's TLS certificate is not trusted; for a self-signed Portico set NODE_EXTRA_CA_CERTS to its certificate file$/m);
        const ambiguous = await g.cli(['New-MgInvitation', '-Invited', 'x']);
        assert.match(ambiguous.stderr, /the parameter name 'Invited' is ambiguous. Possible matches include: -InvitedUserEmailAddress/);
      });

      it('Get-MgUser: -UserId, -Property, -Filter, -Sort, -Top, -All and the output formats', async () => {
        const one = await json<UserJson>(['Get-MgUser', '-UserId', john.invitedUser.userPrincipalName, '-Property', 'id,displayName,mail']);
        assert.deepEqual(one, { id: john.invitedUser.id, displayName: 'John Doe', mail: 'John@contoso.com' });
        const table = await g.ok(['Get-MgUser', '-UserId', john.invitedUser.id]);
        assert.match(table, /^DisplayName Id +Mail +UserPrincipalName\n-{11} -- +-{4} +-{17}\nJohn Doe +\S+ John@contoso\.com John_contoso\.com#EXT#@portico\.onmicrosoft\.com\n$/);
        const sorted = await json<UserJson[]>(['Get-MgUser', '-Filter', "userType eq 'Guest'", '-Sort', 'displayName desc', '-Property', 'displayName', '-ConsistencyLevel', 'eventual', '-CountVariable', 'guests']);
        const names = sorted.map((u) => u.displayName);
        // Graph orders strings without regard to case.
        assert.deepEqual(names, [...names].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
        assert.equal(names.length, 5, `the guests invited so far (Mia is a Member): ${names.join()}`);
        const top = await json<UserJson[]>(['Get-MgUser', '-Top', '2', '-Sort', 'displayName']);
        assert.equal(top.length, 2);
        const all = await json<UserJson[]>(['Get-MgUser', '-All', '-PageSize', '2', '-Filter', "userType eq 'Guest'"]);
        assert.equal(all.length, 5, 'every page followed');
        assert.equal(new Set(all.map((u) => u.id)).size, all.length);
        const csv = await g.ok(['Get-MgUser', '-UserId', john.invitedUser.id, '--format', 'csv', '-Property', 'DisplayName,Mail,BusinessPhones']);
        assert.equal(csv, 'DisplayName,Mail,BusinessPhones\nJohn Doe,John@contoso.com,[]\n');
        const list = await g.ok(['Get-MgUser', '-UserId', john.invitedUser.id, '--format', 'list', '-Property', 'Mail,displayName']);
        assert.equal(list, 'Mail        : John@contoso.com\ndisplayName : John Doe\n');
      });

      it('Get-MgUser: -Search with -ConsistencyLevel eventual, -CountVariable prints the count', async () => {
        const r = await g.cli(['Get-MgUser', '-Search', '"displayName:john"', '-ConsistencyLevel', 'eventual', '-CountVariable', 'found', '--format', 'json']);
        assert.equal(r.code, 0, r.stderr);
        const users = JSON.parse(r.stdout) as UserJson[];
        assert.deepEqual(users.map((u) => u.displayName), ['John Doe']);
        assert.match(r.stderr, /^\$found = 1$/m);
        const refused = await g.cli(['Get-MgUser', '-Search', '"displayName:john"']);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^error: \w+: .*ConsistencyLevel/m);
      });

      it('New-MgUser, Update-MgUser and Remove-MgUser', async () => {
        const created = await json<UserJson>(['New-MgUser', '-DisplayName', 'Sam Lee', '-MailNickname', 'samlee', '-UserPrincipalName', 'samlee@portico.onmicrosoft.com',
          '-AccountEnabled', '-PasswordProfile', '@{Password="Strong-Passw0rd!"; ForceChangePasswordNextSignIn=$true}', '-GivenName', 'Sam', '-Surname', 'Lee',
          '-JobTitle', 'Analyst', '-Department', 'Finance', '-OtherMails', 'sam@home.example,sam@work.example', '-UsageLocation', 'NL']);
        assert.equal(created.displayName, 'Sam Lee');
        assert.equal(created.jobTitle, 'Analyst');
        const upn = 'samlee@portico.onmicrosoft.com';
        assert.equal(await g.ok(['Update-MgUser', '-UserId', upn, '-JobTitle', 'Engineer', '-AccountEnabled:$false', '-AdditionalProperties', '@{city="Utrecht"}']), '');
        const updated = await json<UserJson>(['Get-MgUser', '-UserId', upn, '-Property', 'jobTitle,accountEnabled,city,otherMails,department,usageLocation']);
        assert.deepEqual(updated, { jobTitle: 'Engineer', accountEnabled: false, city: 'Utrecht', otherMails: ['sam@home.example', 'sam@work.example'], department: 'Finance', usageLocation: 'NL' });
        await g.ok(['Update-MgUser', '-UserId', created.id, '-BodyParameter', '{"officeLocation":"B1"}']);
        assert.equal((await json<UserJson>(['Get-MgUser', '-UserId', created.id, '-Property', 'officeLocation'])).officeLocation, 'B1');
        const noId = await g.cli(['Update-MgUser', '-JobTitle', 'x']);
        assert.match(noId.stderr, /^error: Cannot process command because of one or more missing mandatory parameters: UserId\.$/m);
        assert.equal(await g.ok(['Remove-MgUser', '-UserId', upn, '-PassThru']), 'True\n');
        const gone = await g.cli(['Get-MgUser', '-UserId', upn]);
        assert.match(gone.stderr, /^error: Request_ResourceNotFound: /m);
      });

      it('the friendly aliases: portico invite and portico users --pending', async () => {
        const out = await g.ok(['invite', 'zoe@fabrikam.com', '--redirect', 'https://myapps.microsoft.com', '--name', 'Zoe', '--send', '--message', 'Welcome!', '--cc', 'boss@portico.example', '--member']);
        assert.match(out, /^Invited zoe@fabrikam\.com \(Member, PendingAcceptance\); the invitation mail is on its way$/m);
        assert.match(out, /^ {2}redeem URL {2}https?:\/\/\S+\/redeem\?/m);
        const zoe = await json<UserJson>(['Get-MgUser', '-Filter', "mail eq 'zoe@fabrikam.com'", '-Property', 'displayName,userType']);
        assert.deepEqual(zoe, [{ displayName: 'Zoe', userType: 'Member' }]);
        const pending = await g.ok(['users', '--pending', '--filter', "startsWith(displayName,'Zo')"]);
        assert.match(pending, /^DisplayName Mail +UserType ExternalUserState Id\n/);
        assert.match(pending, /^Zoe +zoe@fabrikam\.com Member +PendingAcceptance +\S+$/m);
        assert.equal(pending.trimEnd().split('\n').length, 3);
      });
    });
  }
});
