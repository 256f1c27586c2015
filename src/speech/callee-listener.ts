import { BargeInPolicy, type BargeInOptions } from './barge-in/barge-in-policy.js';
import { upsample2x } from './asr/resample.js';
import type {
  AnswerClassifier,
  AnswerVerdict,
  AsrProvider,
  AsrResult,
  AsrStream,
  BargeInMode,
  FrameVad,
  NotRecognisedReason,
  PromptPresynthesizer,
  Utterance,
  Vad,
  VadVerdict,
  VoiceTurnTiming,
} from './speech.js';
import { EchoGate, type EchoGateOptions } from './vad/echo-gate.js';
import { InThreadVad, isFrameVad } from './vad/in-thread-vad.js';
import { UtteranceDetector, YES_NO_END_OF_TURN_MS, type TurnOptions } from './vad/utterance-detector.js';

/** What the listener tells the call: the channel turns these into its events and the robot's inputs. */
export interface ListenerSink {
  /** Voice began (the robot's silence timer must stop: the callee is talking). */
  speechStarted(at: number): void;
  /** Voice ended (the silence timer counts from here if the turn brings nothing). */
  speechEnded(at: number, utterance: Utterance): void;
  /** The prompt must stop now (barge-in). */
  stopSpeaking(): void;
  /** A partial hypothesis that may reach the robot. */
  partial(text: string, at: number): void;
  /** The turn's result: the final text, or why there is none ("not recognised", never silence). */
  final(result: AsrResult, at: number, utterance: Utterance): void;
  /** What answered the call (machine, announcement …), once the answer classifier is sure. */
  answer?(verdict: AnswerVerdict): void;
}

export interface ListenOptions {
  /** End-of-turn silence for this node; default the listener's. */
  endOfTurnMs?: number;
  /** The prompt asked a 是/不是 question: a shorter end of turn. */
  yesNo?: boolean;
  /** Words the recogniser should favour here (the node's keywords). */
  hotwords?: readonly string[];
  /** Lines the script can say next from here: synthesised into the prompt cache while the callee speaks. */
  nextPrompts?: readonly string[];
}

export interface CalleeListenerOptions {
  /** The call's detector: on a worker thread of the VAD pool, or a plain detector run in this thread. */
  vad: Vad | FrameVad;
  asr: AsrProvider;
  sink: ListenerSink;
  /** Wall clock in ms (Date.now in production). */
  now?: () => number;
  turn?: Partial<TurnOptions>;
  bargeIn?: BargeInOptions;
  echo?: EchoGateOptions;
  /** Sample rate the recogniser takes; the 8 kHz phone audio is upsampled for 16 kHz. */
  asrSampleRate?: 8000 | 16000;
  /** Correlation id for the recogniser (the call id). */
  callId?: string;
  /** The TTS prompt cache's pre-synthesis hook. */
  presynthesizer?: PromptPresynthesizer;
  /** Judges the first seconds after the answer (person, machine, announcement); verdict to `sink.answer`. */
  answerClassifier?: AnswerClassifier;
}

/** Audio sent before the detected start of voice, so a streaming recogniser hears the onset. */
const LEAD_IN_MS = 250;

/** The turn's result when the detector was lost mid-utterance: the robot's "not recognised" path. */
const VAD_LOST: AsrResult = {
  status: 'notRecognised',
  reason: 'vadUnavailable',
  detail: 'voice activity detector lost mid-utterance',
  attempts: 0,
};

/**
 * Hears the callee on one call: inbound 20 ms frames → echo gate → VAD → utterances; barge-in while the
 * robot speaks; one recognition per utterance (streamed from the start of voice when the provider streams);
 * the timing of each voice turn.
 */
