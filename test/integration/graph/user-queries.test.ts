import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { everyoneBut, found, foundAq, refused, runCase, type QueryCase } from '../../helpers/query-cases.js';
import { ALL_KEYS, seedDirectory, type SeededDirectory } from '../../helpers/query-directory.js';

/**
 * Graph's `$filter` on users, case by case, through HTTP on every dialect: the exact users found
 * (by seed key, see helpers/query-directory.ts) or Graph's exact error. A second tenant holds the
 * same directory; any of its users in an answer fails the case.
 */

const UNSUPPORTED = 'Request_UnsupportedQuery';
const BAD = 'Request_BadRequest';
const clause = (p: string) => `Unsupported or invalid query filter clause specified for property '${p}' of resource 'User'.`;
const needsAq = (op: string) =>
  `Operator '${op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information`;
const GUESTS = ['pat', 'grace', 'newbie', 'second'];
const MEMBERS = everyoneBut(...GUESTS);
const INVITED = ['pat', 'grace', 'xavier', 'newbie', 'second'];

/** The reference documentation's existence query, verbatim, with {0} filled in. */
const existence = (address: string) =>
  `userPrincipalName eq '${address}' or mail eq '${address}' or proxyAddresses/any(x:x eq 'SMTP:${address}') or signInNames/any(x:x eq '${address}') or otherMails/any(x:x eq '${address}')`;

const defaultFilters: QueryCase[] = [
  found("displayName eq 'Adele Vance'", ['adele']),
  found("displayName eq 'adele vance'", ['adele']),
  found("DISPLAYNAME eq 'ADELE VANCE'", ['adele']),
  found("'Adele Vance' eq displayName", ['adele']),
  found("displayName eq 'Adele'", []),
  found("userPrincipalName eq 'adelev@queries.example'", ['adele']),
  found("userPrincipalName eq 'pat_partner.example#EXT#@{initial}'", ['pat']),
  found("mail eq 'ADELEV@QUERIES.EXAMPLE'", ['adele']),
  found("mail eq 'nobody@nowhere.example'", []),
  found("givenName eq 'Megan'", ['megan']),
  found("givenName eq 'sinéad'", ['sinead']),
  found("surname eq 'O''Neil'", ['sinead']),
  found("jobTitle eq 'Director'", ['lee']),
  found("department eq 'Marketing'", ['alex', 'megan']),
  found("department eq 'R&D'", ['sinead']),
  found("city eq 'Seattle'", ['adele', 'christie']),
  found("country eq 'united states'", ['adele', 'alex', 'megan', 'christie']),
  found("usageLocation eq 'US'", ['adele', 'alex', 'megan', 'christie']),
  found("employeeId eq 'E100'", ['adele']),
  found("mailNickname eq 'MeganB'", ['megan']),
  found("userType eq 'Guest'", GUESTS),
  found("userType eq 'member'", MEMBERS),
  found("externalUserState eq 'PendingAcceptance'", ['pat', 'newbie', 'second']),
  found("externalUserState eq 'Accepted'", ['grace', 'xavier']),
  found("creationType eq 'Invitation'", INVITED),
  found('accountEnabled eq false', ['alex']),
  found('accountEnabled eq true', everyoneBut('alex')),
  found("id eq '{id:adele}'", ['adele']),
  found("id eq '00000000-0000-0000-0000-000000000000'", []),
  found("id in ('{id:adele}','{id:lee}')", ['adele', 'lee']),
  found('createdDateTime ge 2023-01-01T00:00:00Z', ['picard', 'sinead', 'camel', 'nameless', 'pat', 'grace', 'xavier', 'newbie', 'second']),
  found('createdDateTime le 2021-01-10T08:00:00Z', ['christie', 'adele']),
  found('createdDateTime eq 2021-01-10T08:00:00Z', ['adele']),
  found('createdDateTime eq 2021-01-10T08:00:00.250Z', []),
  found('createdDateTime ge 2022-01-01T00:00:00Z and createdDateTime le 2022-12-31T23:59:59Z', ['megan', 'lee']),
  found('createdDateTime le 2020-12-31', ['christie']),
  found('createdDateTime ge 2021-01-10T09:00:00+01:00 and createdDateTime le 2021-01-10T09:00:00+01:00', ['adele']),
  found('externalUserStateChangeDateTime ge 2024-02-01T00:00:00Z', ['grace', 'xavier', 'newbie', 'second']),
  found('externalUserStateChangeDateTime eq 2024-01-15T10:00:00Z', ['pat']),
  found("department in ('Retail','Sales')", ['adele', 'christie']),
  found("userType in ('Guest')", GUESTS),
  found("mail in ('adelev@queries.example','GRACE@fabrikam.example')", ['adele', 'grace']),
  found('accountEnabled in (false)', ['alex']),
  found("startswith(displayName,'a')", ['adele', 'alex']),
  found("startsWith(displayName,'AL')", ['alex']),
  found("startswith(displayName,'')", everyoneBut('nameless')),
  found("startswith(displayName,'zzz')", []),
  found("startswith(givenName,'Je')", ['picard']),
  found("startswith(userPrincipalName,'pat_')", ['pat']),
  found("startswith(mail,'grace')", ['grace']),
  found("startswith(surname,'O''')", ['sinead']),
  found("startswith(jobTitle,'Marketing')", ['alex', 'megan']),
  found("startswith(department,'Ma')", ['alex', 'megan', 'lee']),
  found("startswith(city,'san')", ['alex']),
  found("startswith(country,'United')", ['adele', 'alex', 'megan', 'christie', 'lee']),
  found("startswith(mailNickname,'Adele')", ['adele']),
  found("startswith(employeeId,'E1')", ['adele', 'alex']),
  found("startswith(usageLocation,'G')", ['lee']),
  found("startswith(displayName,'Dr. J')", ['picard']),
  found("startswith(displayName,'%')", []),
  found("startswith(displayName,'_')", []),
];

