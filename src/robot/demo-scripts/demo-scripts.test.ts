import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScript } from '../script/compile-script.js';
import { scriptColumns } from '../script/script-columns.js';
import { validateScript } from '../script/validate-script.js';
import { courseScript, demoScripts, paymentScript } from './index.js';

describe('demo scripts', () => {
  for (const script of demoScripts) {
    it(`${script.name}: validates without a single problem and compiles`, () => {
      const r = validateScript(script);
      assert.deepEqual(r.problems, []);
      assert.equal(r.ok, true);
      assert.ok(compileScript(script).nodes.size >= 10);
    });

    it(`${script.name}: has ≥ 8 knowledge items, global handlers and more than one flow`, () => {
      assert.ok(script.knowledge.length >= 8);
      const intents = new Set(script.globals.flatMap((g) => g.intents));
      for (const i of ['who_are_you', 'how_got_number', 'dont_call']) assert.ok(intents.has(i), i);
      assert.ok(script.flows.length >= 2);
      assert.ok(script.globals.some((g) => g.action?.type === 'addToDnd'));
    });
  }

  it('expose their import columns the way exportModel lists them', () => {
    assert.deepEqual(scriptColumns(courseScript), ['姓名', '*电话', '课程名称', '校区']);
    assert.deepEqual(scriptColumns(paymentScript), ['*姓名', '*电话', '*欠款金额', '*还款日期', '产品名称']);
  });
});
