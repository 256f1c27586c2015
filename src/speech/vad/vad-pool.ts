import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FrameVad, VadVerdict, VerdictListener } from '../speech.js';
import { PHONE_SAMPLE_RATE } from '../speech.js';
import type { SileroVadOptions } from './silero-vad.js';
import type { FromVadWorker, ToVadWorker, VadWorkerData } from './vad-protocol.js';
import { workerEntry } from '../../lib/worker-entry.js';

export interface VadPoolOptions {
  /** Worker threads; default one per core (the model's inference is most of a call's CPU, the event loop's part is small). */
  workers?: number;
  /** Detectors each worker builds ahead, so a new call does not wait for a model to load. */
  spares?: number;
  silero?: SileroVadOptions;
  /** A worker died or could not start (logged by the owner; its calls go on, see {@link VadPool}). */
  onWorkerError?: (err: unknown) => void;
}

/** A worker that dies this often within {@link RESTART_WINDOW_MS} is not started again. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** The default pool size on this machine. */
export function defaultVadWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Silero detectors on worker threads, shared by every call of the process. Each call's {@link FrameVad}
 * (`open()`) is homed on the least busy worker; its frames are batched per event-loop turn into one message
 * per worker (buffers transferred) and the verdicts come back in order.
 *
 * Frames heard while a worker starts wait for it (up to 10 s). A worker that dies is started again (at most
 * {@link MAX_RESTARTS} times a minute): its calls are told their detector was lost (an utterance under way
 * ends as "not recognised / vadUnavailable"), the frames it had not judged count as silence, and the calls go
 * on with a fresh detector on the new worker, on the same audio clock. Without any worker a call hears only
 * silence: the robot's silence handling takes over.
 */
export class VadPool {
  readonly #workers: PoolWorker[];
  #closed = false;
  #warmId = 0;

  constructor(private readonly options: VadPoolOptions = {}) {
    const size = Math.max(1, options.workers ?? defaultVadWorkers());
    this.#workers = Array.from({ length: size }, () => new PoolWorker(options));
  }

  /** A detector for one call (built ahead on its worker). */
  open(): FrameVad {
    const live = this.#workers.filter((w) => !w.dead);
    const home = live.sort((a, b) => a.clients.size - b.clients.size)[0];
    return new PooledVad(home);
  }

  /** Resolves once every worker has `perWorker` detectors built (and is up). */
  async warm(perWorker = this.options.spares ?? 0): Promise<void> {
    const id = ++this.#warmId;
    await Promise.all(this.#workers.map((w) => w.warm(id, perWorker)));
  }

  /** The live worker threads (for diagnostics). */
  get threads(): readonly Worker[] {
    return this.#workers.flatMap((w) => (w.thread ? [w.thread] : []));
  }

  /** Workers started again after dying, since the pool was made. */
  get restarts(): number {
    return this.#workers.reduce((n, w) => n + w.restarts, 0);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#workers.map((w) => w.close()));
  }
}

interface Judged {
  readonly client: PooledVad;
  readonly frame: Int16Array;
  /** The call's audio clock after this frame (8 kHz samples). */
  readonly endSamples: number;
}

const silence = (samples: number): VadVerdict => ({
  spurts: [],
  speaking: false,
  nowMs: (samples * 1000) / PHONE_SAMPLE_RATE,
});

/** Frames a call may hold while its worker starts (10 s); beyond, they count as silence. */
const MAX_WAITING_FRAMES = 500;

/** One call's detector on the pool (see {@link VadPool}). */
class PooledVad implements FrameVad {
  static #next = 0;
  readonly slot = ++PooledVad.#next;
  #listener: VerdictListener | undefined;
  /** Samples pushed so far: the call's audio clock. */
  samples = 0;
  /** Frames pushed while the worker was starting: judged once it is up, in order. */
  waiting: Judged[] = [];
  closed = false;

  constructor(private home: PoolWorker | undefined) {
    home?.adopt(this);
  }

  start(listener: VerdictListener): void {
    this.#listener = listener;
  }

  push(frame: Int16Array): void {
    if (this.closed) return;
    this.samples += frame.length;
    const judged = { client: this, frame, endSamples: this.samples };
    if (this.home?.attached(this)) this.home.enqueue(judged);
    else if (this.home && !this.home.dead && this.waiting.length < MAX_WAITING_FRAMES) {
      this.waiting.push(judged);
    } else {
      this.silenceWaiting();
      this.deliver(judged, silence(this.samples));
    }
  }

  /** Where the frames not yet sent begin on the call's clock. */
  get unsentFrom(): number {
    return this.samples - this.waiting.reduce((n, j) => n + j.frame.length, 0);
  }

  /** The frames held while the worker started count as silence (it will not come up). */
  silenceWaiting(): void {
    for (const judged of this.waiting.splice(0)) this.deliver(judged, silence(judged.endSamples));
  }

  deliver(judged: Judged, verdict: VadVerdict): void {
    if (!this.closed) this.#listener?.verdict(judged.frame, verdict);
  }

  lost(): void {
    if (!this.closed) this.#listener?.lost();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = [];
    this.home?.release(this);
    this.home = undefined;
    this.#listener = undefined;
  }
}

/** One worker thread of the pool, started again when it dies. */
class PoolWorker {
  thread: Worker | undefined;
  readonly clients = new Set<PooledVad>();
  /** Clients whose detector is attached on the current thread. */
  readonly #attached = new Set<PooledVad>();
  #batch: Judged[] = [];
  /** Batches sent and not yet judged, oldest first (the worker answers in order). */
  readonly #inFlight: Judged[][] = [];
  #ready = false;
  #closing = false;
  #deaths: number[] = [];
  restarts = 0;
  dead = false;
  readonly #warms = new Map<number, () => void>();
  #wantedSpares: number;

