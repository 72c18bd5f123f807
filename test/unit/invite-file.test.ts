import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readInviteFile } from '../../src/cli/bulk/invite-rows.js';
import { validateRows } from '../../src/cli/bulk/validate-rows.js';

const TEMPLATE = '\uFEFFversion:v1.0\r\n'
  + 'Email address to invite [inviteeEmail] Required,Redirection url [inviteRedirectURL] Required,Send invitation message (true or false) [sendEmail],Customized invitation message [customizedMessageBody]\r\n'
  + 'Example:    test@example.com,https://myapps.microsoft.com,true,Hello\r\n'
  + 'sam@fabrikam.com,https://myapps.microsoft.com,TRUE,"Hi Sam, welcome"\r\n'
  + ',,,\r\n'
  + 'lee@fabrikam.com,https://myapps.microsoft.com,,\r\n';

describe('bulk-invite files', () => {
  it('reads Entra\'s template: BOM, version line, bracketed properties, the Example row and blank rows skipped', () => {
    const f = readInviteFile(TEMPLATE);
    assert.equal(f.format, 'entra');
    assert.deepEqual(f.rows.map((r) => [r.row, r.email, r.sendEmail, r.message]), [[4, 'sam@fabrikam.com', 'TRUE', 'Hi Sam, welcome'], [6, 'lee@fabrikam.com', '', '']]);
    const { valid, invalid } = validateRows(f.rows);
    assert.deepEqual(invalid, []);
    assert.deepEqual(valid[0].body, {
      invitedUserEmailAddress: 'sam@fabrikam.com', inviteRedirectUrl: 'https://myapps.microsoft.com', sendInvitationMessage: true,
      invitedUserMessageInfo: { customizedMessageBody: 'Hi Sam, welcome' },
    });
    assert.equal(valid[1].body.sendInvitationMessage, false);
  });

  it('reads a plain CSV by property or Graph names, in any case, and names the columns it ignores', () => {
    const f = readInviteFile('InvitedUserEmailAddress,INVITEREDIRECTURL,displayName,notes\nkim@fabrikam.com,https://a.example,Kim,x\n');
    assert.equal(f.format, 'plain');
    assert.deepEqual(f.ignoredColumns, ['notes']);
    assert.deepEqual(validateRows(f.rows).valid[0].body, { invitedUserEmailAddress: 'kim@fabrikam.com', inviteRedirectUrl: 'https://a.example', sendInvitationMessage: false, invitedUserDisplayName: 'Kim' });
  });

  it('refuses a file without the required columns, naming them as the template does', () => {
    assert.throws(() => readInviteFile('email\na@b.com\n'), /the file has no 'Redirection url \[inviteRedirectURL\]' column \(headings: email\)/);
    assert.doesNotThrow(() => readInviteFile('email\na@b.com\n', { redirectDefault: true }));
    assert.throws(() => readInviteFile('name,url\n'), /no 'Email address to invite \[inviteeEmail\]' column/);
    assert.throws(() => readInviteFile(''), /no column headings/);
  });
});
