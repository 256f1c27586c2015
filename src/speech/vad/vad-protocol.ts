// Messages between the VAD pool (main thread, vad-pool.ts) and its worker threads (vad-worker.ts).
import type { SileroVadOptions } from './silero-vad.js';

/** What a worker is started with. */
export interface VadWorkerData {
  readonly silero: SileroVadOptions;
  /** Detectors to build before the first `warmed`. */
  readonly spares: number;
}

export type ToVadWorker =
  /** A call takes a detector; its audio clock starts at `startSamples` (8 kHz samples). */
  | { readonly type: 'attach'; readonly slot: number; readonly startSamples: number }
  /** The call ended: its detector is reset and kept for the next call. */
  | { readonly type: 'detach'; readonly slot: number }
  /**
   * Frames of several calls in the order they were heard: frame k is `lengths[k]` samples of `pcm` for the
   * call `slots[k]`. The buffers are transferred, not copied.
   */
  | {
      readonly type: 'frames';
      readonly slots: Int32Array;
      readonly lengths: Int32Array;
      readonly pcm: Int16Array;
    }
  /** Keep at least `spares` unused detectors built; answered by `warmed` with the same id. */
  | { readonly type: 'warm'; readonly id: number; readonly spares: number }
  /**
   * Ends the thread between two messages, with this exit code. Never `Worker.terminate()`: interrupting the
   * thread inside a native call aborts the whole process.
   */
  | { readonly type: 'stop'; readonly code: number };

export type FromVadWorker =
  /** The thread is up (it builds its spares after saying so: a first call gets a detector at once). */
  | { readonly type: 'ready' }
  | { readonly type: 'warmed'; readonly id: number; readonly spares: number }
  /**
   * One verdict per frame of a `frames` message, in its order: voice under way and audio time after the
   * frame; `spurts` holds (frame index, startMs, endMs) triples of the spurts finished with each frame.
   */
  | {
      readonly type: 'verdicts';
      readonly speaking: Uint8Array;
      readonly nowMs: Float64Array;
      readonly spurts: Float64Array;
    };
