/**
 * The call boundary: one outbound call leg as the dialer and the robot see it, whatever carries it (the carrier
 * simulator today, SIP later).
 *
 *   line.originate()
 *         │
 *         ▼
 *   ┌───────────┐  ringing   ┌───────────┐  answered  ┌────────────┐  hangup{by,cause}  ┌──────────┐
 *   │  dialing  │───────────▶│  ringing  │───────────▶│  answered  │───────────────────▶│  hungUp  │
 *   └───────────┘            └───────────┘            └────────────┘                    └──────────┘
 *     │     │   answered (no ringing first)             ▲     │ ▲
 *     │     └───────────────────────────────────────────┘     │ │  say() / play()  → playbackDone
 *     │                            │                          │ │  stopSpeaking()  → playbackDone
 *     │ failed{cause}              │ failed{cause}            │ │  callee speaks   → speech{text,isFinal}
 *     ▼                            ▼                          │ │  callee keys     → dtmf{digit}
 *   ┌──────────────────────────────────────┐                  └─┘  transfer() accepted → hangup{local,transferred}
 *   │                failed                │
 *   └──────────────────────────────────────┘
 *   causes: the number's (关机 空号 停机 用户正忙 无人应答 …, see call-result.ts), `cancelled` (our hangup()
 *   before the answer), or the line's (`lineDown`, `lineFull`, `lineRateLimited`, `lineError`).
 *
 * Contract every implementation keeps:
 * - Exactly one terminal event per channel: `failed` if it was never answered, `hangup` if it was. Nothing is
 *   emitted after it, and `ended` resolves with the summary at the same moment.
 * - Events are never emitted synchronously inside a method call or inside `originate()`; they come from the
 *   line's timers or network callbacks, so listeners attached right after `originate()` see every event.
 * - Methods never reject because the far end hung up first (a race the robot cannot avoid): `say()` then
 *   resolves `hungUp`, `hangup()` resolves with the existing summary, `transfer()` resolves `failed`.
 *   Calling `say()`, `play()` or `transfer()` before the call was answered is a bug and throws.
 * - Silence is not an event: the robot measures it with its own `Timers` from the last speech or playback.
 * - A SIP implementation maps final responses with `callResultFromSip` (sip-cause.ts) and extends
 *   `BaseChannel` (base-channel.ts), which keeps this contract for it.
 */
import type { CallResult, FailureCause, HangupCause } from './call-result.js';
import type { Unsubscribe } from './typed-emitter.js';

export type { Unsubscribe } from './typed-emitter.js';

/** Where a channel is in its life (see the diagram above). */
export const ChannelState = {
  dialing: 'dialing',
  ringing: 'ringing',
  answered: 'answered',
  failed: 'failed',
  hungUp: 'hungUp',
} as const;
export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

/** True once the channel has emitted its terminal event. */
export const isTerminal = (state: ChannelState): boolean => state === 'failed' || state === 'hungUp';

/** `local`: our side (robot, dialer, a transfer); `remote`: the callee or their network. */
export type HangupBy = 'local' | 'remote';

/** How a playback ended: played to the end, cut by `stopSpeaking()`, or cut because the call ended. */
export type PlaybackEnd = 'completed' | 'interrupted' | 'hungUp';

/** Outcome of `transfer()`: `accepted` ends this leg with cause `transferred`; `failed` leaves the call as it was. */
export type TransferOutcome = 'accepted' | 'failed';

