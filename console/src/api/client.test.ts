import { describe, expect, it } from 'vitest';
import { envelopeError } from './client';

describe('envelopeError', () => {
  it('reads every envelope of the platform: code 0/200 and rst "200" succeed, anything else fails', () => {
    expect(envelopeError({ code: 0, msg: '', data: {} })).toBeUndefined();
    expect(envelopeError({ code: 200, msg: '请求成功', data: {} })).toBeUndefined();
    expect(envelopeError({ rst: '200', msg: '' })).toBeUndefined();
    expect(envelopeError({ total: 3, data: [] })).toBeUndefined();
    const err = envelopeError({ code: 20006, msg: '登录已过期,请重新登录' });
    expect(err?.code).toBe(20006);
    expect(err?.sessionEnded).toBe(true);
    expect(envelopeError({ rst: '40004', msg: '不存在' })?.message).toBe('不存在');
    expect(envelopeError({ code: 20007, msg: '' })?.message).toBe('请求失败');
  });
});
