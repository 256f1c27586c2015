import type { CancelTimer } from '../../lib/virtual-clock.js';
import { BaseChannel, type ChannelInit, type Playback } from '../base-channel.js';
import type { DtmfDigit, TransferOutcome } from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import type { CallPlan } from './call-plan.js';
import { CalleePersona, type CalleeAction } from './callee-persona.js';
import { SeededRandom, sampleDuration } from './seeded-random.js';
import type { SimulatorLineConfig } from './simulator-config.js';

/** Partial recognition results come every this many characters of callee speech. */
const PARTIAL_EVERY_CHARS = 3;
/** Gap between keys of a DTMF reply, and from the last word or key to a reply's hang-up. */
const DTMF_GAP_MS = 300;
const HANGUP_AFTER_MS = 600;
/** Shortest robot utterance, however short the text. */
const MIN_UTTERANCE_MS = 400;

export interface SimulatorChannelInit extends ChannelInit {
  config: SimulatorLineConfig;
  /** The plan to run, or a cause to fail with at once (line down, full, rate-limited). */
  plan: CallPlan | { refuse: FailureCause };
  /** Ring timeout: still unanswered after this long → `noAnswer`. */
  timeoutMs: number;
}

/**
 * A simulated call: runs a {@link CallPlan} on the line's timers (setup, ringing, the carrier's verdict), then
 * plays the callee: hears what the robot says, answers through its persona with partial and final speech, keys,
 * silences and hang-ups, and gives up after its patience runs out.
 */
export class SimulatorChannel extends BaseChannel {
  readonly #config: SimulatorLineConfig;
  #timers = new Set<CancelTimer>();
  #talkRng: SeededRandom | undefined;
  #callee: CalleePersona | undefined;
  /** Robot utterances the callee heard and has not reacted to yet. */
  #heard: string[] = [];
  #pendingReaction: CancelTimer | undefined;
  /** Virtual instant (ms) until which the callee is busy speaking, pressing keys or hanging up. */
  #calleeBusyUntil = 0;
  #playback: { item: Playback; cancel: CancelTimer; bargedIn: boolean } | undefined;
  #transfers = new Set<(outcome: TransferOutcome) => void>();

  constructor(init: SimulatorChannelInit) {
    super(init);
    this.#config = init.config;
    const plan = init.plan;
    if ('refuse' in plan) {
      this.#after(0, () => this.#fail(plan.refuse));
      return;
    }
    this.#after(init.timeoutMs, () => this.#fail('noAnswer'));
    this.#after(plan.setupMs, () => this.#setupDone(plan));
  }

