import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalleePersona } from './callee-persona.js';
import { PersonaSchema, type PersonaInput } from './persona-schema.js';
import { SeededRandom } from './seeded-random.js';

const callee = (input: PersonaInput, seed = 1): CalleePersona =>
  new CalleePersona(PersonaSchema.parse(input), new SeededRandom(seed));

void describe(CalleePersona.name, () => {
  void it('answers by the first matching rule, then the script in order, then the pool, then silence', () => {
    const sut = callee({
      name: 'p',
      rules: [
        { when: '价格|多少钱', reply: '太贵了。' },
        { when: '价格', reply: 'never reached' },
        { when: '按\\s*1', reply: { dtmf: '1' } },
        { when: 'BYE', reply: { say: '再见。', hangup: true } },
      ],
      script: ['第一句', { say: '第二句' }],
    });
    assert.deepEqual(sut.answer('这个的价格是299元'), { say: '太贵了。' });
    assert.deepEqual(sut.answer('您好'), { say: '第一句' });
    assert.deepEqual(sut.answer('请按 1 确认'), { dtmf: '1' });
    assert.deepEqual(sut.answer('还有一件事'), { say: '第二句' });
    assert.deepEqual(sut.answer('bye now'), { say: '再见。', hangup: true });
    assert.deepEqual(sut.answer('还在吗'), {});
  });

  void it('draws from the pool once the script is used up', () => {
    const sut = callee({ name: 'p', script: ['s'], pool: ['a', 'b'] });
    assert.deepEqual(sut.answer(''), { say: 's' });
    const drawn = new Set(Array.from({ length: 40 }, () => sut.answer('').say));
    assert.deepEqual([...drawn].sort(), ['a', 'b']);
  });

  void it('stays silent and hangs up at the configured rates', () => {
    const silent = callee({ name: 's', pool: ['x'], silenceRate: 0.3, hangupRate: 0.5 }, 99);
    const n = 4000;
    let quiet = 0;
    let hangups = 0;
    for (let i = 0; i < n; i++) {
      const a = silent.answer('');
      if (a.hangup) hangups++;
      else if (a.say === undefined) quiet++;
    }
    assert.ok(Math.abs(quiet / n - 0.3) < 0.03, `silence ${quiet / n}`);
    assert.ok(Math.abs(hangups / n - 0.35) < 0.03, `hang-ups ${hangups / n}`); // 0.7 × 0.5
  });

  void it('gives the same answers for the same seed', () => {
    const input: PersonaInput = { name: 'p', pool: ['a', 'b', 'c', 'd'], silenceRate: 0.2 };
    const run = (): unknown[] => {
      const sut = callee(input, 5);
      return Array.from({ length: 20 }, () => sut.answer(''));
    };
    assert.deepEqual(run(), run());
  });
});
