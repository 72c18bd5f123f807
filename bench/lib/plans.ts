import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Tenant, User } from '../../src/domain/model.js';
import { buildUserQuery } from '../../src/domain/users/build-user-query.js';
import { filterableProperties } from '../../src/domain/users/filterable-properties.js';
import { userQuerySql } from '../../src/storage/repos/user-query-repo.js';
import type { Database } from '../../src/storage/schema.js';

/**
 * The query plans of Graph's default-allowed user filters: for every filter the property table
 * (src/domain/users/filterable-properties.ts) allows by default — plus the existence query, a
 * `$search` and the sortable orders — the plan of the count query and of the first page, and the
 * indexes they use. Planner settings are left alone (no `enable_seqscan = off`): the values looked
 * up are realistic ones taken from the seeded data. A first-page plan (what serves GET /users) that
 * reads users, user_values or user_identities without an index is a failure. A count plan may
 * legitimately scan: to count a third of a tenant (userType eq 'Guest') PostgreSQL prefers reading
 * the table to walking an index, and says so; those are notes.
 */
export interface PlanReport {
  label: string;
  /** The first-page plan line that reads a table without an index, if any. */
  pageScan?: string;
  /** A first-page plan line that sorts the matches: its cost grows with their number. */
  pageSort?: string;
  countScan?: string;
  indexes: string[];
  count: string[];
  page: string[];
}

/** Filters to explain: every default-allowed operator of every property, with realistic values. */
export function planCases(sample: User, tenant: Tenant): string[] {
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
    "startswith(displayName,'a')",
  );
  return out;
}

function explainer(db: Kysely<Database>, postgres: boolean) {
  return {
    async explain(query: Compilable): Promise<string[]> {
      const c = query.compile();
      const prefix = postgres ? 'explain ' : 'explain query plan ';
      const res = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
      return res.rows.map((r) => String(postgres ? r['QUERY PLAN'] : r.detail));
    },
    fullScan(plan: string[]): string | undefined {
      return postgres
        ? plan.find((l) => /Seq Scan on (users|user_values|user_identities)\b/.test(l))
        : plan.find((l) => /^\s*SCAN \w+(?! USING (COVERING )?INDEX)/.test(l) && !/SCAN (CONSTANT ROW|\w+ VIRTUAL)/.test(l) && !/LIST SUBQUERY|COMPOUND/.test(l));
    },
  };
}

const indexesIn = (plan: string[]) => [...new Set(plan.join('\n').match(/(users|user_values|user_identities)_\w+|sqlite_autoindex_\w+/g) ?? [])];

/** Explains every case on `db` (the seeded database, opened by the caller), for `tenant`. */
export async function explainPlans(db: Kysely<Database>, postgres: boolean, tenant: Tenant, sample: User): Promise<PlanReport[]> {
  const x = explainer(db, postgres);
  const requests: { label: string; texts: { filter?: string; orderBy?: string; search?: string }; eventual?: boolean }[] = [
    ...planCases(sample, tenant).map((filter) => ({ label: `$filter=${filter}`, texts: { filter } })),
    { label: `$search="displayName:${sample.givenName}"`, texts: { search: `"displayName:${sample.givenName}"` }, eventual: true },
    { label: '$orderby=displayName', texts: { orderBy: 'displayName' } },
    { label: '$orderby=userPrincipalName desc', texts: { orderBy: 'userPrincipalName desc' } },
  ];
  const out: PlanReport[] = [];
  for (const r of requests) {
    const query = buildUserQuery(r.texts, { eventual: r.eventual ?? false, count: false });
    const sqlOf = userQuerySql(db, tenant.id, query);
    const count = await x.explain(sqlOf.count());
    // An order over a nullable key reads in segments (storage/keyset.ts), each its own statement.
    const page: string[] = [];
    for (let i = 0; i < sqlOf.order.segments.length; i++) page.push(...await x.explain(sqlOf.segment(i, null, 101)));
    out.push({
      label: r.label, pageScan: x.fullScan(page)?.trim(), pageSort: page.find((l) => /TEMP B-TREE FOR ORDER BY|^\s*(->\s*)?(Incremental )?Sort\b/.test(l))?.trim(),
      countScan: x.fullScan(count)?.trim(), indexes: indexesIn(page), count, page,
    });
  }
  return out;
}

/** The plans as text: a verdict a case, and with `full` both plans. */
export function formatPlans(reports: PlanReport[], full: boolean): string {
  return reports.map((r) => {
    const label = r.label.length > 160 ? `${r.label.slice(0, 160)}…` : r.label;
    const lines = [`### ${label}`, r.pageScan ? `FULL SCAN in the first page: ${r.pageScan}` : `indexed: ${r.indexes.join(', ')}`];
    if (r.pageSort) lines.push(`note: the first page sorts its matches (${r.pageSort})`);
    if (r.countScan) lines.push(`note: the count plan scans (${r.countScan})`);
    if (full) lines.push('count:', ...r.count.map((l) => `    ${l}`), 'first page:', ...r.page.map((l) => `    ${l}`));
    return lines.join('\n');
  }).join('\n\n');
}
