import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BindingError, bindParameters } from '../../src/cli/powershell/parameter-binder.js';
import type { ParameterDef } from '../../src/cli/powershell/parameter.js';

const params: ParameterDef[] = [
  { name: 'InvitedUserEmailAddress', type: 'string', description: '' },
  { name: 'InvitedUserDisplayName', type: 'string', description: '' },
  { name: 'InvitedUserMessageInfo', type: 'hashtable', description: '' },
  { name: 'InvitedUserSponsors', type: 'hashtable[]', description: '' },
  { name: 'SendInvitationMessage', type: 'switch', description: '' },
  { name: 'Property', type: 'string[]', aliases: ['Select'], description: '' },
  { name: 'Top', type: 'int', description: '' },
  { name: 'Format', type: 'string', values: ['table', 'list'], description: '' },
  { name: 'FormatList', type: 'switch', description: '' },
];

const bind = (...args: string[]) => Object.fromEntries(bindParameters(args, params));

describe('PowerShell parameter binding', () => {
  const cases: [string, string[], Record<string, unknown>][] = [
    ['-Name value', ['-InvitedUserEmailAddress', 'a@b.com'], { InvitedUserEmailAddress: 'a@b.com' }],
    ['names ignore case', ['-invitedUSEREMAILaddress', 'a@b.com'], { InvitedUserEmailAddress: 'a@b.com' }],
    ['a unique prefix', ['-InvitedUserE', 'a@b.com', '-Send'], { InvitedUserEmailAddress: 'a@b.com', SendInvitationMessage: true }],
    ['-Name:value', ['-Top:5'], { Top: 5 }],
    ['a switch alone', ['-SendInvitationMessage'], { SendInvitationMessage: true }],
    ['-Switch:$true', ['-SendInvitationMessage:$true'], { SendInvitationMessage: true }],
    ['-Switch:$false', ['-SendInvitationMessage:$False'], { SendInvitationMessage: false }],
    ['-Switch:false', ['-SendInvitationMessage:false'], { SendInvitationMessage: false }],
    ['--gnu-style', ['--top', '3', '--format', 'LIST'], { Top: 3, Format: 'list' }],
    ['an exact name beats a longer one it prefixes', ['-Format', 'table'], { Format: 'table' }],
    ['an alias', ['-Select', 'a,b'], { Property: ['a', 'b'] }],
    ['a value that begins with -', ['-InvitedUserDisplayName', '-dash-'], { InvitedUserDisplayName: '-dash-' }],
    ['a string array', ['-Property', 'DisplayName, Mail ,Id'], { Property: ['DisplayName', 'Mail', 'Id'] }],
    ['a string array as @( )', ['-Property', "@('DisplayName', 'Mail')"], { Property: ['DisplayName', 'Mail'] }],
    ['a hashtable', ['-InvitedUserMessageInfo', '@{CustomizedMessageBody="Hi"}'], { InvitedUserMessageInfo: { CustomizedMessageBody: 'Hi' } }],
    ['a hashtable as JSON', ['-InvitedUserMessageInfo', '{"customizedMessageBody":"Hi"}'], { InvitedUserMessageInfo: { customizedMessageBody: 'Hi' } }],
    ['one hashtable for a hashtable array', ['-InvitedUserSponsors', '@{Id="x"}'], { InvitedUserSponsors: [{ Id: 'x' }] }],
    ['a hashtable array', ['-InvitedUserSponsors', '@(@{Id="x"}, @{Id="y"})'], { InvitedUserSponsors: [{ Id: 'x' }, { Id: 'y' }] }],
  ];
  for (const [name, args, expected] of cases) {
    it(`binds ${name}`, () => assert.deepEqual(bind(...args), expected));
  }

  const errors: [string, string[], RegExp][] = [
    ['an ambiguous prefix', ['-InvitedUser', 'x'], /the parameter name 'InvitedUser' is ambiguous. Possible matches include: -InvitedUserEmailAddress -InvitedUserDisplayName -InvitedUserMessageInfo -InvitedUserSponsors\./],
    ['an unknown name', ['-Nope', 'x'], /A parameter cannot be found that matches parameter name 'Nope'\./],
    ['a positional argument', ['x'], /A positional parameter cannot be found that accepts argument 'x'\./],
    ['a missing value', ['-Top'], /Missing an argument for parameter 'Top'. Specify a parameter of type 'System.Int32'/],
    ['a repeated parameter', ['-Top', '1', '-top', '2'], /parameter 'Top' is specified more than once/],
    ['a number that is not one', ['-Top', 'ten'], /Cannot convert value "ten" to type "System.Int32"/],
    ['a value outside the set', ['-Format', 'xml'], /The argument "xml" does not belong to the set "table,list"/],
    ['a switch value that is not a boolean', ['-SendInvitationMessage:yes'], /Cannot convert 'yes'.*Use \$true or \$false/],
    ['$true eaten by the shell', ['-SendInvitationMessage:'], /Your shell may have expanded \$true or \$false: quote the argument/],
    ['a malformed hashtable', ['-InvitedUserMessageInfo', '@{a=1'], /Cannot bind parameter 'InvitedUserMessageInfo': missing '}' to close the hashtable opened \(at column 1\)/],
    ['an array where a hashtable belongs', ['-InvitedUserMessageInfo', '@(1)'], /expected a hashtable such as @\{Name="value"\}/],
    ['numbers where hashtables belong', ['-InvitedUserSponsors', '@(1, 2)'], /expected hashtables such as @\(@\{Id="…"\}\)/],
  ];
  for (const [name, args, message] of errors) {
    it(`refuses ${name}`, () => {
      assert.throws(() => bind(...args), (err: unknown) => err instanceof BindingError && message.test(err.message));
    });
  }
});