const collectionFilters: QueryCase[] = [
  found("otherMails/any(x:x eq 'adele@home.example')", ['adele']),
  found("otherMails/any(x:x eq 'ADELE@HOME.EXAMPLE')", ['adele']),
  found("otherMails/any(x:'adele@home.example' eq x)", ['adele']),
  found("otherMails/any(x:startswith(x,'megan'))", ['megan']),
  found("otherMails/any(x:x eq 'nobody@home.example' or x eq 'megan@home.example')", ['megan']),
  found("otherMails/any(x:x in ('megan@home.example','grace.g@gmail.example'))", ['megan', 'grace']),
  found("proxyAddresses/any(x:x eq 'SMTP:grace@fabrikam.example')", ['grace']),
  found("proxyAddresses/any(x:x eq 'smtp:adele@queries.example')", ['adele']),
  found("proxyAddresses/any(p:startswith(p,'smtp:grace'))", ['grace']),
  found("imAddresses/any(i:i eq 'sip:leeg@queries.example')", ['lee']),
  found("identities/any(c:c/issuer eq 'ExternalAzureAD')", ['xavier']),
  found("identities/any(c:c/issuer eq 'externalazuread')", ['xavier']),
  found("identities/any(c:c/issuerAssignedId eq 'grace@fabrikam.example' and c/issuer eq 'mail')", ['grace']),
  found("identities/any(c:c/issuerAssignedId eq 'grace@fabrikam.example' and c/issuer eq 'ExternalAzureAD')", []),
  found("identities/any(c:c/signInType eq 'federated')", ['xavier']),
  found("identities/any(c:c/issuer eq '{initial}')", INVITED),
  found("identities/any(id:id/ISSUERASSIGNEDID eq 'xav-legacy')", ['xavier']),
  found("signInNames/any(x:x eq 'grace@fabrikam.example')", ['grace']),
  found("signInNames/any(x:x eq 'xav-legacy')", ['xavier']),
  found("signInNames/any(x:x eq 'xavier@tailspin.example')", []),
  found("signInNames/any(x:x eq 'AdeleV@queries.example')", ['adele']),
  found("userType eq 'Guest' and externalUserState eq 'Accepted'", ['grace']),
  found("(department eq 'Marketing' or department eq 'Retail') and accountEnabled eq true", ['adele', 'megan']),
  found("userType eq 'Guest' or otherMails/any(x:x eq 'megan@home.example')", [...GUESTS, 'megan']),
  found("department eq 'Marketing' and otherMails/any(x:x eq 'megan@home.example')", ['megan']),
  found("startswith(displayName,'A') or startswith(displayName,'M')", ['adele', 'alex', 'megan']),
  found("city eq 'Seattle' and (jobTitle eq 'Buyer' or jobTitle eq 'Retail Manager')", ['christie', 'adele']),
  found("externalUserState eq 'PendingAcceptance' and creationType eq 'Invitation'", ['pat', 'newbie', 'second']),
  found("userType eq 'Guest' AND externalUserState eq 'Accepted'", ['grace']),
  found("displayName eq 'Lee Gu' OR displayName eq 'Megan Bowen'", ['lee', 'megan']),
  found("(((displayName eq 'Lee Gu')))", ['lee']),
];

