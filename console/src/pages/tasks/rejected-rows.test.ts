import { describe, expect, it } from 'vitest';
import { rejectedRowsCsv } from './rejected-rows';

describe('refused import rows as CSV', () => {
  it('keeps the uploaded columns and adds why each row was not imported', () => {
    const csv = rejectedRowsCsv({
      import_fail_data: [
        { 姓名: '张三', 电话: 'abc' },
        { 姓名: '李四, 二', 电话: '13800000001' },
      ],
      import_fail_reasons: ['号码格式错误', '导入数据中号码重复'],
    });
    expect(csv).toBe(
      '\uFEFF姓名,电话,未导入原因\r\n张三,abc,号码格式错误\r\n"李四, 二",13800000001,导入数据中号码重复\r\n',
    );
  });

  it('leaves the reason empty when the server gave none', () => {
    const csv = rejectedRowsCsv({ import_fail_data: [{ 电话: '1' }], import_fail_reasons: undefined });
    expect(csv).toBe('\uFEFF电话,未导入原因\r\n1,\r\n');
  });
});
