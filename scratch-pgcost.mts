import pg from 'pg';
import { systemClock } from './src/domain/clock.js';
import { createTenant } from './src/domain/tenants/create-tenant.js';
import { newGuest } from './src/domain/invitations/new-guest.js';
import { parseEmailAddress, type ParsedAddress } from './src/domain/invitations/email-address.js';
import { guestUpn, guestMailNickname } from './src/domain/invitations/guest-upn.js';
import { newId } from './src/domain/random.js';
import { openStore } from './src/storage/open-store.js';
const url = 'postgres://postgres@127.0.0.1:5432/idxcheck';
const store = await openStore(url);
const tenant = await createTenant(store, systemClock, { name: 'Cost', domainSuffix: 'onmicrosoft.com' });
const N = Number(process.argv[2] ?? 20000);
const client = new pg.Client(url); await client.connect();
const pidRow = await client.query('select pg_backend_pid() as p'); const pid = pidRow.rows[0].p;
const fs = await import('node:fs');
const cpu = () => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
for (let b = 0; b < N; b += 500) {
  await store.transact(async (repos) => {
    for (let i = b; i < b + 500; i++) {
      const email = `g${i}@ext${i % 50}.example.com`; const address = parseEmailAddress(email) as ParsedAddress;
      await repos.users.insertIfAbsent(newGuest({ tenant, id: newId(), address, email, displayName: `G ${i}`, userType: 'Guest', upn: guestUpn(address, tenant.initialDomain), mailNickname: guestMailNickname(address), now: new Date().toISOString() }));
    }
  });
}
await client.query('analyze');
const { rows } = await client.query(`select query from pg_stat_activity where false`);
const lookup = `select * from "users" where "tenant_id" = $1 and "upn_lower" = $2 union all select * from "users" where "tenant_id" = $3 and "mail_lower" collate "C" = $4 union all select "u".* from "user_values" as "v" inner join "users" as "u" on "u"."tenant_id" = "v"."tenant_id" and "u"."id" = "v"."user_id" where "v"."tenant_id" = $5 and "v"."kind" = $6 and "v"."value_lower" collate "C" = $7 union all select "u".* from "user_values" as "v" inner join "users" as "u" on "u"."tenant_id" = "v"."tenant_id" and "u"."id" = "v"."user_id" where "v"."tenant_id" = $8 and "v"."kind" = $9 and "v"."value_lower" collate "C" = $10 union all select * from "users" where "tenant_id" = $11 and "invited_address_key" = $12`;
const params = (a: string) => [tenant.id, a, tenant.id, a, tenant.id, 'otherMails', a, tenant.id, 'proxyAddresses', `smtp:${a}`, tenant.id, a];
for (const mode of ['unnamed', 'named']) {
  const t0 = cpu(); const w0 = performance.now();
  for (let i = 0; i < 2000; i++) {
    const p = params(`nobody${i}@x.example.com`);
    if (mode === 'named') await client.query({ name: 'lk', text: lookup, values: p }); else await client.query(lookup, p);
  }
  console.log(mode, 'backend CPU µs/lookup', ((cpu() - t0) * 1000 / 2000).toFixed(0), 'wall µs', ((performance.now() - w0) * 1000 / 2000).toFixed(0));
}
const ex = await client.query(`explain analyze ${lookup.replace(/\$(\d+)/g, (_, n) => `'${params('nobody@x.example.com')[Number(n) - 1]}'`)}`);
console.log(ex.rows.map((r) => r['QUERY PLAN']).join('\n'));
await client.query(`prepare q as ${lookup}`); await client.query('set plan_cache_mode = force_generic_plan');
const ex2 = await client.query(`explain execute q(${params('nobody@x.example.com').map((v) => `'${v}'`).join(',')})`);
console.log(ex2.rows.map((r) => r['QUERY PLAN']).join('\n'));
// cost of an empty transaction commit, and a users insert
await client.end(); await store.close();