  protected startPlayback(item: Playback): void {
    const rng = this.#talkRng as SeededRandom;
    const chars = item.text?.length ?? 0;
    const durationMs =
      item.text === undefined
        ? this.#config.playMs
        : Math.max(MIN_UTTERANCE_MS, chars * this.#config.robotCharMs);
    const rate = this.#persona().bargeInRate;
    // No draw at rate 0, so adding barge-in to one persona leaves the others' conversations unchanged.
    const bargedIn = rate > 0 && rng.chance(rate) && !this.#calleeBusy();
    const cancel = this.#after(durationMs, () => this.#playbackEnded(item));
    this.#playback = { item, cancel, bargedIn };
    if (bargedIn) {
      // The callee cuts in part-way through, answering what it has heard so far including this utterance.
      this.#after(Math.round(durationMs * rng.between(0.3, 0.7)), () => {
        this.#heard.push(item.text ?? '');
        this.#react();
      });
    }
  }

  protected stopPlayback(item: Playback): void {
    const playing = this.#playback;
    if (playing?.item !== item) return;
    playing.cancel();
    this.#timers.delete(playing.cancel);
    this.#playback = undefined;
    if (!playing.bargedIn && item.text) this.#heard.push(item.text);
  }

  protected requestHangup(): void {
    this.#after(0, () => {
      this.#endTimers();
      if (!this.markHungUp('local', 'normal')) this.markFailed('cancelled');
    });
  }

  protected requestTransfer(target: string): Promise<TransferOutcome> {
    const rng = this.#talkRng as SeededRandom;
    return new Promise<TransferOutcome>((resolve) => {
      this.#transfers.add(resolve);
      this.#after(sampleDuration(this.#config.transferMs, rng), () => {
        this.#transfers.delete(resolve);
        if (target.trim() === '' || !rng.chance(this.#config.transferAcceptRate)) {
          resolve('failed');
          return;
        }
        this.#endTimers();
        this.markHungUp('local', 'transferred');
        resolve('accepted');
      });
    });
  }

  #setupDone(plan: CallPlan): void {
    if (plan.lineFault) {
      this.#fail('lineError');
      return;
    }
    this.#after(plan.afterMs, () => {
      if (plan.outcome === 'answered') this.#answer(plan);
      else this.#fail(plan.outcome);
    });
    // Emitted last: a throwing listener cannot keep the call from progressing.
    if (plan.rings) this.markRinging();
  }

  #answer(plan: CallPlan): void {
    this.#endTimers(); // ring timeout and carrier timers are over
    const rng = new SeededRandom(plan.talkSeed);
    this.#talkRng = rng;
    this.#callee = new CalleePersona(plan.persona, rng);
    // Draw in a fixed order before anything can depend on the robot.
    const patienceMs = sampleDuration(plan.persona.patienceMs, rng);
    const openingMs = sampleDuration(plan.persona.openingDelayMs, rng);
    this.#after(patienceMs, () => this.#remoteHangup());
    const opening = plan.persona.opening;
    if (opening !== undefined) this.#after(openingMs, () => this.#perform({ say: opening }));
    this.markAnswered();
  }

  #playbackEnded(item: Playback): void {
    const playing = this.#playback;
    this.#playback = undefined;
    if (!playing?.bargedIn && item.text) this.#heard.push(item.text);
    try {
      this.finishPlayback(item);
    } finally {
      // The robot's turn is over when nothing else is queued (a listener may already have queued more).
      if (this.state === 'answered' && !this.closing && this.current === undefined) this.#scheduleReaction();
    }
  }

  /** Reacts to what was heard once the robot is quiet and the callee has finished its own utterance. */
  #scheduleReaction(): void {
    if (this.#heard.length === 0) return;
    this.#pendingReaction?.();
    const now = this.timers.now().getTime();
    const delay = sampleDuration(this.#persona().replyDelayMs, this.#talkRng as SeededRandom);
    this.#pendingReaction = this.#after(Math.max(this.#calleeBusyUntil, now) - now + delay, () => {
      this.#pendingReaction = undefined;
      this.#react();
    });
  }

  #react(): void {
    this.#pendingReaction?.();
    this.#pendingReaction = undefined;
    const heard = this.#heard.join(' ');
    this.#heard = [];
    this.#perform((this.#callee as CalleePersona).answer(heard));
  }

  /** Speaks, presses keys and hangs up as `action` says, from now on. */
  #perform(action: CalleeAction): void {
    const persona = this.#persona();
    const rng = this.#talkRng as SeededRandom;
    let t = 0;
    const text = action.say;
    if (text !== undefined) {
      for (let n = PARTIAL_EVERY_CHARS; n < text.length; n += PARTIAL_EVERY_CHARS) {
        const partial = text.slice(0, n);
        this.#after(n * persona.charMs, () => this.emitSpeech(partial, false));
      }
      t = text.length * persona.charMs + sampleDuration(this.#config.asrLatencyMs, rng);
      this.#after(t, () => this.emitSpeech(text, true));
    }
    for (const digit of action.dtmf ?? '') {
      t += DTMF_GAP_MS;
      this.#after(t, () => this.emitDtmf(digit as DtmfDigit));
    }
    if (action.hangup === true) {
      t += HANGUP_AFTER_MS;
      this.#after(t, () => this.#remoteHangup());
    }
    this.#calleeBusyUntil = Math.max(this.#calleeBusyUntil, this.timers.now().getTime() + t);
  }

  #remoteHangup(): void {
    this.#endTimers();
    this.markHungUp('remote', 'normal');
  }

  #fail(cause: FailureCause): void {
    if (this.state !== 'dialing' && this.state !== 'ringing') return;
    this.#endTimers();
    this.markFailed(cause);
  }

  #calleeBusy(): boolean {
    return this.#calleeBusyUntil > this.timers.now().getTime();
  }

  #persona(): CalleePersona['persona'] {
    return (this.#callee as CalleePersona).persona;
  }

  /** Cancels everything scheduled and fails pending transfers: the call is ending. */
  #endTimers(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    this.#pendingReaction = undefined;
    const transfers = [...this.#transfers];
    this.#transfers.clear();
    // Resolved after the terminal event (promise callbacks run later), as the contract's ordering expects.
    for (const resolve of transfers) resolve('failed');
  }

  #after(ms: number, fn: () => void): CancelTimer {
    const cancel = this.timers.setTimer(ms, () => {
      this.#timers.delete(cancel);
      fn();
    });
    this.#timers.add(cancel);
    return cancel;
  }
}
