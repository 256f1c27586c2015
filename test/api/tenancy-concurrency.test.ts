// Tenant transactions open with their role and team in one round trip and authentication is cached per process:
// under concurrency, on a pool shared by every tenant, each request still sees exactly its own team's rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, call, newTenant, type Session } from '../support/test-app.js';

interface SubList {
  total: number;
  data: { user_name: string }[];
}

void describe('tenant isolation under concurrency', async () => {
  const t = await buildTestApp();
  const tenants: { session: Session; prefix: string; count: number }[] = [];
  for (const [i, count] of [3, 5, 7].entries()) {
    const session = await newTenant(t, `并发租户${i}`);
    const prefix = `t${i}_`;
    for (let k = 0; k < count; k++) {
      await call(t, session, '/api/aiUserSaveapi', {
        user_name: `${prefix}${k}`,
        contact: prefix,
        password: 'secret12',
        re_password: 'secret12',
        max_call_count: 1,
      });
    }
    tenants.push({ session, prefix, count });
  }

  void it('interleaved requests of three tenants each see only their own sub-accounts', async () => {
    const requests = Array.from({ length: 300 }, (_, i) => tenants[i % tenants.length]!);
    const answers = await Promise.all(
      requests.map(async (tenant) => ({
        tenant,
        list: await call<SubList>(t, tenant.session, '/api/aiUserDatasapi', { pageSize: 50 }),
      })),
    );
    for (const { tenant, list } of answers) {
      assert.equal(list.total, tenant.count);
      assert.ok(list.data.every((s) => s.user_name.startsWith(tenant.prefix)));
    }
  });

  void it("a tenant's key never authenticates as another tenant, even with the other's user_sn", async () => {
    const [a, b] = tenants;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call<{ code?: number }>(
          t,
          { ...a!.session, user_sn: i % 2 ? b!.session.user_sn : a!.session.user_sn },
          '/api/aiUserDatasapi',
          {},
        ),
      ),
    );
    answers.forEach((r, i) => assert.equal(r.code, i % 2 ? 20005 : undefined));
  });
});
