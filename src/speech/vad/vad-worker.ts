// A VAD pool worker thread: holds Silero detectors (built ahead, reused call after call) and judges the frames
// the main thread sends, so the model's inference never runs on the event loop that carries the calls' media.
import { parentPort, workerData } from 'node:worker_threads';
import { SileroVad } from './silero-vad.js';
import type { FromVadWorker, ToVadWorker, VadWorkerData } from './vad-protocol.js';

const data = workerData as VadWorkerData;
const port = parentPort;
if (!port) throw new Error('vad-worker runs only as a worker thread');

const spares: SileroVad[] = [];
const attached = new Map<number, SileroVad>();
let wanted = data.spares;
const waiting: number[] = [];
let building = false;

const send = (message: FromVadWorker, transfer?: ArrayBuffer[]): void =>
  port.postMessage(message, transfer ?? []);

/** Builds missing spares one at a time, yielding between builds so frames are judged meanwhile. */
function refill(): void {
  if (building) return;
  if (spares.length >= wanted) {
    for (const id of waiting.splice(0)) send({ type: 'warmed', id, spares: spares.length });
    return;
  }
  building = true;
  setImmediate(() => {
    building = false;
    spares.push(new SileroVad(data.silero));
    refill();
  });
}

function judge(slots: Int32Array, lengths: Int32Array, pcm: Int16Array): void {
  const speaking = new Uint8Array(slots.length);
  const nowMs = new Float64Array(slots.length);
  const spurts: number[] = [];
  let offset = 0;
  for (let k = 0; k < slots.length; k++) {
    const frame = pcm.subarray(offset, offset + lengths[k]!);
    offset += lengths[k]!;
    const vad = attached.get(slots[k]!);
    if (!vad) continue; // detached while the frame was on its way
    for (const s of vad.accept(frame)) spurts.push(k, s.startMs, s.endMs);
    speaking[k] = vad.speaking ? 1 : 0;
    nowMs[k] = vad.nowMs;
  }
  const spurtArray = Float64Array.from(spurts);
  send({ type: 'verdicts', speaking, nowMs, spurts: spurtArray }, [
    speaking.buffer,
    nowMs.buffer,
    spurtArray.buffer,
  ]);
}

port.on('message', (message: ToVadWorker) => {
  switch (message.type) {
    case 'attach': {
      const vad = spares.pop() ?? new SileroVad(data.silero);
      vad.reset(message.startSamples);
      attached.set(message.slot, vad);
      refill();
      return;
    }
    case 'detach': {
      const vad = attached.get(message.slot);
      attached.delete(message.slot);
      if (!vad) return;
      vad.reset();
      spares.push(vad);
      return;
    }
    case 'frames':
      judge(message.slots, message.lengths, message.pcm);
      return;
    case 'warm':
      wanted = Math.max(wanted, message.spares);
      waiting.push(message.id);
      refill();
      return;
    case 'stop':
      process.exit(message.code);
  }
});

send({ type: 'ready' });
refill();
