import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../lib/app-error.js';
import { errorFrame, formatFrame, parseClientMessage } from './script-test-protocol.js';

describe('parseClientMessage', () => {
  it('reads the start message with the reference spelling processs_type', () => {
    const msg = parseClientMessage(
      '{"processs_type":2,"question_sn":"20210421172227ZSE","project_sn":"projects|ab","api_key":"k","user_sn":"u","variables":{"姓名":"张三","n":5}}',
    );
    assert.deepEqual(msg, {
      kind: 'start',
      apiKey: 'k',
      userSn: 'u',
      csrf: '',
      projectSn: 'projects|ab',
      questionSn: '20210421172227ZSE',
      version: undefined,
      variables: { 姓名: '张三', n: '5' },
    });
    assert.equal(parseClientMessage('{"process_type":"2","project_sn":"p","version":"3"}').kind, 'start');
    const fromConsole = parseClientMessage('{"processs_type":2,"project_sn":"p","csrf":"tok"}');
    assert.equal(fromConsole.kind === 'start' && fromConsole.csrf, 'tok');
  });

  it('rejects a start message of another process type or without project_sn', () => {
    assert.throws(() => parseClientMessage('{"processs_type":1,"project_sn":"p"}'), AppError);
    assert.throws(() => parseClientMessage('{"processs_type":2}'), /project_sn/);
    assert.throws(() => parseClientMessage('{"processs_type":2,"project_sn":"p","version":0}'), /version/);
  });

  it('reads callee lines as plain text, {text} or {dtmf}', () => {
    assert.deepEqual(parseClientMessage('好的'), { kind: 'text', text: '好的' });
    assert.deepEqual(parseClientMessage('{"text":"可以"}'), { kind: 'text', text: '可以' });
    assert.deepEqual(parseClientMessage('{"dtmf":"1"}'), { kind: 'dtmf', digit: '1' });
    assert.deepEqual(parseClientMessage('{not json'), { kind: 'text', text: '{not json' });
    assert.throws(() => parseClientMessage('{"dtmf":"x"}'), AppError);
    assert.throws(() => parseClientMessage('{"other":1}'), AppError);
  });
});

describe('formatFrame', () => {
  it('joins the four fields with # and protects # inside them', () => {
    assert.equal(
      formatFrame({ text: '您好#1', audio: 'a.wav', toLearn: '', at: '2025-03-01 09:00:00' }),
      '您好＃1#a.wav##2025-03-01 09:00:00',
    );
    assert.equal(errorFrame(20005, 'x'), '{"code":20005,"msg":"x"}');
  });
});
