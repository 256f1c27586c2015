/**
 * The recording of one answered call: a stereo 16-bit 8 kHz WAV file (left = callee, right = robot) written
 * while the call runs.
 *
 * - Timeline: the robot's side is sent on the shared 20 ms media clock, one frame per tick whether or not
 *   anything plays, so each robot frame is one 20 ms step of the file; the callee's decoded audio (which
 *   arrives when the network delivers it) waits in a short queue and is paired with the next robot frames.
 *   A gap in the callee's packets is silence on the left; a burst beyond {@link MAX_CALLEE_QUEUE} drops the
 *   oldest audio so the two sides stay within a fraction of a second of each other.
 * - Streaming: about one second of audio is kept in memory and then appended; after each append the RIFF and
 *   data sizes in the header are rewritten, so the file on disk is always a complete WAV of everything
 *   flushed: a process that dies mid-call leaves a playable file short of at most the last second.
 * - Faults (disk full, permissions): the first write error is reported once through `onError`, recording
 *   stops, the call goes on.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { wavHeader } from '../../lib/wav.js';
import { FRAME_SAMPLES } from '../rtp/media-clock.js';

const RATE = 8000;
const CHANNELS = 2;
const BYTES_PER_FRAME = FRAME_SAMPLES * CHANNELS * 2;
/** Frames kept before an append: 1 s. */
const FLUSH_FRAMES = 50;
/** Callee samples waiting for robot ticks beyond this (0.5 s) are dropped, oldest first. */
const MAX_CALLEE_QUEUE = RATE / 2;
const HEADER_BYTES = 44;

export class CallRecording {
  /** Audio written or waiting to be, in ms. */
  durationMs = 0;
  /** Resolves once the file is complete on disk (after `close()`; never rejects). */
  readonly written: Promise<void>;
  #markWritten!: () => void;
  #handle: Promise<FileHandle | undefined>;
  #pending: Buffer[] = [];
  #pendingFrames = 0;
  #dataBytes = 0;
  #callee: Int16Array[] = [];
  #calleeOffset = 0;
  #calleeQueued = 0;
  #failed = false;
  #closed = false;
  /** Appends run one after another, in order. */
  #chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.#handle = this.#open();
    this.written = new Promise((resolve) => (this.#markWritten = resolve));
  }

  /** One decoded frame of the callee's audio (any length). */
  callee(samples: Int16Array): void {
    if (this.#closed || this.#failed) return;
    this.#callee.push(samples);
    this.#calleeQueued += samples.length;
    while (this.#calleeQueued - this.#calleeOffset > MAX_CALLEE_QUEUE && this.#callee.length > 1) {
      const dropped = this.#callee.shift() as Int16Array;
      this.#calleeQueued -= dropped.length;
      this.#calleeOffset = 0;
    }
  }

  /** One 20 ms frame the robot sent (decoded): advances the file by 20 ms. */
  robot(samples: Int16Array): void {
    if (this.#closed || this.#failed) return;
    const frame = Buffer.allocUnsafe(BYTES_PER_FRAME);
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      frame.writeInt16LE(this.#nextCallee(), i * 4);
      frame.writeInt16LE(samples[i] ?? 0, i * 4 + 2);
    }
    this.#pending.push(frame);
    this.#pendingFrames++;
    this.durationMs += 20;
    if (this.#pendingFrames >= FLUSH_FRAMES) this.#flush();
  }

  /** Writes what is left and closes the file; resolves when done (never rejects). */
  close(): Promise<void> {
    if (this.#closed) return this.#chain;
    this.#closed = true;
    this.#flush();
    this.#chain = this.#chain.then(async () => {
      const handle = await this.#handle;
      await handle?.close().catch(() => undefined);
      this.#markWritten();
    });
    return this.#chain;
  }

  #nextCallee(): number {
    const head = this.#callee[0];
    if (!head) return 0;
    const v = head[this.#calleeOffset++] ?? 0;
    if (this.#calleeOffset >= head.length) {
      this.#callee.shift();
      this.#calleeQueued -= head.length;
      this.#calleeOffset = 0;
    }
    return v;
  }

  async #open(): Promise<FileHandle | undefined> {
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const handle = await open(this.file, 'w', 0o640);
      await handle.write(wavHeader(RATE, CHANNELS, 0), 0, HEADER_BYTES, 0);
      return handle;
    } catch (err) {
      this.#fail(err);
      return undefined;
    }
  }

  #flush(): void {
    if (this.#pendingFrames === 0 || this.#failed) return;
    const data = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingFrames = 0;
    this.#chain = this.#chain.then(() => this.#append(data));
  }

  async #append(data: Buffer): Promise<void> {
    const handle = await this.#handle;
    if (!handle || this.#failed) return;
    try {
      await handle.write(data, 0, data.length, HEADER_BYTES + this.#dataBytes);
      this.#dataBytes += data.length;
      // Sizes after the data they describe: a crash between the two leaves a valid, shorter file.
      await handle.write(wavHeader(RATE, CHANNELS, this.#dataBytes), 0, HEADER_BYTES, 0);
    } catch (err) {
      this.#fail(err);
    }
  }

  #fail(err: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#pending = [];
    this.#callee = [];
    this.onError(err);
  }
}
