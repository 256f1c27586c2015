import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  ping: { n: number };
  pong: { s: string };
}

void describe(TypedEmitter.name, () => {
  void it('calls listeners of the event in order, and only them', () => {
    const sut = new TypedEmitter<Events>();
    const seen: string[] = [];
    sut.on('ping', (e) => seen.push(`a${e.n}`));
    sut.on('ping', (e) => seen.push(`b${e.n}`));
    sut.on('pong', (e) => seen.push(e.s));
    sut.emit('ping', { n: 1 });
    assert.deepEqual(seen, ['a1', 'b1']);
  });

  void it('unsubscribes one registration even when the same function was added twice', () => {
    const sut = new TypedEmitter<Events>();
    let count = 0;
    const listener = (): void => void count++;
    const off = sut.on('ping', listener);
    sut.on('ping', listener);
    off();
    off();
    sut.emit('ping', { n: 1 });
    assert.equal(count, 1);
  });

  void it('still reaches every listener when one throws, then rethrows the first error', () => {
    const sut = new TypedEmitter<Events>();
    const seen: number[] = [];
    sut.on('ping', () => {
      throw new Error('first');
    });
    sut.on('ping', () => {
      throw new Error('second');
    });
    sut.on('ping', (e) => seen.push(e.n));
    assert.throws(() => sut.emit('ping', { n: 7 }), /first/);
    assert.deepEqual(seen, [7]);
  });

  void it('forgets every listener on clear()', () => {
    const sut = new TypedEmitter<Events>();
    let count = 0;
    sut.on('ping', () => void count++);
    sut.clear();
    sut.emit('ping', { n: 1 });
    assert.equal(count, 0);
  });
});