  constructor(private readonly options: VadPoolOptions) {
    this.#wantedSpares = options.spares ?? 4;
    this.#start();
  }

  adopt(client: PooledVad): void {
    this.clients.add(client);
    if (this.#ready) this.#attach(client);
  }

  attached(client: PooledVad): boolean {
    return this.#attached.has(client);
  }

  release(client: PooledVad): void {
    this.clients.delete(client);
    if (this.#attached.delete(client)) this.#post({ type: 'detach', slot: client.slot });
  }

  enqueue(judged: Judged): void {
    if (this.#batch.length === 0) setImmediate(() => this.#flush());
    this.#batch.push(judged);
  }

  warm(id: number, spares: number): Promise<void> {
    this.#wantedSpares = Math.max(this.#wantedSpares, spares);
    if (this.dead) return Promise.resolve();
    // Someone awaits the thread: it keeps the process alive until it has answered.
    this.thread?.ref();
    return new Promise<void>((resolve) => {
      this.#warms.set(id, resolve);
      if (this.#ready) this.#post({ type: 'warm', id, spares });
    }).finally(() => {
      if (this.#warms.size === 0) this.thread?.unref();
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const resolve of this.#warms.values()) resolve();
    this.#warms.clear();
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    thread.postMessage({ type: 'stop', code: 0 } satisfies ToVadWorker);
    await exited;
  }

  #start(): void {
    const data: VadWorkerData = { silero: this.options.silero ?? {}, spares: this.#wantedSpares };
    const thread = new Worker(workerEntry(new URL('./vad-worker.ts', import.meta.url)), {
      workerData: data,
      execArgv: [],
    });
    this.thread = thread;
    this.#ready = false;
    thread.on('message', (message: FromVadWorker) => this.#onMessage(message));
    thread.on('error', (err) => this.options.onWorkerError?.(err));
    thread.on('exit', (code) => this.#onExit(thread, code));
    // After the listeners (adding one refs the thread again): the pool never keeps the process alive.
    thread.unref();
  }

  #onMessage(message: FromVadWorker): void {
    if (message.type === 'ready') return this.#onReady();
    if (message.type === 'warmed') {
      const resolve = this.#warms.get(message.id);
      this.#warms.delete(message.id);
      resolve?.();
      return;
    }
    const batch = this.#inFlight.shift();
    if (!batch) return;
    const { speaking, nowMs, spurts } = message;
    let s = 0;
    batch.forEach((judged, k) => {
      const finished: { startMs: number; endMs: number }[] = [];
      for (; s < spurts.length && spurts[s] === k; s += 3) {
        finished.push({ startMs: spurts[s + 1]!, endMs: spurts[s + 2]! });
      }
      judged.client.deliver(judged, { spurts: finished, speaking: speaking[k] === 1, nowMs: nowMs[k]! });
    });
  }

  #onReady(): void {
    this.#ready = true;
    for (const client of this.clients) this.#attach(client);
    // Warm-ups asked for while the thread was starting.
    for (const id of this.#warms.keys()) this.#post({ type: 'warm', id, spares: this.#wantedSpares });
  }

  #attach(client: PooledVad): void {
    this.#attached.add(client);
    this.#post({ type: 'attach', slot: client.slot, startSamples: client.unsentFrom });
    for (const judged of client.waiting.splice(0)) this.enqueue(judged);
  }

  #flush(): void {
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length === 0) return;
    const slots = new Int32Array(batch.length);
    const lengths = new Int32Array(batch.length);
    const pcm = new Int16Array(batch.reduce((n, j) => n + j.frame.length, 0));
    let offset = 0;
    batch.forEach((judged, k) => {
      slots[k] = judged.client.slot;
      lengths[k] = judged.frame.length;
      pcm.set(judged.frame, offset);
      offset += judged.frame.length;
    });
    this.#inFlight.push(batch);
    this.#post({ type: 'frames', slots, lengths, pcm }, [slots.buffer, lengths.buffer, pcm.buffer]);
  }

  #post(message: ToVadWorker, transfer: ArrayBuffer[] = []): void {
    this.thread?.postMessage(message, transfer);
  }

  /** The thread ended: unless the pool is closing, its calls lose their detectors and a new thread starts. */
  #onExit(thread: Worker, code: number): void {
    if (thread !== this.thread) return;
    this.thread = undefined;
    this.#ready = false;
    const unjudged = [...this.#inFlight.splice(0).flat(), ...this.#batch.splice(0)];
    const hadDetector = [...this.#attached];
    this.#attached.clear();
    if (this.#closing) return;
    this.options.onWorkerError?.(new Error(`VAD worker thread exited with code ${code}`));
    for (const client of hadDetector) client.lost();
    for (const judged of unjudged) judged.client.deliver(judged, silence(judged.endSamples));
    const now = Date.now();
    this.#deaths = [...this.#deaths.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.#deaths.length > MAX_RESTARTS) {
      this.dead = true;
      for (const client of this.clients) client.silenceWaiting();
      for (const resolve of this.#warms.values()) resolve();
      this.#warms.clear();
      this.#warms.clear();
      this.options.onWorkerError?.(new Error('VAD worker thread keeps dying; its calls hear silence'));
      return;
    }
    this.restarts++;
    this.#start();
  }
}
