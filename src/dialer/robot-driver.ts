import type { CancelTimer, Timers } from '../lib/virtual-clock.js';
import type { Action, CallSession, HangupCauseName, ReplyClassifier } from '../robot/index.js';
import type { CallChannel, CallEnd } from '../telephony/call-channel.js';

/**
 * Runs a robot session on an answered call: performs its actions on the channel (say/play in order with the
 * node's barge-in mode, listen with a silence timer that starts when the robot falls quiet or the callee's
 * voice ends, barge-in, hang-up and transfer after the queued lines are spoken) and feeds it the callee's
 * speech, "not recognised" turns and keys. A machine or an announcement answering the call is not talked to:
 * the call is hung up (the channel's end summary carries what answered).
 */
export class RobotDriver {
  #speaking = 0;
  #listenMs: number | undefined;
  #silence: CancelTimer | undefined;
  /** Hang-up or transfer waiting for the robot's last lines to be spoken. */
  #ending: (() => void) | undefined;
  /** Final replies waiting for the reply classifier, in the order they were heard. */
  #replies: Promise<void> = Promise.resolve();
  #disposed = false;
  /** The callee's voice is under way (lines that hear): no silence is counted meanwhile. */
  #calleeVoice = false;

  constructor(
    private readonly channel: CallChannel,
    private readonly session: CallSession,
    private readonly timers: Timers,
    private readonly classifier?: ReplyClassifier,
  ) {}

  /** Starts the conversation; call right after `answered`. */
  begin(): void {
    const c = this.channel;
    c.on('speech', (e) => {
      if (e.isFinal) {
        this.#cancelSilence();
        if (this.classifier) {
          // The session never throws; should anything else fail, the call ends rather than hang silent.
          this.#replies = this.#replies
            .then(() => this.#classified(e.text))
            .catch(() => void this.channel.hangup());
        } else this.#perform(this.session.onUserText(e.text, true));
      } else {
        this.#perform(this.session.onUserText(e.text, false));
      }
    });
    c.on('voice', (e) => {
      this.#calleeVoice = e.phase === 'start';
      if (this.#calleeVoice) this.#cancelSilence();
      else if (this.#speaking === 0 && this.#listenMs !== undefined) this.#armSilence();
    });
    c.on('notRecognised', (e) => {
      this.#cancelSilence();
      // After any reply still with the classifier, so the robot handles turns in the order spoken.
      this.#replies = this.#replies
        .then(() => {
          if (!this.#disposed) this.#perform(this.session.onNotRecognised(e.reason));
        })
        .catch(() => void this.channel.hangup());
    });
    c.on('answerKind', (e) => {
      if (e.kind === 'human' || e.kind === 'unknown') return;
      this.#listenMs = undefined;
      this.#cancelSilence();
      this.channel.stopSpeaking();
      void this.channel.hangup();
    });
    c.on('dtmf', (e) => {
      this.#cancelSilence();
      this.#perform(this.session.onDtmf(e.digit));
    });
    this.#perform(this.session.start());
  }

  /** The session's cause for how the call ended; `bySystem`: the platform hung up (talk-time limit). */
  static causeOf(end: CallEnd, bySystem = false): HangupCauseName {
    if (end.hangupCause === 'transferred') return 'transfer';
    if (end.hangupCause === 'networkError') return 'error';
    if (end.hangupBy === 'remote') return 'callee';
    return bySystem ? 'system' : 'robot';
  }

  /** Resolves once every final reply heard so far has been handed to the session. */
  idle(): Promise<void> {
    return this.#replies;
  }

  /** Stops the driver's own timer (the call ended). */
  dispose(): void {
    this.#disposed = true;
    this.#cancelSilence();
  }

  /**
   * A final reply with the classifier consulted first — only when the rules cannot place it; the classifier
   * has its own deadline and never throws, so the reply is always handed on.
   */
  async #classified(text: string): Promise<void> {
    const question = this.session.choicesFor(text);
    const choice = question && this.classifier ? await this.classifier.choose(question) : undefined;
    if (this.#disposed) return;
    this.#perform(this.session.onUserText(text, true, choice));
  }

  #perform(actions: readonly Action[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'say':
          this.#speak(
            action.audio
              ? this.channel.play(action.audio, { text: action.text, bargeIn: action.bargeIn })
              : this.channel.say(action.text, { bargeIn: action.bargeIn }),
          );
          break;
        case 'play':
          this.#speak(this.channel.play(action.file));
          break;
        case 'listen':
          this.#listenMs = action.timeoutMs;
          this.channel.listen({
            ...(action.hotwords && { hotwords: action.hotwords }),
            ...(action.endOfTurnMs !== undefined && { endOfTurnMs: action.endOfTurnMs }),
            ...(action.yesNo && { yesNo: true }),
            ...(action.nextPrompts && { nextPrompts: action.nextPrompts }),
          });
          if (this.#speaking === 0 && !this.#calleeVoice) this.#armSilence();
          break;
        case 'stopSpeaking':
          this.channel.stopSpeaking();
          break;
        case 'hangup':
          this.#listenMs = undefined;
          this.#afterSpeaking(() => void this.channel.hangup());
          break;
        case 'transfer': {
          this.#listenMs = undefined;
          const target = action.target;
          this.#afterSpeaking(() => {
            void this.channel.transfer(target).then((outcome) => {
              if (outcome === 'failed') void this.channel.hangup();
            });
          });
          break;
        }
        case 'addToDnd':
          break; // carried by the session result (dndRequests) into the hang-up transaction
      }
    }
  }

  #speak(done: Promise<unknown>): void {
    this.#speaking++;
    this.#cancelSilence();
    void done.then(() => {
      this.#speaking--;
      if (this.#speaking > 0) return;
      const ending = this.#ending;
      this.#ending = undefined;
      if (ending) ending();
      else if (this.#listenMs !== undefined && !this.#calleeVoice) this.#armSilence();
    });
  }

  #afterSpeaking(fn: () => void): void {
    if (this.#speaking === 0) fn();
    else this.#ending = fn;
  }

  #armSilence(): void {
    this.#cancelSilence();
    const ms = this.#listenMs;
    if (ms === undefined || this.session.ended) return;
    this.#silence = this.timers.setTimer(ms, () => {
      this.#silence = undefined;
      this.#perform(this.session.onSilence());
    });
  }

  #cancelSilence(): void {
    this.#silence?.();
    this.#silence = undefined;
  }
}
