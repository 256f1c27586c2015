import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readWav } from '../../lib/wav.js';
import { CallRecording } from './call-recording.js';

const frame = (value: number) => new Int16Array(160).fill(value);
const until = async (ok: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('CallRecording', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempFile = async (name: string) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aicall-rec-'));
    dirs.push(dir);
    return path.join(dir, 'a', 'b', name);
  };

  it('pairs queued callee audio with robot ticks: callee left, robot right, gaps silent', async () => {
    const file = await tempFile('pair.wav');
    const rec = new CallRecording(file, (err) => assert.fail(String(err)));
    rec.callee(frame(1000));
    rec.robot(frame(-2000)); // with the callee frame
    rec.robot(frame(-3000)); // nothing from the callee: silence on the left
    await rec.close();
    const buf = await readFile(file);
    assert.equal(buf.readUInt16LE(22), 2);
    assert.equal(buf.readUInt32LE(40), 2 * 160 * 4);
    assert.deepEqual([buf.readInt16LE(44), buf.readInt16LE(46)], [1000, -2000]);
    assert.deepEqual([buf.readInt16LE(44 + 160 * 4), buf.readInt16LE(46 + 160 * 4)], [0, -3000]);
    assert.equal(rec.durationMs, 40);
  });

  it('a call whose process dies mid-way (never closed) leaves a valid WAV of every flushed second', async () => {
    const file = await tempFile('crash.wav');
    const rec = new CallRecording(file, (err) => assert.fail(String(err)));
    for (let i = 0; i < 120; i++) rec.robot(frame(500)); // 2.4 s: two appends of 1 s, 0.4 s in memory
    const declared = async () => (await readFile(file).catch(() => Buffer.alloc(44))).readUInt32LE(40);
    await until(async () => (await declared()) === 100 * 160 * 4);
    const wav = readWav(await readFile(file));
    assert.equal(wav.samples.length, 100 * 160);
    await rec.close();
  });

  it('a full disk stops the recording with one error report and never throws into the call', async () => {
    const errors: unknown[] = [];
    const rec = new CallRecording('/dev/full', (err) => errors.push(err));
    for (let i = 0; i < 200; i++) rec.robot(frame(1)); // four appends, each refused with ENOSPC
    rec.callee(frame(1));
    await rec.close();
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as NodeJS.ErrnoException).code, 'ENOSPC');
  });

  it('an unwritable directory is reported, not thrown', async () => {
    const errors: unknown[] = [];
    const blocker = await tempFile('plain-file');
    await mkdir(path.dirname(blocker), { recursive: true });
    await writeFile(blocker, 'not a directory');
    const rec = new CallRecording(path.join(blocker, 'x.wav'), (err) => errors.push(err));
    rec.robot(frame(1));
    await rec.close();
    assert.equal(errors.length, 1);
  });
});
