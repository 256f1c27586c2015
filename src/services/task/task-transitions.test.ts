import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskStatus } from './task-status.js';
import { decide, isTaskStatus, TaskEvent } from './task-transitions.js';

describe('decide', () => {
  it('moves a paused or not-started task to sending on resume', () => {
    assert.deepEqual(decide(TaskStatus.paused, TaskEvent.resume), { kind: 'move', to: TaskStatus.sending });
    assert.deepEqual(decide(TaskStatus.notStarted, TaskEvent.resume), {
      kind: 'move',
      to: TaskStatus.sending,
    });
  });

  it('refuses to resume a terminated task with a message naming both', () => {
    assert.deepEqual(decide(TaskStatus.terminated, TaskEvent.resume), {
      kind: 'refuse',
      message: '任务已终止,不能继续',
    });
  });

  it('treats repeating the current state as a no-op', () => {
    assert.deepEqual(decide(TaskStatus.paused, TaskEvent.pause), { kind: 'same' });
    assert.deepEqual(decide(TaskStatus.terminated, TaskEvent.terminate), { kind: 'same' });
    assert.deepEqual(decide(TaskStatus.sending, TaskEvent.resume), { kind: 'same' });
  });

  it('finishes only a sending task and never pauses a finished one', () => {
    assert.deepEqual(decide(TaskStatus.sending, TaskEvent.finish), { kind: 'move', to: TaskStatus.finished });
    assert.equal(decide(TaskStatus.paused, TaskEvent.finish).kind, 'refuse');
    assert.equal(decide(TaskStatus.finished, TaskEvent.pause).kind, 'refuse');
    assert.equal(decide(TaskStatus.finished, TaskEvent.terminate).kind, 'refuse');
  });

  it('reopens a finished task but leaves a paused one paused', () => {
    assert.deepEqual(decide(TaskStatus.finished, TaskEvent.reopen), { kind: 'move', to: TaskStatus.sending });
    assert.deepEqual(decide(TaskStatus.paused, TaskEvent.reopen), { kind: 'same' });
    assert.equal(decide(TaskStatus.terminated, TaskEvent.reopen).kind, 'refuse');
  });

  it('stops an active task when it is removed and keeps a finished one as it is', () => {
    assert.deepEqual(decide(TaskStatus.sending, TaskEvent.remove), {
      kind: 'move',
      to: TaskStatus.terminated,
    });
    assert.deepEqual(decide(TaskStatus.finished, TaskEvent.remove), { kind: 'same' });
  });

  it('refuses everything for an unknown stored status', () => {
    assert.equal(isTaskStatus(3), false);
    assert.equal(decide(3, TaskEvent.pause).kind, 'refuse');
  });

  it('only starts a not-started task', () => {
    assert.deepEqual(decide(TaskStatus.notStarted, TaskEvent.start), {
      kind: 'move',
      to: TaskStatus.sending,
    });
    assert.equal(decide(TaskStatus.paused, TaskEvent.start).kind, 'refuse');
  });

  it('parks a finished task as paused when numbers are appended, and refuses a terminated one', () => {
    assert.deepEqual(decide(TaskStatus.finished, TaskEvent.append), { kind: 'move', to: TaskStatus.paused });
    assert.deepEqual(decide(TaskStatus.sending, TaskEvent.append), { kind: 'same' });
    assert.deepEqual(decide(TaskStatus.terminated, TaskEvent.append), {
      kind: 'refuse',
      message: '任务已终止,不能追加号码',
    });
  });
});
