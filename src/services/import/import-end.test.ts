import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APPENDED_PAUSE_REASON, importEndEffect } from './import-end.js';

const now = new Date('2025-01-01T08:00:00Z');
const end = { added: 2, lastImport: true, hasWaiting: true, now };

void describe('importEndEffect', () => {
  void it('pauses a finished task that received numbers, and only then', () => {
    const finished = { status: 1, autoStart: false, timedStartedAt: null };
    assert.deepEqual(importEndEffect(finished, end), { event: 'append', reason: APPENDED_PAUSE_REASON });
    assert.deepEqual(importEndEffect(finished, { ...end, added: 0 }), undefined);
  });

  void it('keeps sending, paused and terminated tasks as they are', () => {
    for (const status of [0, 4, 6]) {
      assert.deepEqual(importEndEffect({ status, autoStart: true, timedStartedAt: null }, end), undefined);
    }
  });

  void it('auto-starts a new task when due, imported and with numbers', () => {
    const task = { status: 2, autoStart: true, timedStartedAt: null };
    assert.deepEqual(importEndEffect(task, end), { event: 'start', reason: '' });
    assert.deepEqual(importEndEffect(task, { ...end, hasWaiting: false }), undefined);
    assert.deepEqual(importEndEffect(task, { ...end, lastImport: false }), undefined);
    assert.deepEqual(importEndEffect({ ...task, autoStart: false }, end), undefined);
  });

  void it('starts a scheduled task only once its time has come', () => {
    const past = { status: 2, autoStart: false, timedStartedAt: new Date(now.getTime() - 1000) };
    const future = { ...past, timedStartedAt: new Date(now.getTime() + 60_000) };
    assert.equal(importEndEffect(past, end)?.event, 'start');
    assert.deepEqual(importEndEffect(future, end), undefined);
  });
});