export class CalleeListener {
  readonly #detector: UtteranceDetector;
  readonly #echo: EchoGate;
  readonly #policy: BargeInPolicy;
  readonly #asr: AsrProvider;
  readonly #sink: ListenerSink;
  readonly #now: () => number;
  readonly #rate: 8000 | 16000;
  readonly #callId: string;
  readonly #defaultEndOfTurn: number;
  readonly #turns: MutableTiming[] = [];
  readonly #open = new Set<AsrStream>();
  /** Turns whose result is awaited, in utterance order: results reach the robot in the order spoken. */
  readonly #pending: PendingTurn[] = [];
  #stream: AsrStream | undefined;
  #streamStartedAt = 0;
  #prompt: BargeInMode | undefined;
  #stopSent = false;
  #hotwords: readonly string[] = [];
  #nextPrompts: readonly string[] = [];
  readonly #presynthesizer: PromptPresynthesizer | undefined;
  readonly #classifier: AnswerClassifier | undefined;
  readonly #vad: FrameVad;
  #seq = 0;
  #closed = false;

  constructor(options: CalleeListenerOptions) {
    this.#detector = new UtteranceDetector(options.turn);
    this.#defaultEndOfTurn = this.#detector.turn.endOfTurnMs;
    this.#echo = new EchoGate(options.echo);
    this.#policy = new BargeInPolicy(options.bargeIn);
    this.#asr = options.asr;
    this.#sink = options.sink;
    this.#now = options.now ?? Date.now;
    this.#rate = options.asrSampleRate ?? 16000;
    this.#callId = options.callId ?? 'call';
    this.#presynthesizer = options.presynthesizer;
    this.#classifier = options.answerClassifier;
    this.#vad = isFrameVad(options.vad) ? options.vad : new InThreadVad(options.vad);
    this.#vad.start({
      verdict: (frame, verdict) => this.#judged(frame, verdict),
      lost: () => this.#vadLost(),
    });
  }

  /** The robot starts a prompt that may be interrupted as `mode` says. */
  promptStarted(mode: BargeInMode): void {
    this.#prompt = mode;
    this.#stopSent = false;
  }

  /** The robot's prompt ended (played out or cut). */
  promptEnded(): void {
    this.#prompt = undefined;
  }

  /** The robot listens now with these rules (end of turn, hot words). */
  listen(options: ListenOptions): void {
    const endOfTurnMs =
      options.endOfTurnMs ?? (options.yesNo ? YES_NO_END_OF_TURN_MS : this.#defaultEndOfTurn);
    this.#detector.setTurn({ endOfTurnMs });
    this.#hotwords = options.hotwords ?? [];
    this.#nextPrompts = options.nextPrompts ?? [];
  }

  /** What the robot sent in this 20 ms tick (for the echo gate); `undefined` when quiet. */
  played(frame: Int16Array | undefined): void {
    this.#echo.played(frame);
  }

  /** One inbound 20 ms frame of callee audio (8 kHz PCM). */
  heard(frame: Int16Array): void {
    if (this.#closed) return;
    this.#vad.push(this.#echo.filter(frame));
  }

  /** A frame with the VAD's verdict on it (at once in this thread, a message later from the pool). */
  #judged(clean: Int16Array, verdict: VadVerdict): void {
    if (this.#closed) return;
    for (const event of this.#detector.accept(clean, verdict)) {
      if (event.type === 'speechStart') this.#speechStart(event.voiceStartMs);
      else this.#utterance(event.utterance);
    }
    if (this.#stream) this.#stream.write(this.#forAsr(clean));
    if (this.#classifier && !this.#classifier.verdict) {
      const verdict = this.#classifier.accept(clean, this.#detector.speaking);
      if (verdict) this.#sink.answer?.(verdict);
    }
    if (
      this.#prompt !== undefined &&
      !this.#stopSent &&
      this.#policy.voiceInterrupts(this.#prompt, this.#detector.currentVoiceMs)
    ) {
      this.#stopSent = true;
      this.#sink.stopSpeaking();
    }
  }

  /** Timing of each finished voice turn, in order (for the call record). */
  get turns(): readonly VoiceTurnTiming[] {
    return this.#turns;
  }

  /** The robot decided on the last turn's text (marks the turn being answered). */
  markDecision(at = this.#now()): void {
    const turn = this.#turns.at(-1);
    if (turn && turn.decisionAt === undefined) turn.decisionAt = at;
  }

  /** The first RTP frame of the reply left (optionally: it came from the prompt cache). */
  markFirstReplyFrame(at = this.#now(), fromCache?: boolean): void {
    const turn = this.#turns.at(-1);
    if (!turn || turn.decisionAt === undefined || turn.firstReplyFrameAt !== undefined) return;
    turn.firstReplyFrameAt = at;
    if (fromCache !== undefined) turn.replyFromCache = fromCache;
  }

  /** Echo frames muted so far (diagnostics). */
  get echoMuted(): number {
    return this.#echo.muted;
  }

  /** The call ended: pending recognitions are abandoned, the VAD's native resources released. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#vad.close();
    for (const stream of this.#open) stream.abort();
    this.#open.clear();
    this.#stream = undefined;
  }

  #speechStart(voiceStartMs: number): void {
    this.#sink.speechStarted(this.#now());
    // The reply will be one of these: have them synthesised before the turn ends.
    if (this.#nextPrompts.length > 0) this.#presynthesizer?.prepare(this.#nextPrompts);
    if (!this.#asr.streaming) return;
    const stream = this.#openStream();
    this.#stream = stream;
    this.#streamStartedAt = this.#now();
    stream.onPartial((text) => {
      if (this.#stream !== stream) return;
      if (this.#prompt !== undefined && !this.#policy.forwardPartial(this.#prompt, text)) return;
      this.#sink.partial(text, this.#now());
    });
    // Lead-in: the audio since just before the voice began, up to the current frame (which heard() writes).
    const lead = this.#detector.audio(voiceStartMs - LEAD_IN_MS, this.#detector.nowMs - 20);
    if (lead.length > 0) stream.write(this.#forAsr(lead));
  }

  /** The detector's state is gone (its worker died): an utterance under way is answered "not recognised". */
  #vadLost(): void {
    if (this.#closed) return;
    const cut = this.#detector.cut();
    if (cut) this.#utterance(cut, VAD_LOST);
  }

  /** A finished utterance: recognised, or given `lost` as its result without recognition. */
  #utterance(utterance: Utterance, lost?: AsrResult): void {
    const decidedAt = this.#now();
    const endAt = decidedAt - (utterance.decidedMs - utterance.endMs);
    this.#sink.speechEnded(endAt, utterance);
    let stream = this.#stream;
    this.#stream = undefined;
    if (lost && stream) {
      stream.abort();
      this.#open.delete(stream);
    }
    if (!stream && !lost) {
      stream = this.#openStream();
      stream.write(this.#forAsr(utterance.audio));
    }
    const timing: MutableTiming = {
      speechStartAt: this.#asr.streaming
        ? this.#streamStartedAt
        : endAt - (utterance.endMs - utterance.startMs),
      speechEndAt: endAt,
      endOfTurnAt: decidedAt,
      result: 'aborted',
    };
    const finished = lost ? undefined : stream;
    const pending: PendingTurn = { timing, utterance, result: undefined };
    this.#pending.push(pending);
    void (finished?.finish() ?? Promise.resolve(lost ?? VAD_LOST)).then((result) => {
      if (finished) this.#open.delete(finished);
      if (this.#closed) return;
      timing.asrFinalAt = this.#now();
      timing.result = result.status === 'recognised' ? 'recognised' : result.reason;
      pending.result = result;
      this.#deliver();
    });
  }

  #deliver(): void {
    for (let next = this.#pending[0]; next?.result; next = this.#pending[0]) {
      this.#pending.shift();
      const { timing, utterance, result } = next;
      this.#turns.push(timing);
      this.#sink.final(result, timing.asrFinalAt ?? this.#now(), utterance);
    }
  }

  #openStream(): AsrStream {
    const stream = this.#asr.open({
      sampleRate: this.#rate,
      hotwords: this.#hotwords,
      id: `${this.#callId}-${++this.#seq}`,
    });
    this.#open.add(stream);
    return stream;
  }

  #forAsr(pcm: Int16Array): Int16Array {
    return this.#rate === 16000 ? upsample2x(pcm) : pcm;
  }
}

interface PendingTurn {
  readonly timing: MutableTiming;
  readonly utterance: Utterance;
  result: AsrResult | undefined;
}

type MutableTiming = { -readonly [K in keyof VoiceTurnTiming]: VoiceTurnTiming[K] } & {
  result: 'recognised' | NotRecognisedReason;
};