export type DtmfDigit =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** True for the 16 DTMF symbols. */
export const isDtmfDigit = (value: string): value is DtmfDigit => /^[0-9*#A-D]$/.test(value);

/** How the callee may interrupt a prompt (the robot's barge-in mode of its node): never, by a keyword, by voice. */
export type InterruptMode = 'off' | 'keyword' | 'voice';

/** What answered, judged from the audio's shape at the start of the call (no recognition). */
export type AnswerKind = 'human' | 'machine' | 'announcement' | 'ringback' | 'unknown';

/** How the robot listens now: carried to the callee's speech detector and recogniser (lines that hear). */
export interface ListenHints {
  /** End-of-turn silence for this node (ms); default the detector's. */
  readonly endOfTurnMs?: number;
  /** The prompt asked a 是/不是 question: a shorter end of turn. */
  readonly yesNo?: boolean;
  /** Words the recogniser should favour here (the node's keywords). */
  readonly hotwords?: readonly string[];
  /** Lines the script can say next: synthesised ahead while the callee speaks. */
  readonly nextPrompts?: readonly string[];
}

/**
 * One callee turn heard on the call's audio, as wall-clock instants (ms since epoch): voice start/end, the end
 * of turn decided, the recogniser's final, the robot's decision and the first reply frame sent.
 */
export interface VoiceTurn {
  readonly speechStartAt: number;
  readonly speechEndAt: number;
  readonly endOfTurnAt: number;
  readonly asrFinalAt?: number;
  readonly decisionAt?: number;
  readonly firstReplyFrameAt?: number;
  /** The reply's speech was ready in the TTS cache when it was queued (absent for recordings). */
  readonly replyFromCache?: boolean;
  /** `recognised`, or why nothing usable came back. */
  readonly result: string;
}

/** Payload of each event, by name. Every event carries the instant it happened (`at`, from the line's clock). */
export interface ChannelEvents {
  /** The callee's phone is alerting (SIP 180/183). May be skipped when a call is answered or fails at once. */
  ringing: { at: Date };
  /** The callee picked up (SIP 200); media flows. `connected_at` of the call record. */
  answered: { at: Date };
  /** Terminal: the call was never answered. */
  failed: { at: Date; cause: FailureCause };
  /** Recognised callee speech: partial hypotheses (`isFinal: false`) then one final text per utterance. */
  speech: { at: Date; text: string; isFinal: boolean };
  /** The callee pressed a key (RFC 4733 or SIP INFO). */
  dtmf: { at: Date; digit: DtmfDigit };
  /** Lines that hear: the callee's voice began or ended (the robot's silence timer stops / counts from here). */
  voice: { at: Date; phase: 'start' | 'end' };
  /** Lines that hear: the callee spoke but no text came back (recogniser down, time-out, garbage, empty). */
  notRecognised: { at: Date; reason: string };
  /** Lines that hear: what answered the call, once the start of the call's audio makes it clear. */
  answerKind: { at: Date; kind: AnswerKind; reason: string };
  /** A `say()`/`play()` finished or was cut by `stopSpeaking()` (not emitted for playbacks cut by the hangup). */
  playbackDone: { at: Date; kind: 'say' | 'play'; content: string; end: Exclude<PlaybackEnd, 'hungUp'> };
  /** Terminal: an answered call ended. `disconnected_at` of the call record. */
  hangup: { at: Date; by: HangupBy; cause: HangupCause };
}
export type ChannelEventName = keyof ChannelEvents;

/** Summary of a finished channel, resolved by `ended`. */
export interface CallEnd {
  /** `answered`, or why the call was never answered. */
  result: CallResult;
  /** For answered calls: who hung up and why. */
  hangupBy?: HangupBy;
  hangupCause?: HangupCause;
  startedAt: Date;
  ringingAt?: Date;
  answeredAt?: Date;
  endedAt: Date;
  /** Answered → ended, in ms; 0 when never answered (`talktimes` is this in seconds). */
  talkMs: number;
  /** Lines that hear: each callee turn's timing, in order. */
  voiceTurns?: readonly VoiceTurn[];
  /** Lines that hear: what answered, when it was judged. */
  answer?: { kind: AnswerKind; reason: string };
  /** The carrier's last word on the call: SIP's final status and reason phrase (absent on the simulator). */
  signalling?: { status: number; reason: string };
  /** The recording written (the originate request's `record` path), when the call was answered and recorded. */
  recording?: string;
  /** Resolves once {@link recording} is complete on disk (its last second is appended after the end). */
  recordingWritten?: Promise<void>;
  /** Prompts that could not be played as asked (a missing prompt file, TTS down), in order; absent when none. */
  playbackFaults?: readonly PlaybackFault[];
}

/** A prompt that could not be played as asked, and what the callee heard instead. */
export interface PlaybackFault {
  readonly at: Date;
  readonly kind: 'say' | 'play';
  /** The text of a `say`, the file of a `play`. */
  readonly content: string;
  readonly error: string;
  /** `skipped` (nothing could be played), or the stand-in played (e.g. 'spoken from its text'). */
  readonly outcome: string;
}

/** Options of `play()`. */
export interface PlayOptions extends SayOptions {
  /** What the recording says: kept in the transcript, and what the simulator's callees react to. */
  text?: string;
}

/** Options of `say()`. */
export interface SayOptions {
  /** How the callee may interrupt this prompt on a line that hears (default `off`). */
  bargeIn?: InterruptMode;
}

/**
 * One call leg. Obtained from {@link Line.originate}, never constructed by callers.
 * @example
 * const call = line.originate({ callee: '13800138000' });
 * call.on('answered', () => void call.say('您好，这里是…'));
 * call.on('speech', (e) => { if (e.isFinal) log(e.text); });
 * const end = await call.ended; // { result: 'answered', talkMs: 42000, … }
 */
export interface CallChannel {
  /** Unique per line (a SIP implementation uses the Call-ID). */
  readonly id: string;
  readonly lineId: string;
  /** Called number as dialled. */
  readonly callee: string;
  /** Caller id presented (主叫号码). */
  readonly caller: string;
  /** Opaque key/values given at originate (task sn, detail sn …); a SIP line sends them as X- headers. */
  readonly variables: Readonly<Record<string, string>>;
  readonly state: ChannelState;
  /** Resolves once with the summary when the channel reaches `failed` or `hungUp`; never rejects. */
  readonly ended: Promise<CallEnd>;

  /** Subscribes to one event; returns the unsubscribe function. Listeners are dropped after the terminal event. */
  on<E extends ChannelEventName>(event: E, listener: (event: ChannelEvents[E]) => void): Unsubscribe;

  /** Speaks `text` (TTS) after whatever is already queued; resolves when it finishes or is cut. */
  say(text: string, options?: SayOptions): Promise<PlaybackEnd>;
  /** Plays a recording after whatever is already queued; resolves when it finishes or is cut. */
  play(file: string, options?: PlayOptions): Promise<PlaybackEnd>;
  /** The robot listens now as `hints` say (a line that does not hear the audio ignores them). */
  listen(hints: ListenHints): void;
  /** Cuts the current playback and drops the queued ones (barge-in); each gets `playbackDone{interrupted}`. */
  stopSpeaking(): void;
  /** Hands the answered call to `target` (a seat or number). On `accepted` this leg ends: hangup{local, transferred}. */
  transfer(target: string): Promise<TransferOutcome>;
  /** Ends the call: cancels it while dialing/ringing (failed{cancelled}), hangs up once answered. Idempotent. */
  hangup(): Promise<CallEnd>;
}

/** What to dial. */
export interface OriginateRequest {
  /** Number to call, as the line should dial it. */
  callee: string;
  /** Caller id to present; the line's default when omitted. */
  caller?: string;
  /** Carried on the channel unchanged (see {@link CallChannel.variables}). */
  variables?: Readonly<Record<string, string>>;
  /** Ring timeout: an unanswered call is cancelled with `noAnswer` after this long. Default 60 s. */
  timeoutMs?: number;
  /**
   * Absolute path of a WAV file to record the answered call into (both directions: callee left, robot
   * right). Lines without media (the simulator) ignore it.
   */
  record?: string;
}

/** Ring timeout used when an originate request has none. */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

/** How a line is doing, for the dialer's choice of line and its back-off. */
export interface LineHealth {
  /** False while the line is known to be down (administratively, or no trunk reachable). */
  up: boolean;
  /**
   * Lines with a health check of their own (SIP OPTIONS): true once it has been answered since the line was
   * opened. Absent for lines without one. A task paused for the line resumes only when this is not false.
   */
  checked?: boolean;
  /** Lines that register with their trunk: true while the last REGISTER was accepted. Absent for the others. */
  registered?: boolean;
  /** Line faults (`lineDown`, `lineError`) in a row; any call the carrier judged resets it to 0. */
  consecutiveFailures: number;
  lastFailure?: { at: Date; cause: FailureCause };
}

/**
 * A line (线路 / trunk): where calls are placed. Enforces its own channel capacity (and a CPS limit if it has
 * one): an originate beyond them still returns a channel, which fails at once with `lineFull` /
 * `lineRateLimited`, so the dialer handles every refusal through the same `failed` event.
 */
export interface Line {
  readonly id: string;
  /** Implementation kind as stored with the line: `simulator`, `sip`. */
  readonly kind: string;
  /** Maximum simultaneous channels. */
  readonly capacity: number;
  /** Channels not yet ended. */
  readonly active: number;
  health(): LineHealth;
  /** Starts a call. Never throws for call-level problems: they arrive as `failed{cause}`. */
  originate(request: OriginateRequest): CallChannel;
  /** Opens the line's signalling and starts its health check now rather than on the first call. */
  start?(): Promise<unknown>;
  /** Refuses new calls (`lineDown`) and ends the active ones; resolves when all have ended. */
  close(): Promise<void>;
}
