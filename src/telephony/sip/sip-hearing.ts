/**
 * The glue between a SIP call and its hearing (the callee's speech detector and recogniser): started at the
 * answer (the line's recogniser is looked up asynchronously, so frames before it is ready are not heard), fed
 * every inbound frame and every frame the robot sends (for the echo gate), told when a prompt starts and ends
 * and how the robot listens, and asked for the turn timings at the end.
 */
import type { Logger } from '../../lib/logger.js';
import type { PromptPresynthesizer } from '../../speech/speech.js';
import type { ChannelHearing } from '../base-channel.js';
import type { AnswerKind, InterruptMode, ListenHints, VoiceTurn } from '../call-channel.js';
import { rms } from '../../speech/vad/echo-gate.js';
import { decodeG711, type G711Codec } from '../rtp/g711.js';
import type { CallHearing, HearingFactory, HearingSink } from './sip-call-context.js';

/**
 * Media ticks without a callee packet after which the callee is taken to be silent: a phone or carrier with
 * silence suppression sends nothing (or comfort noise) while the callee is quiet, and the end of their turn
 * must still be found. The gap is then filled with silence, back to its start, and one silent frame follows
 * per tick until packets come again. Only when the last frames heard were quiet ({@link QUIET_TAIL_FRAMES}):
 * packets that stop in the middle of voice are late (a stalled sender or event loop), not silence, and
 * filling them would cut the utterance.
 */
const SILENT_AFTER_TICKS = 15;
const SILENT_FRAME = new Int16Array(160);
const QUIET_TAIL_FRAMES = 5;
/** RMS of a quiet frame (≈ −40 dBFS): line noise or comfort noise, not voice. */
const QUIET_RMS = 300;

export class SipHearing implements ChannelHearing {
  #ear: CallHearing | undefined;
  #closed = false;
  #hints: ListenHints | undefined;
  #prompt: InterruptMode | undefined;
  /** A reply's audio was handed to RTP: the next frame sent is its first. */
  #replyStarting = false;
  /** Whether that reply's speech was ready in the TTS cache (undefined: a recording, or not known). */
  #replyFromCache: boolean | undefined;
  #answer: { kind: AnswerKind; reason: string } | undefined;
  /** Media ticks since the last callee frame was heard. */
  #ticksUnheard = 0;
  /** Quiet callee frames in a row, up to the last one heard. */
  #quietFrames = QUIET_TAIL_FRAMES;

  constructor(
    private readonly factory: HearingFactory | undefined,
    private readonly call: { readonly id: string; readonly callId: string },
    private readonly sink: HearingSink,
    private readonly log: Logger,
    private readonly presynthesis?: PromptPresynthesizer,
  ) {}

  /** The call was answered: build the hearing (once). */
  start(): void {
    if (!this.factory || this.#closed) return;
    const sink: HearingSink = {
      ...this.sink,
      answer: (verdict) => {
        this.#answer = { kind: verdict.class, reason: verdict.reason };
        this.sink.answer(verdict);
      },
    };
    this.factory(this.call, sink).then(
      (ear) => {
        if (!ear) return;
        if (this.#closed) return ear.close();
        this.#ear = ear;
        if (this.#hints) ear.listen(this.#hints);
        if (this.#prompt !== undefined) ear.promptStarted(this.#prompt);
      },
      (err: unknown) => this.log.error({ err }, 'speech recognition unavailable for this call'),
    );
  }

  heard(samples: Int16Array): void {
    this.#ticksUnheard = 0;
    this.#quietFrames = rms(samples) < QUIET_RMS ? this.#quietFrames + 1 : 0;
    this.#ear?.heard(samples);
  }

  /** One frame the robot sent (encoded): the echo gate learns it; the first frame of a reply is timed. */
  sent(frame: Buffer, codec: G711Codec): void {
    const ear = this.#ear;
    if (!ear) return;
    ear.played(this.#prompt !== undefined ? decodeG711(codec, frame) : undefined);
    if (this.#replyStarting) {
      this.#replyStarting = false;
      ear.markFirstReplyFrame(Date.now(), this.#replyFromCache);
    }
    // One media tick passed: no callee packet for a while is silence (see SILENT_AFTER_TICKS).
    this.#ticksUnheard++;
    if (this.#ticksUnheard < SILENT_AFTER_TICKS || this.#quietFrames < QUIET_TAIL_FRAMES) return;
    const fill = this.#ticksUnheard === SILENT_AFTER_TICKS ? SILENT_AFTER_TICKS : 1;
    for (let i = 0; i < fill; i++) ear.heard(SILENT_FRAME);
  }

  /** A prompt's audio starts now; `mode` says how the callee may interrupt it; `fromCache` see above. */
  promptStarted(mode: InterruptMode, fromCache?: boolean): void {
    this.#prompt = mode;
    this.#replyStarting = true;
    this.#replyFromCache = fromCache;
    this.#ear?.promptStarted(mode);
  }

  promptEnded(): void {
    if (this.#prompt === undefined) return;
    this.#prompt = undefined;
    this.#ear?.promptEnded();
  }

  /** The robot listens: what it may say next is synthesised ahead, so the reply starts from the cache. */
  listen(hints: ListenHints): void {
    if (hints.nextPrompts && hints.nextPrompts.length > 0) this.presynthesis?.prepare(hints.nextPrompts);
    this.#hints = hints;
    this.#ear?.listen(hints);
  }

  /** The robot decided what to say (a say/play was queued). */
  decided(): void {
    this.#ear?.markDecision(Date.now());
  }

  report(): { voiceTurns?: readonly VoiceTurn[]; answer?: { kind: AnswerKind; reason: string } } {
    const turns = this.#ear?.turns;
    return {
      ...(turns && turns.length > 0 && { voiceTurns: turns.map((t) => ({ ...t })) }),
      ...(this.#answer && { answer: this.#answer }),
    };
  }

  close(): void {
    this.#closed = true;
    this.#ear?.close();
    this.#ear = undefined;
  }
}
