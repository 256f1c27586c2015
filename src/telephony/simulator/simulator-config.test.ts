import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { SimulatorLineConfigSchema, parseSimulatorLineConfig, timingOf } from './simulator-config.js';

void describe('simulator line config', () => {
  void it('turns {} into a sandbox line: 60 % answered, Chinese personas of several kinds', () => {
    const config = parseSimulatorLineConfig({});
    const total = Object.values(config.outcomes).reduce((s, w) => s + (w ?? 0), 0);
    assert.ok(Math.abs((config.outcomes.answered ?? 0) / total - 0.6) < 1e-9);
    assert.equal(config.capacity, 30);
    assert.equal(config.down, false);
    const names = config.personas.map((p) => p.name);
    for (const kind of ['interested', 'refusing', 'silent']) assert.ok(names.includes(kind), kind);
    assert.ok(config.personas.every((p) => p.charMs > 0 && p.rules.every((r) => r.when.length > 0)));
    assert.match(JSON.stringify(config.personas.find((p) => p.name === 'refusing')?.script), /不需要/);
  });

  void it('survives a JSON round trip unchanged (it is stored in the DB)', () => {
    const config = parseSimulatorLineConfig({
      seed: 7,
      cps: 5,
      numbers: { '13800000000': { persona: 'silent' } },
    });
    assert.deepEqual(parseSimulatorLineConfig(JSON.parse(JSON.stringify(config))), config);
  });

  void it('reports every problem with its path as a vendor data-format error', () => {
    try {
      parseSimulatorLineConfig({
        capacity: 0,
        outcomes: { answered: 0 },
        personas: [{ name: 'a', rules: [{ when: '(', reply: 'x' }] }, { name: 'a' }],
        numbers: { '1': { persona: 'ghost' } },
        surprise: true,
      });
      assert.fail('expected a failure');
    } catch (error) {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, ErrorCode.WrongDataFormat);
      const text = error.message;
      for (const fragment of ['capacity', 'outcomes', 'personas.0.rules.0.when', 'surprise']) {
        assert.ok(text.includes(fragment), `${fragment} in ${text}`);
      }
    }
  });

  void it('checks persona names and references once the rest is valid', () => {
    const parsed = SimulatorLineConfigSchema.safeParse({
      personas: [{ name: 'a' }, { name: 'a' }],
      numbers: { '1': { persona: 'ghost' } },
    });
    assert.equal(parsed.success, false);
    const messages = parsed.error?.issues.map((i) => i.message).join(' | ') ?? '';
    assert.match(messages, /duplicate persona a/);
    assert.match(messages, /unknown persona ghost/);
  });

  void it('rejects bad DTMF replies and inverted ranges', () => {
    assert.equal(
      SimulatorLineConfigSchema.safeParse({ personas: [{ name: 'a', pool: [{ dtmf: '1x' }] }] }).success,
      false,
    );
    assert.equal(SimulatorLineConfigSchema.safeParse({ setupMs: { min: 5, max: 1 } }).success, false);
  });

  void it('applies timing overrides on top of the defaults', () => {
    const config = parseSimulatorLineConfig({ timing: { busy: { rings: true } } });
    assert.deepEqual(timingOf(config, 'busy'), { rings: true, afterMs: { min: 1_000, max: 4_000 } });
    assert.equal(timingOf(config, 'vacant').rings, false);
  });
});
