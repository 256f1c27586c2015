import type { BargeInMode } from '../speech.js';

export interface BargeInOptions {
  /**
   * Voice must go on this long after it was detected before it interrupts a `voice` prompt. The detector
   * reports voice ~120 ms after it began and keeps reporting it ~170 ms after it ended (Silero's closing
   * silence and window), so the default lets through only callees who keep talking past ~0.4 s: 嗯 / 对 /
   * 好 / 喂 (0.2–0.35 s) and coughs end before that (measured over SIP with a 0.27 s 嗯).
   */
  voiceAfterMs?: number;
}

/**
 * Short acknowledgements a callee says while listening (backchannels). They never interrupt a prompt, as
 * voice or as a partial transcript; said after the prompt they are still answers and reach the robot.
 */
const BACKCHANNEL =
  /^(?:嗯+|恩+|噢+|哦+|喔+|啊+|呃+|额+|对+|是+|好+|行+|喂+|哎+|唉+|嗯哼|对的|是的|好的|嗯嗯|嗯对|对对对|ok|okay)$/i;

/** Strips punctuation and spaces a recogniser adds ("嗯，", "对。"). */
const PUNCTUATION = /[\s\p{P}\p{S}]+/gu;

/** True for text that is only a backchannel (or nothing at all). */
export function isBackchannel(text: string): boolean {
  const bare = text.replace(PUNCTUATION, '');
  return bare === '' || BACKCHANNEL.test(bare);
}

/**
 * When the callee's voice may cut the robot's prompt, per the node's mode:
 * - `off`: never;
 * - `voice`: sustained voice (see {@link BargeInOptions.voiceAfterMs}), or a partial transcript that is more
 *   than a backchannel;
 * - `keyword`: only by words: partial transcripts go to the robot, which stops when they match the node's
 *   keywords or intents; backchannel-only partials are held back so they cannot match 是/对 branches early.
 * Echo of the prompt never reaches this point (EchoGate mutes it before the VAD).
 */
export class BargeInPolicy {
  readonly #voiceAfterMs: number;

  constructor(options: BargeInOptions = {}) {
    this.#voiceAfterMs = options.voiceAfterMs ?? 440;
  }

  get voiceAfterMs(): number {
    return this.#voiceAfterMs;
  }

  /** Called every frame while the robot speaks: true when this frame's voice qualifies to stop the prompt. */
  voiceInterrupts(mode: BargeInMode, currentVoiceMs: number): boolean {
    return mode === 'voice' && currentVoiceMs >= this.#voiceAfterMs;
  }

  /** Whether a partial hypothesis heard while the robot speaks should reach the robot at all. */
  forwardPartial(mode: BargeInMode, text: string): boolean {
    if (mode === 'off') return false;
    return !isBackchannel(text);
  }
}
