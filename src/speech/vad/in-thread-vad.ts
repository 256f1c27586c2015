import type { FrameVad, Vad, VadVerdict, VerdictListener } from '../speech.js';

/** A detector's verdict on one frame, taken in this thread. */
export function verdictOf(vad: Vad, frame: Int16Array): VadVerdict {
  const spurts = vad.accept(frame);
  return { spurts, speaking: vad.speaking, nowMs: vad.nowMs };
}

/**
 * A {@link Vad} running in the calling thread, as a {@link FrameVad}: each verdict comes back inside `push`.
 * For tests, tools and a process that hears few calls; production calls use the worker pool (vad-pool.ts).
 */
export class InThreadVad implements FrameVad {
  #listener: VerdictListener | undefined;

  constructor(private readonly vad: Vad) {}

  start(listener: VerdictListener): void {
    this.#listener = listener;
  }

  push(frame: Int16Array): void {
    this.#listener?.verdict(frame, verdictOf(this.vad, frame));
  }

  close(): void {
    this.#listener = undefined;
    this.vad.close();
  }
}

/** True for a {@link FrameVad} (as opposed to a plain in-thread {@link Vad}). */
export function isFrameVad(vad: Vad | FrameVad): vad is FrameVad {
  return 'push' in vad;
}
