import type { AnswerClassifier, AnswerVerdict } from '../speech.js';
import { FRAME_MS, PHONE_SAMPLE_RATE } from '../speech.js';

/**
 * Tells common non-human answers from the audio's shape, without recognition:
 * - after the answer (`answered`): a person says something short (喂 / 你好, 0.3–2 s) and waits; an
 *   answering machine or a voicemail greeting talks on without a real pause → `machine` once one run of
 *   voice passes `machineVoiceMs`; a short run followed by `humanPauseMs` of quiet → `human`;
 * - in early media before any 200 (`earlyMedia`): the 450 Hz ringback tone (China's standard, 1 s on / 4 s
 *   off) → `ringback`; voice there is an operator or carrier announcement (空号、停机、不在服务区 …) →
 *   `announcement` once it lasts `announcementVoiceMs`.
 * Nothing decided within `windowMs` → `unknown` (the robot goes ahead as with a person).
 * The rules sit behind {@link AnswerClassifier} so a trained model can replace them.
 */
export interface ShapeClassifierOptions {
  phase: 'answered' | 'earlyMedia';
  machineVoiceMs?: number;
  humanPauseMs?: number;
  announcementVoiceMs?: number;
  windowMs?: number;
}

/** Gaps shorter than this do not end a run of voice (breaths between phrases of a greeting). */
const BRIDGE_MS = 300;
const RINGBACK_HZ = 450;
/** Share of a frame's energy at the ringback frequency for the frame to count as tone. */
const TONAL_SHARE = 0.5;
/** Tone frames (in a row) that make a ringback. */
const RINGBACK_FRAMES = 30;

export class ShapeAnswerClassifier implements AnswerClassifier {
  readonly #o: Required<ShapeClassifierOptions>;
  #now = 0;
  #runStart: number | undefined;
  #lastVoice = -Infinity;
  #voicedTotal = 0;
  #toneRun = 0;
  #verdict: AnswerVerdict | undefined;

  constructor(options: ShapeClassifierOptions) {
    this.#o = {
      machineVoiceMs: 4000,
      humanPauseMs: 800,
      announcementVoiceMs: 2000,
      windowMs: options.phase === 'answered' ? 6000 : 30_000,
      ...options,
    };
  }

  get verdict(): AnswerVerdict | undefined {
    return this.#verdict;
  }

  accept(frame: Int16Array, voiced: boolean): AnswerVerdict | undefined {
    if (this.#verdict) return this.#verdict;
    this.#now += FRAME_MS;
    const tonal = toneShare(frame, RINGBACK_HZ) >= TONAL_SHARE;
    this.#toneRun = tonal ? this.#toneRun + 1 : 0;
    const voice = voiced && !tonal;
    if (voice) {
      if (this.#runStart === undefined || this.#now - this.#lastVoice > BRIDGE_MS) {
        this.#runStart = this.#now - FRAME_MS;
      }
      this.#lastVoice = this.#now;
      this.#voicedTotal += FRAME_MS;
    }
    return (this.#verdict = this.#o.phase === 'answered' ? this.#answered() : this.#early());
  }

  #answered(): AnswerVerdict | undefined {
    const run = this.#runStart === undefined ? 0 : this.#lastVoice - this.#runStart;
    if (run >= this.#o.machineVoiceMs) {
      return this.#decide('machine', `greeting of ${(run / 1000).toFixed(1)} s without a pause`);
    }
    if (this.#runStart !== undefined && run >= 100 && this.#now - this.#lastVoice >= this.#o.humanPauseMs) {
      return this.#decide('human', `${(run / 1000).toFixed(1)} s of voice, then a pause`);
    }
    if (this.#toneRun >= RINGBACK_FRAMES) return this.#decide('ringback', 'ringback tone after the answer');
    if (this.#now >= this.#o.windowMs) {
      return this.#decide('unknown', 'no clear greeting in the first seconds');
    }
    return undefined;
  }

  #early(): AnswerVerdict | undefined {
    if (this.#toneRun >= RINGBACK_FRAMES) {
      return this.#decide('ringback', `${RINGBACK_HZ} Hz ringback tone in early media`);
    }
    if (this.#voicedTotal >= this.#o.announcementVoiceMs) {
      return this.#decide(
        'announcement',
        `${(this.#voicedTotal / 1000).toFixed(1)} s of voice in early media`,
      );
    }
    if (this.#now >= this.#o.windowMs) return this.#decide('unknown', 'early media without tone or voice');
    return undefined;
  }

  #decide(cls: AnswerVerdict['class'], reason: string): AnswerVerdict {
    return { class: cls, reason, atMs: this.#now };
  }
}

/** Share of the frame's energy at `hz` (Goertzel), 0…1. */
export function toneShare(frame: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / PHONE_SAMPLE_RATE);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = 0; i < frame.length; i++) {
    const x = frame[i]!;
    const s = x + k * s1 - s2;
    s2 = s1;
    s1 = s;
    energy += x * x;
  }
  if (energy === 0) return 0;
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return Math.min(1, (2 * power) / (frame.length * energy));
}
