import type { Timers } from '../lib/virtual-clock.js';
import type {
  CallChannel,
  CallEnd,
  ChannelEventName,
  ChannelEvents,
  ChannelState,
  DtmfDigit,
  HangupBy,
  AnswerKind,
  InterruptMode,
  ListenHints,
  PlaybackEnd,
  PlayOptions,
  SayOptions,
  TransferOutcome,
} from './call-channel.js';
import { isTerminal } from './call-channel.js';
import type { FailureCause, HangupCause } from './call-result.js';
import { TypedEmitter, type Unsubscribe } from './typed-emitter.js';

/** One queued or playing `say()`/`play()`. */
export interface Playback {
  readonly kind: 'say' | 'play';
  /** The text for `say`, the file for `play`. */
  readonly content: string;
  /** What is heard: the text of a `say`, the transcript given to a `play` (if any). */
  readonly text: string | undefined;
  /** How the callee may interrupt it (lines that hear). */
  readonly bargeIn: InterruptMode;
}

interface QueuedPlayback extends Playback {
  resolve(end: PlaybackEnd): void;
}

/** What a call's speech detector tells the channel (speech/CalleeListener calls these). */
export interface SpeechSink {
  speechStarted(at: number): void;
  speechEnded(at: number): void;
  /** Barge-in: the prompt must stop now. */
  stopSpeaking(): void;
  partial(text: string, at: number): void;
  final(
    result:
      | { readonly status: 'recognised'; readonly text: string }
      | { readonly status: 'notRecognised'; readonly reason: string },
    at: number,
  ): void;
  answer(verdict: { readonly class: AnswerKind; readonly reason: string }): void;
}

/** The channel's side of a line's hearing: decisions, listening hints, the end report. */
export interface ChannelHearing {
  decided(): void;
  listen(hints: ListenHints): void;
  report(): Pick<CallEnd, 'voiceTurns' | 'answer'>;
}

/** What every channel is created with. */
export interface ChannelInit {
  id: string;
  lineId: string;
  callee: string;
  caller: string;
  variables: Readonly<Record<string, string>>;
  timers: Timers;
  /** Called once, synchronously, when the channel ends (the line frees its slot). */
  onEnd?: (end: CallEnd) => void;
}

/**
 * The state machine, events, playback queue and end summary shared by every {@link CallChannel}
 * implementation; a subclass supplies signalling and media. Subclasses call the protected `mark*`/`emit*`
 * methods from timer or network callbacks only, never inside a public method call, which keeps the contract
 * "no event emitted synchronously from a method" (public methods here defer their own events by 0 ms).
 */
export abstract class BaseChannel implements CallChannel {
  readonly id: string;
  readonly lineId: string;
  readonly callee: string;
  readonly caller: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly ended: Promise<CallEnd>;
  protected readonly timers: Timers;

  #state: ChannelState = 'dialing';
  #closing = false;
  #emitter = new TypedEmitter<ChannelEvents>();
  #queue: QueuedPlayback[] = [];
  /** The queue head once handed to `startPlayback` (the head may still be waiting for its 0 ms start). */
  #playing: Playback | undefined;
  #startedAt: Date;
  #ringingAt: Date | undefined;
  #answeredAt: Date | undefined;
  #resolveEnded!: (end: CallEnd) => void;
  #onEnd: ((end: CallEnd) => void) | undefined;

  protected constructor(init: ChannelInit) {
    this.id = init.id;
    this.lineId = init.lineId;
    this.callee = init.callee;
    this.caller = init.caller;
    this.variables = Object.freeze({ ...init.variables });
    this.timers = init.timers;
    this.#onEnd = init.onEnd;
    this.#startedAt = init.timers.now();
    this.ended = new Promise<CallEnd>((resolve) => (this.#resolveEnded = resolve));
  }

  get state(): ChannelState {
    return this.#state;
  }

  on<E extends ChannelEventName>(event: E, listener: (event: ChannelEvents[E]) => void): Unsubscribe {
    return this.#emitter.on(event, listener);
  }

  say(text: string, options?: SayOptions): Promise<PlaybackEnd> {
    return this.#enqueue({ kind: 'say', content: text, text, bargeIn: options?.bargeIn ?? 'off' });
  }

  play(file: string, options?: PlayOptions): Promise<PlaybackEnd> {
    return this.#enqueue({
      kind: 'play',
      content: file,
      text: options?.text,
      bargeIn: options?.bargeIn ?? 'off',
    });
  }

