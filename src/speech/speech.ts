/**
 * The speech boundary: what the call layer needs to hear the callee, whatever does the work.
 *
 *   callee RTP (G.711, 8 kHz) ─▶ PCM frames (20 ms, Int16)
 *        │
 *        ├─▶ EchoGate ──▶ Vad (Silero via sherpa-onnx) ──▶ UtteranceDetector ──▶ speechStart / utterance
 *        │                                                      │
 *        │                                    BargeInPolicy ◀───┤ (robot speaking? mode of the node)
 *        │                                                      ▼
 *        └──────────────────────────────────────────────▶ AsrStream (FunASR / OpenAI-compatible / Alibaba NLS)
 *                                                               │ partial … final | notRecognised
 *                                                               ▼
 *                                                        `speech` events on the CallChannel
 *
 * Times are milliseconds of callee audio since the listener started (frame clock), so tests and benchmarks
 * are deterministic; the call layer converts them to wall-clock instants.
 */

/** Telephony audio: 8 kHz mono, 16-bit signed, 20 ms per frame. */
export const PHONE_SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = (PHONE_SAMPLE_RATE * FRAME_MS) / 1000;

/** One run of voice found by a {@link Vad}: `startMs`–`endMs` of audio time. */
export interface VoiceSpurt {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Frame-level voice activity. `accept` takes consecutive 8 kHz frames; `speaking` says whether voice is under
 * way now; finished spurts come out of `accept` (possibly a few frames after they ended: the detector needs
 * some silence to decide). Implementations: Silero through sherpa-onnx (vad/silero-vad.ts) and, for pure
 * unit tests of the layers above, scripted spurts.
 */
export interface Vad {
  accept(frame: Int16Array): readonly VoiceSpurt[];
  readonly speaking: boolean;
  /** Audio time consumed so far. */
  readonly nowMs: number;
  /** Drops all state (e.g. a new call on a pooled detector). */
  reset(): void;
  /** Releases native resources; the detector is unusable afterwards. */
  close(): void;
}

/** What the VAD made of one frame: spurts it finished, whether voice is under way, audio time after it. */
export interface VadVerdict {
  readonly spurts: readonly VoiceSpurt[];
  readonly speaking: boolean;
  readonly nowMs: number;
}

/** Where a {@link FrameVad}'s verdicts go. */
export interface VerdictListener {
  /** The verdict on `frame`: one per pushed frame, in the order pushed. */
  verdict(frame: Int16Array, verdict: VadVerdict): void;
  /**
   * The detector's state was lost (its worker thread died): voice under way is no longer followed. Called
   * before the verdicts of the frames it did not judge, which come back as silence.
   */
  lost(): void;
}

/**
 * One call's voice activity wherever it is computed: a {@link Vad} in this thread (verdicts come back inside
 * `push`) or a detector on a worker thread of the VAD pool (verdicts come back a message later).
 */
export interface FrameVad {
  /** Sets where the verdicts go; call once, before the first push. */
  start(listener: VerdictListener): void;
  push(frame: Int16Array): void;
  /** The call ended: the detector goes back to its pool (or is released). */
  close(): void;
}

/** How a prompt may be interrupted (the robot's `BargeInMode`): never, only by a keyword/intent, by any voice. */
export type BargeInMode = 'off' | 'keyword' | 'voice';

/** One finished utterance of the callee. */
export interface Utterance {
  readonly startMs: number;
  /** End of the last voice (not of the end-of-turn silence). */
  readonly endMs: number;
  /** When the end of turn was decided (endMs + the silence waited, or the cap). */
  readonly decidedMs: number;
  /** 8 kHz PCM of startMs…endMs (with a little lead-in). */
  readonly audio: Int16Array;
  /** True when the utterance was cut by the length cap (a callee who never stops). */
  readonly capped: boolean;
  /** Short isolated voice: 嗯 / 对 / a cough. Not a reason to interrupt; still sent to ASR when listening. */
  readonly short: boolean;
}

// ── speech recognition ──────────────────────────────────────────────────────────────────────────────────

/** Why nothing usable came back; the robot treats all of these as "not recognised", never as silence. */
export type NotRecognisedReason =
  | 'connectTimeout'
  | 'readTimeout'
  | 'connectionClosed'
  | 'providerError'
  | 'badResponse'
  | 'emptyResult'
  | 'aborted'
  /** The voice activity detector was lost mid-utterance (its worker thread died). */
  | 'vadUnavailable';

export type AsrResult =
  | { readonly status: 'recognised'; readonly text: string; readonly attempts: number }
  | {
      readonly status: 'notRecognised';
      readonly reason: NotRecognisedReason;
      readonly detail: string;
      readonly attempts: number;
    };

/** What one recognition needs besides the audio. */
export interface AsrRequest {
  /** Sample rate of the PCM that will be written: 8000 or 16000. */
  readonly sampleRate: 8000 | 16000;
  /** Words to favour (the script's keywords at this point of the dialogue). */
  readonly hotwords?: readonly string[];
  /** Correlation id sent where the protocol has one (wav_name, task id …). */
  readonly id?: string;
}

/**
 * One utterance's recognition, streaming: audio in as it is heard, partial hypotheses out, one final result.
 * `finish()` never rejects: any failure (time-out, closed connection, garbage) resolves `notRecognised`.
 */
export interface AsrStream {
  write(pcm: Int16Array): void;
  /** Partial hypotheses (providers without them never call it). */
  onPartial(listener: (text: string) => void): void;
  /** No more audio; resolves with the final text or why there is none. Idempotent. */
  finish(): Promise<AsrResult>;
  /** Gives up (the call ended); a pending finish() resolves `notRecognised/aborted`. */
  abort(): void;
}

/** A configured recogniser (one per tenant or line); opens one stream per utterance. */
export interface AsrProvider {
  /** `funasr`, `openai`, `aliyun` … as configured. */
  readonly kind: string;
  /** True when partial results arrive while the callee speaks (the stream should start at speech start). */
  readonly streaming: boolean;
  open(request: AsrRequest): AsrStream;
}

// ── the voice turn ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Per callee turn, on the call record: end of speech → ASR final → robot decision → first reply frame.
 * Wall-clock instants (ms since epoch) so they can be stored as they are; absent when the step did not happen.
 */
export interface VoiceTurnTiming {
  readonly speechStartAt: number;
  readonly speechEndAt: number;
  /** End of turn decided (speechEndAt + end-of-turn silence, or the cap). */
  readonly endOfTurnAt: number;
  readonly asrFinalAt?: number;
  readonly decisionAt?: number;
  readonly firstReplyFrameAt?: number;
  readonly result: 'recognised' | NotRecognisedReason;
  /** The reply came from the prompt cache (pre-synthesised while the callee spoke). */
  readonly replyFromCache?: boolean;
}

/**
 * Pre-synthesis hook: while the callee speaks, the call layer hands the texts the script can say next to the
 * TTS cache so the reply starts from cache. Implemented by the TTS cache (speech/tts/).
 */
export interface PromptPresynthesizer {
  /** Starts synthesising what is not cached yet; never throws, never blocks the caller. */
  prepare(texts: readonly string[]): void;
  /** True when `text` would play from cache now. */
  isReady(text: string): boolean;
}

// ── answering machines and carrier announcements ────────────────────────────────────────────────────────

/** What answered (or what the early media was), judged from the audio's shape. */
export type AnswerClass = 'human' | 'machine' | 'announcement' | 'ringback' | 'unknown';

export interface AnswerVerdict {
  readonly class: AnswerClass;
  /** Why, in words for the call record (e.g. "greeting of 5.2 s without a pause"). */
  readonly reason: string;
  /** Audio time at which the verdict was reached. */
  readonly atMs: number;
}

/**
 * Classifies the first seconds of a call from the audio alone (no ASR). Feed frames from answer (or from early
 * media); a verdict comes once it is sure, or `unknown` at the end of its window. A trained model can replace
 * the shape rules behind this interface.
 */
export interface AnswerClassifier {
  accept(frame: Int16Array, voiced: boolean): AnswerVerdict | undefined;
  readonly verdict: AnswerVerdict | undefined;
}
