import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIM_VARIABLES, planCall } from './call-plan.js';
import { SANDBOX_OUTCOMES, parseSimulatorLineConfig, type SimulatedOutcome } from './simulator-config.js';

const numbers = (n: number, from = 13_800_000_000): string[] =>
  Array.from({ length: n }, (_, i) => String(from + i));

const shares = (outcomes: SimulatedOutcome[]): Map<SimulatedOutcome, number> => {
  const counts = new Map<SimulatedOutcome, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return new Map([...counts].map(([o, c]) => [o, c / outcomes.length]));
};

void describe('planCall', () => {
  const sandbox = parseSimulatorLineConfig({});
  const total = Object.values(SANDBOX_OUTCOMES).reduce((s, w) => s + w, 0);

  void it('follows the configured outcome mix on first calls (20 000 numbers, within 4 standard errors)', () => {
    const n = 20_000;
    const got = shares(numbers(n).map((callee) => planCall(sandbox, callee, 0).outcome));
    for (const [outcome, weight] of Object.entries(SANDBOX_OUTCOMES)) {
      const p = weight / total;
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / n) + 1e-4;
      const share = got.get(outcome as SimulatedOutcome) ?? 0;
      assert.ok(Math.abs(share - p) <= tolerance, `${outcome}: ${share.toFixed(4)} vs ${p}`);
    }
  });

  void it('follows the mix on redials too, except that dead numbers stay dead', () => {
    const n = 20_000;
    const got = shares(numbers(n).map((callee) => planCall(sandbox, callee, 3).outcome));
    const p = (SANDBOX_OUTCOMES.answered ?? 0) / total;
    assert.ok(Math.abs((got.get('answered') ?? 0) - p) < 4 * Math.sqrt((p * (1 - p)) / n));
  });

  void it('keeps a 空号 or 停机 number dead on every redial, and varies the outcome of live numbers', () => {
    const list = numbers(2000);
    const dead = list.filter((c) => ['vacant', 'suspended'].includes(planCall(sandbox, c, 0).outcome));
    assert.ok(dead.length > 60, `${dead.length} dead numbers`);
    for (const callee of dead) {
      const first = planCall(sandbox, callee, 0).outcome;
      for (let attempt = 1; attempt < 6; attempt++) {
        assert.equal(planCall(sandbox, callee, attempt).outcome, first);
      }
    }
    const busy = list.find((c) => planCall(sandbox, c, 0).outcome === 'busy');
    assert.ok(busy);
    const later = new Set(Array.from({ length: 20 }, (_, a) => planCall(sandbox, busy, a + 1).outcome));
    assert.ok(later.size > 1 && !later.has('vacant') && !later.has('suspended'), [...later].join());
  });

  void it('is a pure function of (seed, config, number, attempt); another seed gives other calls', () => {
    const again = parseSimulatorLineConfig({});
    const other = parseSimulatorLineConfig({ seed: 'other' });
    const list = numbers(300);
    assert.deepEqual(
      list.map((c) => planCall(sandbox, c, 1)),
      list.map((c) => planCall(again, c, 1)),
    );
    const a = list.map((c) => planCall(sandbox, c, 0).outcome);
    const b = list.map((c) => planCall(other, c, 0).outcome);
    assert.ok(a.filter((o, i) => o !== b[i]).length > 50);
  });

  void it('keeps the same persona for a number across redials', () => {
    for (const callee of numbers(50)) {
      assert.equal(planCall(sandbox, callee, 0).persona.name, planCall(sandbox, callee, 7).persona.name);
    }
  });

  void it('honours fixed numbers and rehearsal variables, ignoring unknown hints', () => {
    const config = parseSimulatorLineConfig({ numbers: { '10086': { outcome: 'busy', persona: 'silent' } } });
    const fixed = planCall(config, '10086', 0);
    assert.equal(fixed.outcome, 'busy');
    assert.equal(fixed.persona.name, 'silent');
    const hinted = planCall(config, '10086', 0, {
      [SIM_VARIABLES.outcome]: 'answered',
      [SIM_VARIABLES.persona]: 'refusing',
    });
    assert.equal(hinted.outcome, 'answered');
    assert.equal(hinted.persona.name, 'refusing');
    const bogus = planCall(config, '10086', 0, {
      [SIM_VARIABLES.outcome]: 'lineDown',
      [SIM_VARIABLES.persona]: 'x',
    });
    assert.equal(bogus.outcome, 'busy');
    assert.equal(bogus.persona.name, 'silent');
  });

  void it('uses the outcome timing: ringing outcomes ring, announcements do not', () => {
    const config = parseSimulatorLineConfig({
      outcomes: { vacant: 1, rejected: 1 },
      timing: { rejected: { afterMs: 5000 } },
      setupMs: 250,
    });
    for (const callee of numbers(40)) {
      const plan = planCall(config, callee, 0);
      assert.equal(plan.setupMs, 250);
      if (plan.outcome === 'rejected') assert.deepEqual([plan.rings, plan.afterMs], [true, 5000]);
      else assert.equal(plan.rings, false);
    }
  });

  void it('draws line faults at the configured failure rate', () => {
    const config = parseSimulatorLineConfig({ failureRate: 0.1 });
    const n = 10_000;
    const faults = numbers(n).filter((c) => planCall(config, c, 0).lineFault).length;
    assert.ok(Math.abs(faults / n - 0.1) < 0.012, `${faults / n}`);
  });
});