  /** Lines that do not hear the audio (the simulator recognises on its own) ignore listening hints. */
  listen(hints: ListenHints): void {
    this.hearing?.listen(hints);
  }

  /** Set by a line that hears the callee's audio (SIP): told of decisions and hints, asked for the report. */
  protected hearing: ChannelHearing | undefined;

  stopSpeaking(): void {
    const cut = this.#queue;
    if (cut.length === 0) return;
    this.#queue = [];
    this.#stopPlaying();
    for (const item of cut) item.resolve('interrupted');
    this.#defer(() => {
      let failure: { error: unknown } | undefined;
      for (const item of cut) {
        try {
          this.#emitPlaybackDone(item, 'interrupted');
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    });
  }

  transfer(target: string): Promise<TransferOutcome> {
    this.#assertAnsweredOrOver('transfer');
    if (isTerminal(this.#state) || this.#closing) return Promise.resolve('failed');
    return this.requestTransfer(target);
  }

  hangup(): Promise<CallEnd> {
    if (!isTerminal(this.#state) && !this.#closing) {
      this.#closing = true;
      this.requestHangup();
    }
    return this.ended;
  }

  /** The playback being heard now, if any. */
  protected get current(): Playback | undefined {
    return this.#queue[0];
  }

  /** True after our `hangup()` was requested and before the terminal event. */
  protected get closing(): boolean {
    return this.#closing;
  }

  /** Starts sending `playback` to the callee; call {@link finishPlayback} when it has played to the end. */
  protected abstract startPlayback(playback: Playback): void;
  /** Stops sending `playback` (it was cut); no event needed. */
  protected abstract stopPlayback(playback: Playback): void;
  /** Signals our hang-up/cancel; ends with {@link markHungUp} (`local`) or {@link markFailed} (`cancelled`). */
  protected abstract requestHangup(): void;
  /** Performs a transfer on an answered call; on success ends with {@link markHungUp}(`local`, `transferred`). */
  protected abstract requestTransfer(target: string): Promise<TransferOutcome>;

  /** The current playback has played to the end: emit it and start the next one. */
  protected finishPlayback(playback: Playback): void {
    if (this.#queue[0] !== playback) return;
    const done = this.#queue.shift() as QueuedPlayback;
    this.#playing = undefined;
    done.resolve('completed');
    try {
      this.#emitPlaybackDone(done, 'completed');
    } finally {
      this.#startNext(); // a throwing listener must not stall the queue
    }
  }

  protected markRinging(): boolean {
    if (this.#state !== 'dialing') return false;
    this.#state = 'ringing';
    this.#ringingAt = this.timers.now();
    this.#emitter.emit('ringing', { at: this.#ringingAt });
    return true;
  }

  protected markAnswered(): boolean {
    if (this.#state !== 'dialing' && this.#state !== 'ringing') return false;
    this.#state = 'answered';
    this.#answeredAt = this.timers.now();
    this.#emitter.emit('answered', { at: this.#answeredAt });
    return true;
  }

  protected markFailed(cause: FailureCause): boolean {
    if (this.#state !== 'dialing' && this.#state !== 'ringing') return false;
    this.#state = 'failed';
    const at = this.timers.now();
    this.#finish({ result: cause, endedAt: at }, () => this.#emitter.emit('failed', { at, cause }));
    return true;
  }

  protected markHungUp(by: HangupBy, cause: HangupCause): boolean {
    if (this.#state !== 'answered') return false;
    this.#state = 'hungUp';
    const at = this.timers.now();
    this.#finish({ result: 'answered', hangupBy: by, hangupCause: cause, endedAt: at }, () =>
      this.#emitter.emit('hangup', { at, by, cause }),
    );
    return true;
  }

  /** What a carrier adds to the end summary (signalling status, recording), read once as the channel ends. */
  protected endDetails(): Pick<CallEnd, 'signalling' | 'recording' | 'recordingWritten' | 'playbackFaults'> {
    return {};
  }

  protected emitSpeech(text: string, isFinal: boolean): void {
    if (this.#state === 'answered') this.#emitter.emit('speech', { at: this.timers.now(), text, isFinal });
  }

  protected emitDtmf(digit: DtmfDigit): void {
    if (this.#state === 'answered') this.#emitter.emit('dtmf', { at: this.timers.now(), digit });
  }

  protected emitVoice(phase: 'start' | 'end'): void {
    if (this.#state === 'answered') this.#emitter.emit('voice', { at: this.timers.now(), phase });
  }

  protected emitNotRecognised(reason: string): void {
    if (this.#state === 'answered') this.#emitter.emit('notRecognised', { at: this.timers.now(), reason });
  }

  protected emitAnswerKind(kind: AnswerKind, reason: string): void {
    if (this.#state === 'answered') this.#emitter.emit('answerKind', { at: this.timers.now(), kind, reason });
  }

  /** What a line's speech detector calls: these become the channel's voice, speech and answer events. */
  protected speechSink(): SpeechSink {
    return {
      speechStarted: () => this.emitVoice('start'),
      speechEnded: () => this.emitVoice('end'),
      stopSpeaking: () => this.stopSpeaking(),
      partial: (text) => this.emitSpeech(text, false),
      final: (r) =>
        r.status === 'recognised' ? this.emitSpeech(r.text, true) : this.emitNotRecognised(r.reason),
      answer: (v) => this.emitAnswerKind(v.class, v.reason),
    };
  }

  #enqueue(playback: Playback): Promise<PlaybackEnd> {
    this.#assertAnsweredOrOver(playback.kind);
    if (isTerminal(this.#state) || this.#closing) return Promise.resolve('hungUp');
    this.hearing?.decided();
    return new Promise<PlaybackEnd>((resolve) => {
      this.#queue.push({ ...playback, resolve });
      // Started on a 0 ms timer, so no media callback can run inside say() itself.
      if (this.#queue.length === 1) this.#defer(() => this.#startNext());
    });
  }

  #startNext(): void {
    const head = this.#queue[0];
    if (!head || head === this.#playing || this.#state !== 'answered' || this.#closing) return;
    this.#playing = head;
    this.startPlayback(head);
  }

  #stopPlaying(): void {
    const playing = this.#playing;
    this.#playing = undefined;
    if (playing) this.stopPlayback(playing);
  }

  #emitPlaybackDone(item: Playback, end: 'completed' | 'interrupted'): void {
    if (this.#state !== 'answered') return;
    this.#emitter.emit('playbackDone', {
      at: this.timers.now(),
      kind: item.kind,
      content: item.content,
      end,
    });
  }

  #assertAnsweredOrOver(what: string): void {
    if (this.#state === 'dialing' || this.#state === 'ringing') {
      throw new Error(
        `CallChannel.${what}(): the call ${this.id} has not been answered (state ${this.#state})`,
      );
    }
  }

  #defer(fn: () => void): void {
    this.timers.setTimer(0, fn);
  }

  /** Settles everything before the terminal event is emitted, so a throwing listener cannot leave a half-end. */
  #finish(end: Omit<CallEnd, 'startedAt' | 'talkMs'>, emit: () => void): void {
    const cut = this.#queue;
    this.#queue = [];
    this.#stopPlaying();
    for (const item of cut) item.resolve('hungUp');
    const answeredAt = this.#answeredAt;
    const summary: CallEnd = {
      ...end,
      ...this.hearing?.report(),
      startedAt: this.#startedAt,
      ...(this.#ringingAt && { ringingAt: this.#ringingAt }),
      ...(answeredAt && { answeredAt }),
      talkMs: answeredAt ? end.endedAt.getTime() - answeredAt.getTime() : 0,
      ...this.endDetails(),
    };
    this.#resolveEnded(summary);
    this.#onEnd?.(summary);
    try {
      emit();
    } finally {
      this.#emitter.clear();
    }
  }
}