const existenceQueries: QueryCase[] = [
  ...['v1.0', 'beta'].flatMap((v) => [
    found(existence('grace@fabrikam.example'), ['grace'], v),
    found(existence('AdeleV@queries.example'), ['adele'], v),
    found(existence('adele@home.example'), ['adele'], v),
    found(existence('nobody@nowhere.example'), [], v),
  ]),
  found(existence('xav-legacy'), ['xavier']),
  found(existence('newbie@outside.example'), ['newbie']),
  found(existence('Pat@Partner.Example'), ['pat']),
];

const advancedFilters: QueryCase[] = [
  foundAq('displayName eq null', ['nameless']),
  foundAq('mail eq null', ['camel', 'nameless']),
  foundAq('givenName eq null', ['camel', 'nameless', 'pat', 'grace', 'xavier', 'newbie', 'second']),
  foundAq('userType eq null', []),
  foundAq('companyName ne null', ['adele', 'megan', 'lee', 'pat']),
  // aad-advanced-queries' own example, verbatim.
  foundAq("companyName ne null and NOT(companyName eq 'Microsoft')", ['adele', 'megan', 'lee', 'pat']),
  foundAq("companyName ne null and NOT(companyName eq 'Contoso')", ['lee', 'pat']),
  foundAq('accountEnabled ne true', ['alex']),
  foundAq("department ne 'Marketing'", everyoneBut('alex', 'megan')),
  foundAq("not(department eq 'Marketing')", everyoneBut('alex', 'megan')),
  foundAq("NOT startsWith(displayName, 'A')", everyoneBut('adele', 'alex')),
  foundAq("not(startswith(displayName,'A') or startswith(displayName,'M'))", everyoneBut('adele', 'alex', 'megan')),
  foundAq("not(userType eq 'Guest' and externalUserState eq 'PendingAcceptance')", everyoneBut('pat', 'newbie', 'second')),
  foundAq("department ne 'Marketing' and department ne 'Retail' and startswith(country,'United')", ['christie', 'lee']),
  foundAq("endsWith(mail,'@outside.example')", ['newbie', 'second']),
  foundAq("endswith(userPrincipalName,'#EXT#@{initial}')", ['pat', 'grace', 'xavier', 'newbie', 'second']),
  foundAq("otherMails/any(x:endswith(x,'@home.example'))", ['adele', 'megan']),
  foundAq("proxyAddresses/any (p:endsWith(p, 'partner.example'))", ['pat']),
  foundAq("otherMails/any(x:endswith(x,'%sign_x@odd.example'))", ['christie']),
  foundAq('otherMails/$count eq 0', ['alex', 'picard', 'sinead', 'camel', 'nameless']),
  foundAq('otherMails/$count ne 0', ['adele', 'megan', 'lee', 'christie', 'pat', 'grace', 'xavier', 'newbie', 'second']),
  foundAq('proxyAddresses/$count eq 0', ['lee', 'christie', 'picard', 'sinead', 'camel', 'nameless']),
  foundAq('otherMails/$count eq 2', ['adele', 'grace']),
  foundAq('otherMails/$count ne 1', ['adele', 'grace', 'alex', 'picard', 'sinead', 'camel', 'nameless']),
  foundAq('identities/$count eq 3', ['xavier']),
  foundAq("not(otherMails/any(x:x eq 'megan@home.example'))", everyoneBut('megan')),
  foundAq("otherMails/any(x:x ne 'adele@home.example')", ['adele', 'megan', 'lee', 'christie', 'pat', 'grace', 'xavier', 'newbie', 'second']),
  foundAq("businessPhones/any(p:p eq '+1 858 555 0110')", ['alex']),
  foundAq("companyName eq 'Contoso'", ['adele', 'megan']),
  foundAq("companyName in ('Fabrikam','Partner Inc')", ['lee', 'pat']),
  // aad-advanced-queries' mobilePhone example, with this directory's numbers.
  foundAq("startsWith(mobilePhone, '+1 425') OR startsWith(mobilePhone, '+1 412')", ['adele', 'megan']),
  foundAq("officeLocation eq '18/2111'", ['adele']),
  foundAq("preferredLanguage eq 'fr-FR'", ['megan']),
  foundAq("department ge 'S'", ['christie']),
  foundAq("surname le 'C'", ['megan']),
  foundAq("displayName gt 'x'", ['xavier']),
  foundAq('createdDateTime eq null', []),
  foundAq('createdDateTime gt 2024-03-01T00:00:00Z and createdDateTime lt 2030-01-01T00:00:00Z', ['newbie', 'second']),
  foundAq("identities/any(c:c/issuer eq 'mail')", ['grace']),
  foundAq(`department in (${Array.from({ length: 16 }, (_, i) => `'d${i}'`).join(',')},'IT')`, ['camel']),
  foundAq(`displayName eq '${'x'.repeat(121)}'`, []),
  foundAq("accountEnabled eq true and not(userType eq 'Member')", GUESTS),
];

