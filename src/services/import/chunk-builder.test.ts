import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chunkCopyLines,
  chunkCopyOutput,
  chunkOutcomeByPhone,
} from '../../repositories/import-chunk-lines.js';
import { buildChunk, type StagedChunk } from './chunk-builder.js';

const scope = { teamId: '7', taskId: '8', importId: '9' };

/** The chunk's default lines as text, one per row. */
function lines(c: StagedChunk): string[] {
  const text: string[] = [];
  for (let i = 0; i < c.rows; i++) {
    text.push(Buffer.from(c.lines.subarray(i === 0 ? 0 : c.lineEnds[i - 1], c.lineEnds[i])).toString('utf8'));
  }
  return text;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

void describe('buildChunk', () => {
  void it('normalizes phones for staging and writes each row as a dialable number, COPY-escaped', () => {
    const c = buildChunk(
      [
        { rowNo: 2, columns: { 姓名: '张\\三', 电话: '+86 138-0013-8000' } },
        { rowNo: 3, columns: { 姓名: 'a\tb\nc', 电话: 'abc' } },
        { rowNo: 4, columns: { 姓名: 'x\u0000y', 电话: '' } },
      ],
      '电话',
      scope,
    );
    assert.equal(c.rows, 3);
    assert.equal(c.invalid, 2);
    assert.equal(
      Buffer.from(c.stage).toString('utf8'),
      '2\t13800138000\t\\N\t\\N\n3\t\\N\t号码格式错误\tfail\n4\t\\N\t号码为空\tfail\n',
    );
    assert.deepEqual([...c.rowNos], [2, 3, 4]);
    assert.deepEqual([...c.firsts], [1, 0, 0]);
    assert.deepEqual(lines(c), [
      '7\t8\t9\t13800138000\t2\t{"姓名":"张\\\\\\\\三","电话":"+86 138-0013-8000"}\tkuwu\t0\n',
      '7\t8\t9\t\\N\t3\t{"姓名":"a\\\\tb\\\\nc","电话":"abc"}\tkuwu\t0\n',
      '7\t8\t9\t\\N\t4\t{"姓名":"xy","电话":""}\tkuwu\t0\n',
    ]);
  });

  void it('disposes of later rows repeating a number of the same chunk, whatever its spelling', () => {
    const c = buildChunk(
      [
        { rowNo: 2, columns: { 电话: '13800138000' } },
        { rowNo: 3, columns: { 电话: 'x' } },
        { rowNo: 4, columns: { 电话: '+86 138 0013 8000' } },
        { rowNo: 5, columns: { 电话: '13900139000' } },
      ],
      '电话',
      scope,
    );
    assert.deepEqual(Buffer.from(c.stage).toString('utf8').trimEnd().split('\n'), [
      '2\t13800138000\t\\N\t\\N',
      '3\t\\N\t号码格式错误\tfail',
      '4\t13800138000\t导入数据中号码重复\trepeat',
      '5\t13900139000\t\\N\t\\N',
    ]);
    assert.deepEqual(
      [...c.firsts],
      [1, 0, 0, 1],
      'only the first row with a valid number counts as its first',
    );
  });
});

void describe('chunkCopyLines', () => {
  const c = buildChunk(
    [
      { rowNo: 2, columns: { 姓名: '甲', 电话: '13800000001' } },
      { rowNo: 3, columns: { 姓名: '乙', 电话: '13800000002' } },
      { rowNo: 4, columns: { 姓名: '丙\t', 电话: '13800000003' } },
      { rowNo: 5, columns: { 姓名: '丁', 电话: 'bad' } },
      { rowNo: 6, columns: { 姓名: '戊', 电话: '13800000005' } },
      { rowNo: 7, columns: { 姓名: '己', 电话: '13800000006' } },
      { rowNo: 8, columns: { 姓名: '庚', 电话: '13800000007' } },
    ],
    '电话',
    scope,
  );

  const out = chunkCopyOutput();

  void it('sends undecided rows as they are and rewrites only the decided ones, in file order', () => {
    const { numbers, rejects, counts } = chunkCopyLines(
      scope,
      c,
      [
        { row_no: 3, disposition: 'blacklist', reason: '号码在防打扰名单中', detection: null, held: false },
        { row_no: 4, disposition: 'kong', reason: null, detection: 'kong', held: true },
        { row_no: 5, disposition: 'fail', reason: '号码格式错误', detection: null, held: false },
        { row_no: 7, disposition: null, reason: null, detection: 'shi', held: false },
      ],
      out,
    );
    assert.equal(
      text(numbers),
      [
        '7\t8\t9\t13800000001\t2\t{"姓名":"甲","电话":"13800000001"}\tkuwu\t0',
        '7\t8\t9\t13800000003\t4\t{"姓名":"丙\\\\t","电话":"13800000003"}\tkong\t4',
        '7\t8\t9\t13800000005\t6\t{"姓名":"戊","电话":"13800000005"}\tkuwu\t0',
        '7\t8\t9\t13800000006\t7\t{"姓名":"己","电话":"13800000006"}\tshi\t0',
        '7\t8\t9\t13800000007\t8\t{"姓名":"庚","电话":"13800000007"}\tkuwu\t0',
        '',
      ].join('\n'),
    );
    assert.equal(
      text(rejects),
      [
        '9\t7\t3\t13800000002\tblacklist\t号码在防打扰名单中\t{"姓名":"乙","电话":"13800000002"}',
        '9\t7\t5\t\\N\tfail\t号码格式错误\t{"姓名":"丁","电话":"bad"}',
        '',
      ].join('\n'),
    );
    const byOutcome = Object.fromEntries(counts.map((n) => [`${n.disposition}|${n.held}`, n.rows]));
    assert.deepEqual(byOutcome, {
      'blacklist|false': 1,
      'kong|true': 1,
      'fail|false': 1,
      'shi|false': 1,
      'kuwu|false': 3,
    });
  });

  void it("a chunk nobody decided about is its lines as they are, written over the last chunk's output", () => {
    const undecided = buildChunk([{ rowNo: 2, columns: { 电话: '13800000001' } }], '电话', scope);
    const { numbers, rejects } = chunkCopyLines(scope, undecided, [], out);
    assert.deepEqual(numbers, Buffer.from(undecided.lines));
    assert.equal(rejects.length, 0);
    assert.equal(numbers.buffer, out.numbers.buffer.buffer, 'the output written over, not allocated again');
  });

  void it("lists the chunk's distinct numbers by whether it stores or rejects them, each from its first row", () => {
    const repeated = buildChunk(
      [
        { rowNo: 2, columns: { 电话: '13800000001' } },
        { rowNo: 3, columns: { 电话: '13800000002' } },
        { rowNo: 4, columns: { 电话: 'bad' } },
        { rowNo: 5, columns: { 电话: '+86 138 0000 0001' } },
        { rowNo: 6, columns: { 电话: '13800000006' } },
        { rowNo: 7, columns: { 电话: '13800000007' } },
      ],
      '电话',
      scope,
    );
    const outcome = chunkOutcomeByPhone(scope, repeated, [
      { row_no: 3, disposition: 'blacklist', reason: null, detection: null, held: false },
      { row_no: 4, disposition: 'fail', reason: null, detection: null, held: false },
      // A later row of a number is decided a repeat; the number's first row (stored) decides its outcome.
      { row_no: 5, disposition: 'repeat', reason: null, detection: null, held: false },
      { row_no: 7, disposition: 'filter', reason: null, detection: null, held: false },
    ]);
    assert.equal(outcome.stored.toString('latin1'), '13800000001,13800000006');
    assert.equal(outcome.rejected.toString('latin1'), '13800000002,13800000007');
    const none = chunkOutcomeByPhone(
      scope,
      buildChunk([{ rowNo: 2, columns: { 电话: 'x' } }], '电话', scope),
      [],
    );
    assert.deepEqual([none.stored.length, none.rejected.length], [0, 0]);
  });
});
