/**
 * The query plans of Graph's default-allowed user filters, on SQLite and PostgreSQL.
 *
 *   npx tsx bench/query-plans.ts [--users 20000] [--dialect sqlite|postgres|both] [--quiet]
 *
 * Seeds a realistic directory (members and guests, pending and accepted, several otherMails,
 * proxyAddresses and identities each, a second tenant beside it), runs ANALYZE, then for every
 * filter the property table (src/domain/users/filterable-properties.ts) allows by default — plus
 * the existence query, a `$search` and the sortable orders — prints the plan of the count query and
 * of the first page, and which indexes they use. Planner settings are left alone (no
 * `enable_seqscan = off`): the values looked up are realistic ones taken from the seeded data.
 * Exits 1 when a first-page plan (what serves GET /users) reads users, user_values or
 * user_identities without an index. A count plan may legitimately scan: to count a third of a
 * tenant (userType eq 'Guest') PostgreSQL prefers reading the table to walking an index, and says so;
 * those are printed as notes. Below ~10,000 users PostgreSQL also hash-joins small tables instead
 * of probing indexes, which is why the default is 20,000.
 * PostgreSQL: PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Compilable } from 'kysely';
import pg from 'pg';
import { systemClock } from '../src/domain/clock.js';
import type { Tenant, User } from '../src/domain/model.js';
import { createTenant } from '../src/domain/tenants/create-tenant.js';
import { buildUserQuery } from '../src/domain/users/build-user-query.js';
import { filterableProperties } from '../src/domain/users/filterable-properties.js';
import { userQuerySql } from '../src/storage/repos/user-query-repo.js';
import { openStore } from '../src/storage/open-store.js';
import type { Database } from '../src/storage/schema.js';

const { values: args } = parseArgs({
  options: { users: { type: 'string', default: '20000' }, dialect: { type: 'string', default: 'both' }, quiet: { type: 'boolean', default: false } },
});
const USERS = Number(args.users);
const PG_ADMIN = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const FIRST = ['Adele', 'Alex', 'Megan', 'Lee', 'Christie', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lidia', 'Lynne', 'Miriam', 'Nestor', 'Patti', 'Pradeep', 'Sinéad', 'Zoë', 'Ömer'];
const LAST = ['Vance', 'Wilber', 'Bowen', 'Gu', 'Cline', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lauer', 'Sherman', 'Holloway', 'Robbins', 'Caldwell', 'Wilkins', 'Fernandez', 'Gupta', "O'Neil", 'Nguyen', 'Kowalski'];
const DEPARTMENTS = ['Retail', 'Marketing', 'Sales', 'Finance', 'Legal', 'Engineering', 'Operations', 'HR', 'IT', 'Manufacturing', 'Research', 'Support', 'Design', 'Procurement', 'Logistics', 'Security', 'Facilities', 'Training', 'Audit', 'Strategy'];
const CITIES = ['Seattle', 'Redmond', 'San Diego', 'Pittsburgh', 'Birmingham', 'Dublin', 'Paris', 'Berlin', 'Tokyo', 'Sydney', 'Toronto', 'Austin', 'Chicago', 'Denver', 'Oslo', 'Madrid', 'Rome', 'Lisbon', 'Vienna', 'Prague'];
const COUNTRIES: [string, string][] = [['United States', 'US'], ['United Kingdom', 'GB'], ['Ireland', 'IE'], ['France', 'FR'], ['Germany', 'DE'], ['Japan', 'JP'], ['Australia', 'AU'], ['Canada', 'CA'], ['Norway', 'NO'], ['Spain', 'ES']];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Director', 'Analyst', 'Buyer', 'Designer', 'Consultant', 'Accountant', 'Counsel'];

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

function makeUser(tenant: Tenant, domain: string, n: number): User {
  const first = pick(FIRST);
  const last = pick(LAST);
  const guest = rand() < 0.3;
  const pending = guest && rand() < 0.4;
  const local = `${first}.${last}${n}`.normalize('NFKD').replace(/[^A-Za-z0-9.]/g, '').toLowerCase();
  const created = new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 5 * 365 * 86_400_000)).toISOString();
  const [country, usage] = pick(COUNTRIES);
  const address = guest ? `${local}@partner${n % 97}.example` : `${local}@${domain}`;
  const upn = guest ? `${address.replace('@', '_')}#EXT#@${tenant.initialDomain}` : address;
  const identities = [{ signInType: 'userPrincipalName', issuer: guest ? tenant.initialDomain : domain, issuerAssignedId: upn }];
  if (guest && !pending) {
    identities.push(rand() < 0.5
      ? { signInType: 'emailAddress', issuer: 'mail', issuerAssignedId: address }
      : { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: address });
  }
  return {
    tenantId: tenant.id, id: randomUUID(), userPrincipalName: upn, displayName: rand() < 0.02 ? null : `${first} ${last}`,
    mail: address, mailNickname: guest ? `${address.replace('@', '_')}#EXT#` : local,
    otherMails: [address, ...(rand() < 0.5 ? [`${local}@home${n % 13}.example`] : []), ...(rand() < 0.2 ? [`${local}.alt@mail.example`] : [])],
    proxyAddresses: [`SMTP:${address}`, ...(rand() < 0.4 ? [`smtp:${local}@legacy.example`] : [])],
    identities, businessPhones: guest ? [] : [`+1 425 555 ${String(n % 10_000).padStart(4, '0')}`], imAddresses: guest ? [] : [`sip:${address}`],
    userType: guest ? 'Guest' : 'Member', creationType: guest ? 'Invitation' : null,
    externalUserState: guest ? (pending ? 'PendingAcceptance' : 'Accepted') : null,
    externalUserStateChangeDateTime: guest ? created : null, accountEnabled: rand() > 0.03, createdDateTime: created,
    givenName: guest ? null : first, surname: guest ? null : last, jobTitle: guest ? null : pick(TITLES),
    department: guest ? null : pick(DEPARTMENTS), companyName: guest ? null : 'Contoso', mobilePhone: null, officeLocation: null,
    preferredLanguage: null, city: guest ? null : pick(CITIES), country: guest ? null : country, employeeId: guest ? null : `E${100_000 + n}`,
    usageLocation: guest ? null : usage, invitedAddressKey: guest ? address : null, passwordHash: null,
  };
}

/** Filters to explain: every default-allowed operator of every property, with realistic values. */
function cases(sample: User, tenant: Tenant): string[] {
  const q = (s: string | null) => `'${(s ?? '').replaceAll("'", "''")}'`;
  const values: Record<string, string> = {
    id: q(sample.id), userPrincipalName: q(sample.userPrincipalName), displayName: q(sample.displayName), mail: q(sample.mail),
    mailNickname: q(sample.mailNickname), givenName: q(sample.givenName), surname: q(sample.surname), jobTitle: q(sample.jobTitle),
    department: q(sample.department), city: q(sample.city), country: q(sample.country), usageLocation: q(sample.usageLocation),
    employeeId: q(sample.employeeId), userType: "'Guest'", externalUserState: "'PendingAcceptance'", creationType: "'Invitation'",
    accountEnabled: 'false', createdDateTime: '2023-12-01T00:00:00Z', externalUserStateChangeDateTime: '2023-12-01T00:00:00Z',
  };
  const out: string[] = [];
  for (const p of filterableProperties) {
    if (p.type === 'stringCollection') {
      const value = p.name === 'otherMails' ? sample.otherMails[0] : p.name === 'proxyAddresses' ? sample.proxyAddresses[0] : p.name === 'imAddresses' ? sample.imAddresses[0] : sample.businessPhones[0];
      if (p.eq === 'default') out.push(`${p.name}/any(x:x eq ${q(value ?? 'x')})`);
      // An address prefix as people type one: the scheme (SMTP:, sip:) plus a few letters.
      if (p.startsWith === 'default') out.push(`${p.name}/any(x:startswith(x,${q((value ?? 'x').slice(0, 12))}))`);
      continue;
    }
    if (p.type === 'identities') {
      out.push("identities/any(c:c/issuer eq 'ExternalAzureAD')", `identities/any(c:c/issuerAssignedId eq ${q(sample.mail)} and c/issuer eq 'mail')`,
        "identities/any(c:c/signInType eq 'emailAddress')");
      continue;
    }
    if (p.type === 'signInNames') {
      out.push(`signInNames/any(x:x eq ${q(sample.mail)})`);
      continue;
    }
    const value = values[p.name];
    if (p.eq === 'default' && value) out.push(`${p.name} eq ${value}`, `${p.name} in (${value})`);
    if (p.startsWith === 'default' && value) out.push(`startswith(${p.name},${q(value.slice(1, -1).replaceAll("''", "'").slice(0, 3))})`);
    if (p.range === 'default' && value) out.push(`${p.name} ge ${value}`, `${p.name} le ${value.replace('2023', '2019')}`);
  }
  const address = sample.mail ?? '';
  out.push(
    `userPrincipalName eq '${address}' or mail eq '${address}' or proxyAddresses/any(x:x eq 'SMTP:${address}') or signInNames/any(x:x eq '${address}') or otherMails/any(x:x eq '${address}')`,
    `externalUserState eq 'PendingAcceptance' and userType eq 'Guest'`,
    `identities/any(c:c/issuer eq ${q(tenant.initialDomain)})`,
  );
  return out;
}