const refusals: QueryCase[] = [
  refused("displayName eq 'abc", 400, BAD, "Invalid filter clause: There is an unterminated string literal at position 19 in 'displayName eq 'abc'."),
  refused("displayName eq 'a' and", 400, BAD, "Invalid filter clause: Expression expected at position 22 in 'displayName eq 'a' and'."),
  refused("displayName == 'a'", 400, BAD, /^Invalid filter clause: Syntax error: character '=' is not valid at position 12/),
  refused("favouriteColour eq 'blue'", 400, UNSUPPORTED, clause('favouriteColour')),
  refused("passwordHash eq 'x'", 400, UNSUPPORTED, clause('passwordHash')),
  refused("invitedAddressKey eq 'x'", 400, UNSUPPORTED, clause('invitedAddressKey')),
  refused("onPremisesExtensionAttributes/extensionAttribute1 eq 'x'", 400, UNSUPPORTED, clause('onPremisesExtensionAttributes/extensionAttribute1')),
  refused("contains(displayName,'a')", 400, UNSUPPORTED, "Unsupported property filter clause operator 'Contains'."),
  refused('displayName eq 1', 400, BAD,
    "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'."),
  refused("accountEnabled eq 'true'", 400, BAD, /Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'/),
  refused("createdDateTime ge '2021'", 400, BAD, /Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'/),
  refused('createdDateTime ge true', 400, BAD, /incompatible types/),
  refused("startswith(accountEnabled,'t')", 400, BAD, /No function signature for the function with name 'startswith'/),
  refused('startswith(displayName,1)', 400, BAD, /No function signature/),
  refused("otherMails/all(x:x eq 'a')", 400, UNSUPPORTED, clause('otherMails')),
  refused("otherMails eq 'a'", 400, UNSUPPORTED, clause('otherMails')),
  refused("otherMails/any(x:mail eq 'a')", 400, UNSUPPORTED, clause('mail')),
  refused("otherMails/any(x:x/foo eq 'a')", 400, UNSUPPORTED, clause('otherMails/foo')),
  refused("otherMails/any(x:otherMails/any(y:y eq 'a'))", 400, UNSUPPORTED, clause('otherMails')),
  refused("displayName/any(x:x eq 'a')", 400, UNSUPPORTED, clause('displayName')),
  refused("identities/any(c:c/issuer ne 'x')", 400, UNSUPPORTED, needsAq('ne')),
  refused("identities/any(c:startswith(c/issuer,'x'))", 400, UNSUPPORTED, clause('identities')),
  refused("identities/any(c:c/foo eq 'x')", 400, UNSUPPORTED, clause('identities/foo')),
  refused("signInNames/any(x:startswith(x,'a'))", 400, UNSUPPORTED, clause('signInNames')),
  refused("externalUserState eq null", 400, UNSUPPORTED, clause('externalUserState'), true),
  refused('accountEnabled ge true', 400, UNSUPPORTED, clause('accountEnabled'), true),
  refused("id ge '0'", 400, UNSUPPORTED, clause('id'), true),
  refused("displayName gt 'a'", 400, UNSUPPORTED, clause('displayName')),
  refused("department ge 'S'", 400, UNSUPPORTED, clause('department')),
  refused('displayName eq null', 400, UNSUPPORTED, clause('displayName')),
  refused('accountEnabled ne true', 400, UNSUPPORTED, needsAq('ne')),
  refused("not(department eq 'Marketing')", 400, UNSUPPORTED, needsAq('not')),
  refused("NOT startsWith(displayName, 'Conf')", 400, UNSUPPORTED, needsAq('not')),
  refused("endsWith(mail,'@outlook.com')", 400, UNSUPPORTED, needsAq('endsWith')),
  refused("endswith(displayName,'a')", 400, UNSUPPORTED, clause('displayName'), true),
  refused('otherMails/$count eq 0', 400, UNSUPPORTED, needsAq('$count')),
  refused('otherMails/$count gt 0', 400, UNSUPPORTED, clause('otherMails'), true),
  refused("otherMails/$count eq 'x'", 400, BAD, /must be a non-negative whole number/, true),
  refused("signInNames/$count eq 0", 400, UNSUPPORTED, clause('signInNames'), true),
  refused("companyName eq 'Contoso'", 400, UNSUPPORTED, clause('companyName')),
  refused("startswith(mobilePhone,'+1')", 400, UNSUPPORTED, clause('mobilePhone')),
  refused("businessPhones/any(p:p eq '+1 858 555 0110')", 400, UNSUPPORTED, clause('businessPhones')),
  refused(`department in (${Array.from({ length: 16 }, (_, i) => `'d${i}'`).join(',')})`, 400, UNSUPPORTED,
    "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15."),
  refused(Array.from({ length: 16 }, (_, i) => `department eq 'd${i}'`).join(' or '), 400, UNSUPPORTED, /Too many child clauses.*: 16\. Max allowed: 15\./),
  refused(`displayName eq '${'x'.repeat(121)}'`, 400, UNSUPPORTED, clause('displayName')),
  refused("mail in ('a@b.c', null)", 400, UNSUPPORTED, clause('mail')),
  refused("'a' eq 'a'", 400, UNSUPPORTED, clause('a')),
  refused('displayName eq displayName', 400, UNSUPPORTED, clause('displayName')),
];

/** Up to 15 values is Graph's default limit: accepted. */
const limits: QueryCase[] = [
  found(`department in (${Array.from({ length: 14 }, (_, i) => `'d${i}'`).join(',')},'IT')`, ['camel']),
  found(`displayName eq '${'x'.repeat(120)}'`, []),
];

/** Graph's advanced-query page says the first example works by default; `ne` needs the parameters. */
const documented: QueryCase[] = [
  found('accountEnabled eq false', ['alex']),
  { name: 'accountEnabled ne true&$count=true (doc, verbatim)', url: '/v1.0/users?$filter=accountEnabled ne true&$count=true', eventual: true, expect: ['alex'], count: 1 },
  { name: 'header without $count is not an advanced query', url: `/v1.0/users?$filter=${encodeURIComponent('accountEnabled ne true')}`, eventual: true, error: { status: 400, code: UNSUPPORTED, message: needsAq('ne') } },
  { name: '$count=true without the header is not an advanced query', url: `/v1.0/users?$filter=${encodeURIComponent('accountEnabled ne true')}&$count=true`, error: { status: 400, code: UNSUPPORTED, message: needsAq('ne') } },
  {
    name: 'endsWith without parameters (doc, verbatim on beta)', url: "/beta/users?$filter=endsWith(userPrincipalName,'%23EXT%23@contoso.com')",
    error: { status: 400, code: UNSUPPORTED, message: needsAq('endsWith') },
  },
  {
    name: 'proxyAddresses endsWith example (doc)', url: "/beta/users?$count=true&$filter=proxyAddresses/any (p:endsWith(p, 'partner.example'))&$select=id,displayName,proxyaddresses",
    eventual: true, expect: ['pat'], count: 1,
  },
];

const cases: QueryCase[] = [
  ...defaultFilters, ...collectionFilters, ...existenceQueries, ...advancedFilters, ...refusals, ...limits, ...documented,
];

for (const dialect of dialects()) {
  describe(`user $filter conformance (${dialect})`, () => {
    let h: GraphHarness;
    let dir: SeededDirectory;
    let token: string;

    before(async () => {
      h = await GraphHarness.start(dialect);
      const tenant = await h.tenant('Queries Corp', ['queries.example']);
      const admin = await h.appWith(tenant, ['User.ReadWrite.All']);
      dir = await seedDirectory(h, tenant, 'queries.example', admin.token);
      token = admin.token;
      // The same people in another tenant: never part of an answer.
      const other = await h.tenant('Queries Twin', ['queries-twin.example']);
      await seedDirectory(h, other, 'queries.example', (await h.appWith(other, ['User.ReadWrite.All'])).token);
    });
    after(async () => h.stop());

    it('seeds the whole directory', async () => {
      await runCase(h, token, dir, { name: 'everyone', url: '/v1.0/users', expect: [...ALL_KEYS] });
    });

    for (const c of cases) it(c.name, () => runCase(h, token, dir, c));
  });
}
