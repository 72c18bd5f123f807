import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { buildAuditQuery } from '../../../src/domain/audit/build-audit-query.js';
import type { AuditRecord } from '../../../src/domain/model.js';
import { openStore } from '../../../src/storage/open-store.js';
import { auditQuerySql } from '../../../src/storage/repos/audit-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { explain, planHandle } from '../../helpers/explain-plan.js';

/**
 * The first page of every audit filter reads indexes, never a whole table: over a few thousand
 * records in two tenants (analyzed), each plan is checked for a table scan of audit_logs or
 * audit_targets. On PostgreSQL sequential scans are priced out for the check, so the plan shows
 * whether an index *can* serve the query, which is what matters at a million records.
 */
const filters = (t: { user: string; app: string; target: string; id: string }) => [
  null,
  "activityDisplayName eq 'Invitation Email'",
  "startswith(activityDisplayName,'Redeem')",
  'activityDateTime ge 2026-01-01T00:00:00Z and activityDateTime le 2026-01-02T00:00:00Z',
  `initiatedBy/user/id eq '${t.user}'`,
  `initiatedBy/app/appId eq '${t.app}'`,
  "startswith(initiatedBy/user/userPrincipalName,'user1')",
  `targetResources/any(t:t/id eq '${t.target}')`,
  "targetResources/any(t:startswith(t/displayName,'Target 12'))",
  `targetResources/any(t:t/id eq '${t.target}') or initiatedBy/user/id eq '${t.user}'`,
  `id eq '${t.id}'`,
  `correlationId eq '${t.id}'`,
];

function record(tenantId: string, i: number): AuditRecord {
  const user = i % 3 !== 0;
  return {
    tenantId, id: randomUUID(), category: 'UserManagement', loggedByService: 'Invited Users', result: 'success', resultReason: '',
    activityDisplayName: ['Invite external user', 'Invitation Email', 'Redeem external user invite'][i % 3],
    activityDateTime: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    initiatedBy: user
      ? { kind: 'user', userId: `00000000-0000-4000-8000-${String(i % 50).padStart(12, '0')}`, userPrincipalName: `user${i % 50}@t.example`, displayName: `User ${i % 50}` }
      : { kind: 'app', appId: `00000000-0000-4000-9000-${String(i % 5).padStart(12, '0')}`, servicePrincipalId: randomUUID(), displayName: `App ${i % 5}` },
    targetResources: [{ id: randomUUID(), type: 'User', displayName: `Target ${i}` }, { id: `00000000-0000-4000-a000-${String(i % 200).padStart(12, '0')}`, type: 'Group', displayName: `Group ${i % 200}` }],
  };
}

const fullScan = (postgres: boolean, plan: string[]) => (postgres
  ? plan.find((l) => /Seq Scan on audit_(logs|targets)\b/.test(l))
  : plan.find((l) => /^\s*SCAN \w+(?! USING (COVERING )?INDEX)/.test(l) && !/LIST SUBQUERY|COMPOUND/.test(l)));

describe('audit query plans', () => {
  it('every filter of the first page reads through indexes', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      const postgres = db.dialect === 'postgres';
      const handle = planHandle(db);
      try {
        for (const tenant of ['t1', 't2']) {
          for (let i = 0; i < 2000; i += 250) {
            await store.transact(async (r) => { for (let k = i; k < i + 250; k++) await r.audit.append(record(tenant, k)); });
          }
        }
        await db.query('analyze');
        const sample = (await store.audit.list('t1'))[7];
        const refs = {
          user: '00000000-0000-4000-8000-000000000007', app: '00000000-0000-4000-9000-000000000002',
          target: sample.targetResources[0].id, id: sample.id,
        };
        for (const filter of filters(refs)) {
          for (const orderBy of [undefined, 'activityDateTime asc']) {
            const query = buildAuditQuery({ filter: filter ?? undefined, orderBy });
            const plan = await explain(handle, postgres, auditQuerySql(handle, 't1', query).segment(0, null, 101));
            assert.equal(fullScan(postgres, plan), undefined, `${filter} ${orderBy ?? ''}\n${plan.join('\n')}`);
          }
          const query = buildAuditQuery({ filter: filter ?? undefined });
          const page = await store.audit.query('t1', query, { after: null, top: 5 });
          if (filter !== null) assert.ok(page.records.length > 0, `${filter} finds something`);
        }
      } finally {
        await handle.destroy();
        await store.close();
      }
    });
  });
});