interface Explainer {
  explain(query: Compilable): Promise<string[]>;
  fullScan(plan: string[]): string | undefined;
}

function explainer(db: Kysely<Database>, postgres: boolean): Explainer {
  return {
    async explain(query) {
      const c = query.compile();
      const prefix = postgres ? 'explain ' : 'explain query plan ';
      const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
      return res.rows.map((r) => String(postgres ? r['QUERY PLAN'] : r.detail));
    },
    fullScan(plan) {
      const bad = postgres
        ? plan.find((l) => /Seq Scan on (users|user_values|user_identities)\b/.test(l))
        : plan.find((l) => /^\s*SCAN \w+(?! USING (COVERING )?INDEX)/.test(l) && !/SCAN (CONSTANT ROW|\w+ VIRTUAL)/.test(l) && !/LIST SUBQUERY|COMPOUND/.test(l));
      return bad;
    },
  };
}

const indexesIn = (plan: string[]) => [...new Set(plan.join('\n').match(/(users|user_values|user_identities)_\w+|sqlite_autoindex_\w+/g) ?? [])];

async function run(dialect: 'sqlite' | 'postgres'): Promise<number> {
  let url: string;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'portico-plans-'));
    url = join(dir, 'portico.db');
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `portico_plans_${randomBytes(5).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const store = await openStore(url);
  const db = dialect === 'sqlite'
    ? new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(url) }) })
    : new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
  let failures = 0;
  try {
    const tenant = await createTenant(store, systemClock, { name: `Plans ${dialect}`, domains: [`plans-${dialect}.example`], domainSuffix: 'onmicrosoft.com' });
    const twin = await createTenant(store, systemClock, { name: `Twin ${dialect}`, domains: [`twin-${dialect}.example`], domainSuffix: 'onmicrosoft.com' });
    const started = Date.now();
    let sample: User | undefined;
    for (const [t, count] of [[tenant, USERS], [twin, Math.ceil(USERS / 5)]] as const) {
      for (let i = 0; i < count; i += 250) {
        const batch = Array.from({ length: Math.min(250, count - i) }, (_, k) => makeUser(t, `plans-${dialect}.example`, i + k));
        await store.transact(async (r) => { for (const u of batch) await r.users.insert(u); });
        if (t === tenant && i === 0) sample = batch.find((u) => u.userType === 'Member' && u.displayName !== null && u.otherMails.length > 1);
      }
    }
    await db.executeQuery(CompiledQuery.raw(dialect === 'sqlite' ? 'analyze' : 'vacuum analyze'));
    console.log(`\n## ${dialect}: ${USERS} + ${Math.ceil(USERS / 5)} users seeded and analyzed in ${Date.now() - started} ms`);
    if (!sample) throw new Error('no sample member');
    const x = explainer(db, dialect === 'postgres');
    const requests: { label: string; texts: { filter?: string; orderBy?: string; search?: string }; eventual?: boolean }[] = [
      ...cases(sample, tenant).map((filter) => ({ label: `$filter=${filter}`, texts: { filter } })),
      { label: `$search="displayName:${sample.givenName}"`, texts: { search: `"displayName:${sample.givenName}"` }, eventual: true },
      { label: '$orderby=displayName', texts: { orderBy: 'displayName' } },
      { label: '$orderby=userPrincipalName desc', texts: { orderBy: 'userPrincipalName desc' } },
    ];
    for (const r of requests) {
      const query = buildUserQuery(r.texts, { eventual: r.eventual ?? false, count: false });
      const sqlOf = userQuerySql(db, tenant.id, query);
      const plans = { count: await x.explain(sqlOf.count()), page: await x.explain(sqlOf.segment(0, null, 101)) };
      const pageScan = x.fullScan(plans.page);
      const countScan = x.fullScan(plans.count);
      const verdict = pageScan ? `FULL SCAN in the first page: ${pageScan.trim()}` : `indexed: ${indexesIn(plans.page).join(', ')}`;
      if (pageScan) failures++;
      console.log(`\n### ${r.label.length > 160 ? `${r.label.slice(0, 160)}…` : r.label}\n${verdict}`);
      if (countScan) console.log(`note: the count plan scans (${countScan.trim()})`);
      if (!args.quiet) {
        console.log('count:\n' + plans.count.map((l) => `    ${l}`).join('\n'));
        console.log('first page:\n' + plans.page.map((l) => `    ${l}`).join('\n'));
      }
    }
  } finally {
    await db.destroy();
    await store.close();
    await drop();
  }
  return failures;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const dialectsToRun = args.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [args.dialect as 'sqlite' | 'postgres'];
let failed = 0;
for (const d of dialectsToRun) failed += await run(d);
console.log(failed === 0 ? '\nEvery plan uses indexes.' : `\n${failed} plan(s) read a table without an index.`);
process.exitCode = failed === 0 ? 0 : 1;
