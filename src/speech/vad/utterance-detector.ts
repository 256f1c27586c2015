import { FRAME_MS, type Utterance, type VadVerdict } from '../speech.js';
import { PcmRing } from './pcm-ring.js';

export interface TurnOptions {
  /** Silence after the last voice that ends the callee's turn. */
  endOfTurnMs: number;
  /** A callee who never stops is cut here (and heard as one utterance). */
  maxUtteranceMs: number;
  /** An utterance with less voice than this, in one spurt, is `short` (嗯 / 对 / a cough). */
  shortVoiceMs: number;
}

/** Defaults: ~600 ms end of turn, 350 ms after a 是/不是 question, 15 s cap. */
export const DEFAULT_TURN: TurnOptions = { endOfTurnMs: 600, maxUtteranceMs: 15_000, shortVoiceMs: 450 };
export const YES_NO_END_OF_TURN_MS = 350;

/** Audio kept before the detected start: the detector decides ~100–150 ms after voice begins. */
const LEAD_IN_MS = 300;

export type DetectorEvent =
  /** Voice began. `atMs`: when it was detected; `voiceStartMs`: estimate of where it began. */
  | { readonly type: 'speechStart'; readonly atMs: number; readonly voiceStartMs: number }
  | { readonly type: 'utterance'; readonly utterance: Utterance };

/**
 * Turns a VAD's verdicts into callee turns: consecutive spurts closer than the end-of-turn silence are one
 * utterance; the turn ends `endOfTurnMs` after the last voice, or at the cap. The end-of-turn silence can
 * change at any time (each listening node sets its own). The verdicts may come from this thread or from a
 * worker thread (see vad/in-thread-vad.ts and vad/vad-pool.ts); the detector only follows them.
 */
export class UtteranceDetector {
  /** The last verdict followed. */
  #vad: Pick<VadVerdict, 'speaking' | 'nowMs'> = { speaking: false, nowMs: 0 };
  readonly #ring: PcmRing;
  #turn: TurnOptions;
  #active = false;
  #detectedAtMs = 0;
  #startMs = 0;
  #lastEndMs: number | undefined;
  #voicedMs = 0;
  #spurts = 0;
  /** No earlier start than this: after a cap, the next utterance begins at the cut. */
  #floorMs = -Infinity;

  constructor(turn: Partial<TurnOptions> = {}) {
    this.#turn = { ...DEFAULT_TURN, ...turn };
    this.#ring = new PcmRing(this.#turn.maxUtteranceMs / 1000 + 3);
  }

  /** Changes the end-of-turn rules from now on (the utterance under way included). */
  setTurn(turn: Partial<TurnOptions>): void {
    this.#turn = { ...this.#turn, ...turn };
  }

  get turn(): Readonly<TurnOptions> {
    return this.#turn;
  }

  /** True from the detected start of voice until the end of the turn. */
  get inUtterance(): boolean {
    return this.#active;
  }

  /** Voice under way now (not counting the end-of-turn wait). */
  get speaking(): boolean {
    return this.#vad.speaking;
  }

  /** How long the current run of voice has lasted since it was detected (0 when quiet). */
  get currentVoiceMs(): number {
    return this.#vad.speaking && this.#active ? this.#vad.nowMs - this.#detectedAtMs : 0;
  }

  get nowMs(): number {
    return this.#vad.nowMs;
  }

  /** Audio of [fromMs, toMs) still held (lead-in for a streaming recogniser). */
  audio(fromMs: number, toMs: number): Int16Array {
    return this.#ring.slice(fromMs, toMs);
  }

  /** Follows one frame and the VAD's verdict on it. */
  accept(frame: Int16Array, verdict: VadVerdict): DetectorEvent[] {
    this.#ring.push(frame);
    this.#vad = verdict;
    const spurts = verdict.spurts;
    const now = verdict.nowMs;
    const events: DetectorEvent[] = [];
    if (!this.#active && (this.#vad.speaking || spurts.length > 0)) {
      this.#begin(now, spurts[0]?.startMs ?? now - LEAD_IN_MS / 2);
      events.push({ type: 'speechStart', atMs: now, voiceStartMs: this.#startMs });
    } else if (
      this.#active &&
      this.#vad.speaking &&
      this.#lastEndMs !== undefined &&
      this.#detectedAtMs < this.#lastEndMs
    ) {
      // A new spurt inside the same turn: restart the "current voice" clock.
      this.#detectedAtMs = now;
    }
    for (const spurt of spurts) {
      if (this.#spurts === 0) this.#startMs = Math.max(this.#floorMs, Math.min(this.#startMs, spurt.startMs));
      this.#spurts++;
      this.#voicedMs += spurt.endMs - spurt.startMs;
      this.#lastEndMs = spurt.endMs;
    }
    if (!this.#active) return events;
    if (now - this.#startMs >= this.#turn.maxUtteranceMs) {
      events.push(this.#end(now, now, true));
      // Still talking: what follows is the next utterance.
      if (this.#vad.speaking) {
        this.#begin(now, now);
        this.#floorMs = now;
        events.push({ type: 'speechStart', atMs: now, voiceStartMs: now });
      }
    } else if (
      !this.#vad.speaking &&
      this.#lastEndMs !== undefined &&
      now - this.#lastEndMs >= this.#turn.endOfTurnMs - FRAME_MS / 2
    ) {
      events.push(this.#end(this.#lastEndMs, now, false));
    }
    return events;
  }

  /**
   * Ends the utterance under way where its voice was last known to end (the VAD was lost): the turn it
   * started still gets its answer. Undefined when none was under way.
   */
  cut(): Utterance | undefined {
    if (!this.#active) return undefined;
    const now = this.#vad.nowMs;
    const event = this.#end(this.#lastEndMs ?? now, now, false);
    this.#vad = { speaking: false, nowMs: now };
    return event.utterance;
  }

  #begin(now: number, startMs: number): void {
    this.#active = true;
    this.#floorMs = -Infinity;
    this.#detectedAtMs = now;
    this.#startMs = startMs;
    this.#lastEndMs = undefined;
    this.#voicedMs = 0;
    this.#spurts = 0;
  }

  #end(
    endMs: number,
    decidedMs: number,
    capped: boolean,
  ): { readonly type: 'utterance'; readonly utterance: Utterance } {
    this.#active = false;
    const utterance: Utterance = {
      startMs: this.#startMs,
      endMs,
      decidedMs,
      audio: this.#ring.slice(this.#startMs - 100, endMs + 100),
      capped,
      short: !capped && this.#spurts === 1 && this.#voicedMs < this.#turn.shortVoiceMs,
    };
    return { type: 'utterance', utterance };
  }
}
