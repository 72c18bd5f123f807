import { flag, str, type ParameterDef } from '../powershell/parameter.js';
import { additionalProperties, bodyParameter, buildBody } from './body-parameters.js';
import { none, one, type Cmdlet } from './cmdlet.js';

const s = (name: string, description: string): ParameterDef => ({ name, type: 'string', description });
const many = (name: string, description: string): ParameterDef => ({ name, type: 'string[]', description });

/** The writable user properties Graph PowerShell's New-/Update-MgUser expose and Portico stores. */
const userParams: ParameterDef[] = [
  { name: 'AccountEnabled', type: 'switch', description: 'whether the account can sign in (-AccountEnabled or -AccountEnabled:$false)' },
  s('DisplayName', 'display name'), s('MailNickname', 'mail alias'), s('UserPrincipalName', 'sign-in name, e.g. sam@contoso.com'),
  { name: 'PasswordProfile', type: 'hashtable', description: '@{Password="…"; ForceChangePasswordNextSignIn=$true}' },
  s('GivenName', 'first name'), s('Surname', 'last name'), s('JobTitle', 'job title'), s('Department', 'department'),
  s('CompanyName', 'company'), s('Mail', 'primary mail address'), s('MobilePhone', 'mobile phone'), s('OfficeLocation', 'office'),
  s('PreferredLanguage', 'ISO 639-1 language, e.g. en-US'), s('City', 'city'), s('Country', 'country'), s('EmployeeId', 'employee id'),
  s('UsageLocation', 'two-letter country code'), s('UserType', 'Member or Guest'),
  many('OtherMails', 'more mail addresses: a@x.com,b@y.com'), many('BusinessPhones', 'business phone numbers'), many('ImAddresses', 'instant-messaging addresses'),
];

const userId: ParameterDef = { name: 'UserId', type: 'string', description: 'the user\'s id or userPrincipalName' };
const columns = ['DisplayName', 'Id', 'Mail', 'UserPrincipalName'];

export const newMgUser: Cmdlet = {
  name: 'New-MgUser',
  version: 'v1.0',
  synopsis: 'create a user: POST /v1.0/users',
  params: [...userParams, additionalProperties, bodyParameter('user')],
  tableColumns: columns,
  examples: [
    `portico New-MgUser -DisplayName "Sam Lee" -MailNickname sam -UserPrincipalName sam@contoso.com -AccountEnabled -PasswordProfile '@{Password="Strong-Passw0rd!"; ForceChangePasswordNextSignIn=$true}'`,
  ],
  async run(client, bound, { headers }) {
    return one((await client.call('POST', '/users', { body: buildBody(bound, userParams), headers })).json);
  },
};

export const updateMgUser: Cmdlet = {
  name: 'Update-MgUser',
  version: 'v1.0',
  synopsis: 'change a user: PATCH /v1.0/users/{id}',
  params: [userId, ...userParams, additionalProperties, bodyParameter('user')],
  mandatory: ['UserId'],
  tableColumns: columns,
  examples: [`portico Update-MgUser -UserId sam@contoso.com -JobTitle "Engineer" -OtherMails sam@fabrikam.com`],
  async run(client, bound, { headers }) {
    await client.call('PATCH', `/users/${encodeURIComponent(str(bound, 'UserId') as string)}`, { body: buildBody(bound, userParams), headers });
    return none;
  },
};

export const removeMgUser: Cmdlet = {
  name: 'Remove-MgUser',
  version: 'v1.0',
  synopsis: 'delete a user: DELETE /v1.0/users/{id}',
  params: [userId, { name: 'PassThru', type: 'switch', description: 'print True when the user was deleted' }],
  mandatory: ['UserId'],
  tableColumns: columns,
  examples: [`portico Remove-MgUser -UserId 'sam_fabrikam.com#EXT#@contoso.onmicrosoft.com'`],
  async run(client, bound, { headers, io }) {
    await client.call('DELETE', `/users/${encodeURIComponent(str(bound, 'UserId') as string)}`, { headers });
    if (flag(bound, 'PassThru')) io.out('True');
    return none;
  },
};
