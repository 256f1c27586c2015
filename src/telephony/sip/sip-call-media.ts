/**
 * The media side of one SIP call: its RTP port and {@link RtpSession}, the SDP it offers and applies, the
 * callee's audio (early media kept, answered frames to the recording, the hearing and listeners), the robot's
 * prompts sent as paced frames, and the recording of both directions.
 */
import type { Logger } from '../../lib/logger.js';
import type { Playback } from '../base-channel.js';
import type { DtmfDigit, PlaybackFault } from '../call-channel.js';
import type { Unsubscribe } from '../typed-emitter.js';
import { decodeG711, encodeG711 } from '../rtp/g711.js';
import { CallRecording } from '../recording/call-recording.js';
import { RtpSession } from '../rtp/rtp-session.js';
import { buildSdp, parseSdpAnswer } from './sdp.js';
import type { SipCallContext } from './sip-call-context.js';
import type { SipHearing } from './sip-hearing.js';

/** A decoded frame of the callee's audio: 8 kHz mono 16-bit, 20 ms (160 samples) in the usual case. */
export interface AudioFrame {
  samples: Int16Array;
  sampleRate: 8000;
  /** RTP timestamp of its first sample. */
  timestamp: number;
}

const MAX_EARLY_FRAMES = 50 * 30;

/** What the media tells its call. */
export interface CallMediaEvents {
  /** True once the call is answered: frames then go to the recording, the hearing and the listeners. */
  answered(): boolean;
  dtmf(digit: DtmfDigit): void;
}

export class SipCallMedia {
  /** Callee audio received before the answer (183 early media: announcements such as 空号 tones). */
  readonly earlyMedia: Int16Array[] = [];
  #rtp: RtpSession | undefined;
  #port: { port: number; release: () => void } | undefined;
  #listeners = new Set<(f: AudioFrame) => void>();
  #recording: CallRecording | undefined;
  #sdpVersion = 1;
  #playToken = 0;
  #lastRtpAt = 0;
  #closed = false;
  readonly #faults: PlaybackFault[] = [];

  constructor(
    private readonly ctx: SipCallContext,
    private readonly sessionId: number,
    private readonly ear: SipHearing,
    private readonly events: CallMediaEvents,
    private readonly log: Logger,
  ) {}

  /** Takes an RTP port from the line's range; false when the range is exhausted. */
  async open(): Promise<boolean> {
    const port = await this.ctx.allocatePort();
    if (!port) return false;
    if (this.#closed) {
      port.release(); // the call ended while the port was being found
      return false;
    }
    this.#port = { port: port.port, release: port.release };
    this.#rtp = new RtpSession(
      port.socket,
      port.port,
      { codec: this.ctx.codecs[0] ?? 'PCMA', payloadType: 8, dtmfPayloadType: undefined },
      this.ctx.mediaClock,
      {
        onAudio: (samples, timestamp) => this.#onAudio(samples, timestamp),
        onDtmf: (digit) => this.events.dtmf(digit),
        onSent: (frame) => {
          const codec = this.#rtp?.format.codec ?? 'PCMA';
          this.#recording?.robot(decodeG711(codec, frame));
          this.ear.sent(frame, codec);
        },
      },
    );
    return true;
  }

  /** Media counters (frames sent/received/late, foreign packets). */
  get stats() {
    return this.#rtp?.stats;
  }

  onAudio(listener: (frame: AudioFrame) => void): Unsubscribe {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Our SDP offer (or answer); `sameSession` answers a re-offer without moving the version. */
  sdp(sameSession = false): string {
    if (sameSession) this.#sdpVersion--;
    return buildSdp({
      address: this.ctx.mediaAddress,
      port: this.#port?.port ?? 0,
      codecs: this.ctx.codecs,
      sessionId: this.sessionId,
      version: this.#sdpVersion++,
    });
  }

  /** Re-targets the media to the far end's SDP; false when `required` and it has no usable offer/answer. */
  applySdp(body: string, required: boolean): boolean {
    const answer = body ? parseSdpAnswer(body, this.ctx.codecs) : undefined;
    if (!answer) return !required;
    this.#rtp?.setRemote(answer.remote, answer.format);
    return true;
  }

  /** The call was answered: start sending (silence until a prompt), and record to `recordTo` if given. */
  start(recordTo: string | undefined): void {
    if (recordTo) {
      this.#recording = new CallRecording(recordTo, (err) =>
        this.log.error({ err, file: recordTo }, 'recording stopped; the call goes on'),
      );
    }
    this.#rtp?.start();
    this.#lastRtpAt = Date.now();
  }

  /** Milliseconds since the far end's last RTP packet (or the answer). */
  get msSinceRtp(): number {
    return Date.now() - this.#lastRtpAt;
  }

  /**
   * Fetches the playback's audio (TTS, prompt file) and sends it; `done` when its last frame has left, also when
   * the audio could not be had (skipped; the call goes on). `current` tells whether it is still wanted. Every
   * fault is logged with the call's id and kept for the call record.
   */
  play(playback: Playback, current: () => boolean, done: () => void): void {
    const token = ++this.#playToken;
    // Readiness is asked before the fetch, which fills the cache.
    const spoken = playback.kind === 'say' ? (playback.text ?? playback.content) : undefined;
    const fromCache = spoken === undefined ? undefined : this.ctx.presynthesis?.isReady(spoken);
    const fault = (err: unknown, outcome: string): void => {
      const error = err instanceof Error ? err.message : String(err);
      this.#faults.push({ at: new Date(), kind: playback.kind, content: playback.content, error, outcome });
      this.log.warn({ err, kind: playback.kind, content: playback.content, outcome }, 'playback fault');
    };
    this.ctx.audio(playback, fault).then(
      (audio) => {
        if (token !== this.#playToken || !current() || !this.#rtp) return;
        this.ear.promptStarted(playback.bargeIn, fromCache);
        this.#rtp.play(encodeG711(this.#rtp.format.codec, audio), () => {
          this.ear.promptEnded();
          done();
        });
      },
      (err: unknown) => {
        fault(err, 'skipped');
        if (token === this.#playToken) done();
      },
    );
  }

  stop(): void {
    this.#playToken++;
    this.ear.promptEnded();
    this.#rtp?.stop();
  }

  /** What the end summary carries from the media: the recording and the playback faults, when there are any. */
  endDetails() {
    return {
      ...(this.#recording && { recording: this.#recording.file, recordingWritten: this.#recording.written }),
      ...(this.#faults.length > 0 && { playbackFaults: [...this.#faults] }),
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rtp?.close();
    void this.#recording?.close();
    this.#port?.release();
    this.#listeners.clear();
  }

  #onAudio(samples: Int16Array, timestamp: number): void {
    this.#lastRtpAt = Date.now();
    if (this.events.answered()) {
      this.#recording?.callee(samples);
      this.ear.heard(samples);
      const frame: AudioFrame = { samples, sampleRate: 8000, timestamp };
      for (const l of this.#listeners) l(frame);
    } else if (this.earlyMedia.length < MAX_EARLY_FRAMES) {
      this.earlyMedia.push(samples);
    }
  }
}
