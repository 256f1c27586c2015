// Recognisers per tenant and per line, secrets sealed at rest, on a real PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { SecretBox } from '../../src/lib/secret-box.js';
import { VirtualClock } from '../../src/lib/virtual-clock.js';
import { AsrProviderSettings } from '../../src/services/asr-provider.service.js';
import { AsrProviderConfigSchema, createAsrProvider } from '../../src/speech/asr/asr-provider-config.js';
import { addLine, dialTenant, dialTestApp } from '../support/dial-factories.js';

describe('speech recogniser settings', () => {
  it('a line uses its own recogniser, else the team default; secrets are sealed and stay in their tenant', async () => {
    const app = await dialTestApp(new VirtualClock(new Date('2026-03-02T02:00:00Z')));
    const box = new SecretBox(randomBytes(32));
    const settings = new AsrProviderSettings(app.db, box);
    const a = await dialTenant(app, { name: '甲' });
    const b = await dialTenant(app, { name: '乙' });
    const otherLine = await addLine(app.db, a.teamId, { name: '线路二', isDefault: false });

    assert.equal(
      await settings.forLine(a.teamId, a.sandboxLineId),
      undefined,
      'no recogniser configured yet',
    );
    const fun = await app.db.tenant(a.teamId, (trx) =>
      settings.add(trx, a.teamId, {
        name: '自建FunASR',
        config: { kind: 'funasr', url: 'ws://10.0.0.5:10095' },
        isDefault: true,
      }),
    );
    const cloud = await app.db.tenant(a.teamId, (trx) =>
      settings.add(trx, a.teamId, {
        name: '阿里云',
        config: { kind: 'aliyun', appKey: 'app-1' },
        secrets: { token: 'tok-secret-value' },
      }),
    );
    assert.ok(await app.db.tenant(a.teamId, (trx) => settings.assignToLine(trx, a.teamId, otherLine, cloud)));
    assert.equal(
      await app.db.tenant(b.teamId, (trx) => settings.assignToLine(trx, b.teamId, otherLine, cloud)),
      false,
      'another team cannot touch the line',
    );

    const byDefault = await settings.forLine(a.teamId, a.sandboxLineId);
    assert.equal(byDefault?.id, fun);
    assert.deepEqual(byDefault?.secrets, {});
    const own = await settings.forLine(a.teamId, otherLine);
    assert.equal(own?.id, cloud);
    assert.deepEqual(own?.secrets, { token: 'tok-secret-value' });
    const provider = createAsrProvider(AsrProviderConfigSchema.parse(own?.config), own?.secrets);
    assert.equal(provider.kind, 'aliyun');

    const raw = await app.db.system
      .selectFrom('asr_providers')
      .select('secrets_enc')
      .where('id', '=', cloud)
      .executeTakeFirstOrThrow();
    assert.ok(raw.secrets_enc && !raw.secrets_enc.includes('tok-secret-value'), 'sealed at rest');
    const seenByB = await app.db.tenant(b.teamId, (trx) =>
      trx.selectFrom('asr_providers').select('id').execute(),
    );
    assert.deepEqual(seenByB, [], 'row-level security hides the other team’s recognisers');
    assert.equal(await settings.forLine(b.teamId, b.sandboxLineId), undefined);
  });
});
