import type dgram from 'node:dgram';
import type { Logger } from '../../lib/logger.js';
import type { PromptPresynthesizer } from '../../speech/speech.js';
import type { Playback, SpeechSink } from '../base-channel.js';
import type { InterruptMode, ListenHints, VoiceTurn } from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import type { G711Codec } from '../rtp/g711.js';
import type { MediaClock } from '../rtp/media-clock.js';
import type { SipEndpoint } from './sip-endpoint.js';
import type { SipRequest, SipResponse } from './sip-message.js';
import type { SipPeer } from './sip-transport.js';

/** A problem the audio source worked around: the error, and what is played instead (e.g. 'spoken from its text'). */
export type PlaybackFaultReport = (error: unknown, instead: string) => void;

/**
 * Audio for a playback: 8 kHz mono 16-bit samples (TTS for `say`, a converted prompt file for `play`). Rejects
 * when there is nothing to play (the call skips the prompt); a fault worked around is told to `fault`.
 */
export type PlaybackAudio = (playback: Playback, fault: PlaybackFaultReport) => Promise<Int16Array>;

/** What a SIP line gives each of its calls. */
export interface SipCallContext {
  endpoint(): Promise<SipEndpoint>;
  /** Where requests go (the next hop): the outbound proxy, else the trunk. */
  readonly trunk: SipPeer;
  /** The trunk the calls are for, named in the Request-URI, From and To (the line's host and port). */
  readonly domain: SipPeer;
  readonly mediaAddress: string;
  readonly codecs: readonly G711Codec[];
  readonly credentials: { username: string; password: string } | undefined;
  /** No RTP for this long ends an answered call (0 = never). */
  readonly rtpTimeoutMs: number;
  readonly mediaClock: MediaClock;
  readonly audio: PlaybackAudio;
  /** The TTS cache's pre-synthesis (lines the robot may say next); absent: nothing is prepared. */
  readonly presynthesis?: PromptPresynthesizer;
  /** The line's hearing (VAD, recogniser); undefined: the line does not listen to the callee. */
  readonly hearing: HearingFactory | undefined;
  readonly log: Logger;
  allocatePort(): Promise<{ socket: dgram.Socket; port: number; release: () => void } | undefined>;
  /** Routes in-dialog requests with this Call-ID to the call. */
  register(callId: string, handler: DialogHandler): void;
  unregister(callId: string): void;
}

/**
 * A call's handler of the requests that carry its Call-ID. False: the request does not belong to the call's
 * dialog (another To tag, or the call is over); the line then answers 481 and logs it.
 */
export type DialogHandler = (request: SipRequest, from: SipPeer, reply: (r: SipResponse) => void) => boolean;

/** What a call's speech detector tells the channel. */
export type HearingSink = SpeechSink;

/**
 * The callee's speech detector and recogniser on one call (speech/CalleeListener), as the channel drives it:
 * inbound frames in, the robot's frames for the echo gate, prompt and listening state, turn timing out.
 */
export interface CallHearing {
  heard(frame: Int16Array): void;
  played(frame: Int16Array | undefined): void;
  promptStarted(mode: InterruptMode): void;
  promptEnded(): void;
  listen(hints: ListenHints): void;
  markDecision(at?: number): void;
  /** The first frame of the reply left; `fromCache`: its speech was ready in the TTS cache. */
  markFirstReplyFrame(at?: number, fromCache?: boolean): void;
  readonly turns: readonly VoiceTurn[];
  close(): void;
}

/** Builds the hearing of an answered call (the line's recogniser); undefined when the line has none. */
export type HearingFactory = (
  call: { readonly id: string; readonly callId: string },
  sink: HearingSink,
) => Promise<CallHearing | undefined>;

/** What the network said last about the INVITE: the raw final status (or our own reason for ending it). */
export interface SipOutcome {
  status: number;
  reason: string;
}

export interface SipChannelInit {
  id: string;
  callId: string;
  lineId: string;
  callee: string;
  /** The number as sent in the Request-URI (after the line's rewrite rules). */
  dialled: string;
  caller: string;
  variables: Readonly<Record<string, string>>;
  timeoutMs: number | undefined;
  context: SipCallContext;
  /** Where to record the answered call (WAV); no recording when absent. */
  record?: string;
  /** A refusal decided by the line before signalling (full, rate limited, down). */
  refuse?: FailureCause;
  onEnd: () => void;
}
