/**
 * One outbound call over SIP: a {@link BaseChannel} whose signalling is an INVITE dialog and whose media is an
 * {@link RtpSession}.
 *
 *   INVITE ──▶ 100 Trying
 *          ◀── 180 Ringing / 183 Session Progress (+SDP: early media, kept)      → ringing
 *          ◀── 401/407 ──▶ ACK, INVITE again with credentials (once per challenge)
 *          ◀── 200 OK (+SDP) ──▶ ACK, RTP both ways                               → answered
 *          ◀── 3xx–6xx ──▶ ACK (transaction layer)                                → failed{callResultFromSip}
 *   ring timeout / hangup() before answer ──▶ CANCEL ◀── 487                     → failed{noAnswer | cancelled}
 *   BYE either way (our BYE ends the channel at once; its 200 is not awaited)     → hangup
 *   re-INVITE / UPDATE from the far end: answered with our SDP, media re-targeted, the call stays up.
 */
import type { Logger } from '../../lib/logger.js';
import { systemTimers, type CancelTimer } from '../../lib/virtual-clock.js';
import { BaseChannel, type Playback } from '../base-channel.js';
import { DEFAULT_RING_TIMEOUT_MS, isDtmfDigit, type TransferOutcome } from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import { callResultFromSip, q850CauseOf } from '../sip-cause.js';
import type { Unsubscribe } from '../typed-emitter.js';
import { decodeG711, encodeG711 } from '../rtp/g711.js';
import { CallRecording } from '../recording/call-recording.js';
import { RtpSession } from '../rtp/rtp-session.js';
import { digestAuthorization, parseChallenge } from './digest.js';
import { dtmfFromInfo, SipDialog, variableHeaders } from './sip-dialog.js';
import { isLocalTimeout, responseTo, type SipEndpoint } from './sip-endpoint.js';
import type { SipRequest, SipResponse } from './sip-message.js';
import { buildSdp, parseSdpAnswer } from './sdp.js';
import type { SipCallContext, SipChannelInit, SipOutcome } from './sip-call-context.js';
import { SipHearing } from './sip-hearing.js';
import type { SipPeer } from './sip-transport.js';

/** A decoded frame of the callee's audio: 8 kHz mono 16-bit, 20 ms (160 samples) in the usual case. */
export interface AudioFrame {
  samples: Int16Array;
  sampleRate: 8000;
  /** RTP timestamp of its first sample. */
  timestamp: number;
}

const CANCEL_GUARD_MS = 5_000;
const MAX_EARLY_FRAMES = 50 * 30;

export class SipChannel extends BaseChannel {
  readonly callId: string;
  /** The last final response to the INVITE (or our own reason), kept for the call record. */
  outcome: SipOutcome | undefined;
  /** Callee audio received before the answer (183 early media: announcements such as 空号 tones). */
  readonly earlyMedia: Int16Array[] = [];
  readonly #ctx: SipCallContext;
  readonly #log: Logger;
  #dialog: SipDialog | undefined;
  #endpoint: SipEndpoint | undefined;
  #rtp: RtpSession | undefined;
  #port: { port: number; release: () => void } | undefined;
  #audioListeners = new Set<(f: AudioFrame) => void>();
  #provisional = false;
  #cancelCause: FailureCause | undefined;
  #cancelSent = false;
  #authTried = new Set<string>();
  #timers: CancelTimer[] = [];
  #ack: SipRequest | undefined;
  #sdpVersion = 1;
  #playToken = 0;
  #lastRtpAt = 0;
  readonly #ear: SipHearing;
  readonly #recordTo: string | undefined;
  #recording: CallRecording | undefined;

  constructor(init: SipChannelInit) {
    super({ ...init, timers: systemTimers, onEnd: () => this.#cleanup(init.onEnd) });
    this.callId = init.callId;
    this.#ctx = init.context;
    this.#recordTo = init.record;
    this.#log = init.context.log.child({ callId: init.callId, channel: init.id });
    const { hearing, presynthesis } = init.context;
    this.#ear = new SipHearing(hearing, this, this.speechSink(), this.#log, presynthesis);
    this.hearing = this.#ear;
    if (init.refuse) {
      const cause = init.refuse;
      this.#later(0, () => this.markFailed(cause));
      return;
    }
    this.#later(init.timeoutMs ?? DEFAULT_RING_TIMEOUT_MS, () => this.#cancel('noAnswer'));
    void this.#start(init).catch((err: unknown) => {
      this.#log.error({ err }, 'call setup failed');
      this.outcome ??= { status: 0, reason: err instanceof Error ? err.message : String(err) };
      this.markFailed('lineError');
    });
  }

  /** Subscribes to the callee's decoded audio (after the answer); returns the unsubscribe function. */
  onAudio(listener: (frame: AudioFrame) => void): Unsubscribe {
    this.#audioListeners.add(listener);
    return () => this.#audioListeners.delete(listener);
  }

  /** Media counters (frames sent/received/late, foreign packets). */
  get mediaStats() {
    return this.#rtp?.stats;
  }

  async #start(init: SipChannelInit): Promise<void> {
    const endpoint = await this.#ctx.endpoint();
    this.#endpoint = endpoint;
    const port = await this.#ctx.allocatePort();
    if (this.state !== 'dialing' && this.state !== 'ringing') return port?.release();
    if (!port) {
      this.outcome = { status: 0, reason: 'RTP port range exhausted' };
      this.#log.warn({}, 'RTP port range exhausted');
      this.markFailed('lineError');
      return;
    }
    this.#port = { port: port.port, release: port.release };
    this.#rtp = new RtpSession(
      port.socket,
      port.port,
      { codec: this.#ctx.codecs[0] ?? 'PCMA', payloadType: 8, dtmfPayloadType: undefined },
      this.#ctx.mediaClock,
      {
        onAudio: (samples, timestamp) => this.#onAudio(samples, timestamp),
        onDtmf: (digit) => this.emitDtmf(digit),
        onSent: (frame) => {
          const codec = this.#rtp?.format.codec ?? 'PCMA';
          this.#recording?.robot(decodeG711(codec, frame));
          this.#ear.sent(frame, codec);
        },
      },
    );
    const { host, port: trunkPort } = this.#ctx.trunk;
    const uriHost = `${host.includes(':') ? `[${host}]` : host}:${trunkPort}`;
    const transport = endpoint.transport.kind === 'tcp' ? ';transport=tcp' : '';
    this.#dialog = new SipDialog(endpoint, {
      callId: this.callId,
      requestUri: `sip:${init.dialled}@${uriHost}${transport}`,
      fromUri: `sip:${init.caller || 'anonymous'}@${host}`,
      toUri: `sip:${init.dialled}@${host}`,
      extraHeaders: variableHeaders(init.variables),
      contactUser: init.caller || 'aicall',
    });
    this.#ctx.register(this.callId, (req, from, reply) => this.#onRequest(req, from, reply));
    this.#sendInvite();
  }

  #sdp(): string {
    return buildSdp({
      address: this.#ctx.mediaAddress,
      port: this.#port?.port ?? 0,
      codecs: this.#ctx.codecs,
      sessionId: Number.parseInt(this.callId.slice(0, 8), 16) || 1,
      version: this.#sdpVersion++,
    });
  }

  #sendInvite(authorization?: { header: string; value: string }): void {
    const dialog = this.#dialog as SipDialog;
    const invite = dialog.buildInvite(this.#sdp(), authorization);
    void this.#ctx
      .endpoint()
      .then((ep) => ep.request(invite, this.#ctx.trunk, (res) => this.#onInviteResponse(res)));
  }

  #onInviteResponse(res: SipResponse): void {
    const dialog = this.#dialog as SipDialog;
    if (res.status < 200) {
      if (res.status === 100) return;
      this.#provisional = true;
      dialog.confirm(res);
      if (this.#cancelCause && !this.#cancelSent) this.#sendCancel();
      if (res.body) this.#applySdp(res.body, false);
      this.markRinging();
      return;
    }
    if (res.status < 300) {
      this.#onAnswer(res);
      return;
    }
    if ((res.status === 401 || res.status === 407) && this.#retryWithAuth(res)) return;
    this.outcome = { status: res.status, reason: res.reason };
    const q850 = q850CauseOf(res.headers.get('reason'));
    // No answer at all to the INVITE is the trunk's fault (line down), not the callee's.
    const cause = isLocalTimeout(res)
      ? 'lineDown'
      : this.#cancelCause && res.status === 487
        ? this.#cancelCause
        : callResultFromSip(res.status, q850);
    this.markFailed(cause === 'answered' ? 'other' : cause);
  }

  #retryWithAuth(res: SipResponse): boolean {
    const creds = this.#ctx.credentials;
    const header = res.status === 401 ? 'www-authenticate' : 'proxy-authenticate';
    const challenge = parseChallenge(res.headers.get(header));
    if (!creds || !challenge || this.#cancelCause) return false;
    const key = `${challenge.realm}|${challenge.nonce}`;
    if (this.#authTried.has(key) || this.#authTried.size >= 2) return false; // wrong password: stop
    this.#authTried.add(key);
    const invite = this.#dialog?.invite as SipRequest;
    const value = digestAuthorization(challenge, creds, 'INVITE', invite.uri);
    this.#sendInvite({ header: res.status === 401 ? 'Authorization' : 'Proxy-Authorization', value });
    return true;
  }

  #onAnswer(res: SipResponse): void {
    const dialog = this.#dialog as SipDialog;
    if (this.#ack) {
      this.#sendInDialog(this.#ack); // a repeated 2xx: our ACK was lost
      return;
    }
    dialog.confirm(res);
    this.#ack = dialog.buildAck(res);
    this.#sendInDialog(this.#ack);
    this.outcome = { status: res.status, reason: res.reason };
    if (this.#cancelCause || this.state === 'failed') {
      // Answered while we were cancelling: the call must not be left up.
      this.#sendInDialog(dialog.buildRequest('BYE'));
      this.markFailed(this.#cancelCause ?? 'cancelled');
      return;
    }
    if (!this.#applySdp(res.body, true)) {
      this.outcome = { status: 488, reason: 'No usable SDP answer' };
      this.#sendInDialog(dialog.buildRequest('BYE'));
      this.markFailed('lineError');
      return;
    }
    if (this.#recordTo) {
      this.#recording = new CallRecording(this.#recordTo, (err) =>
        this.#log.error({ err, file: this.#recordTo }, 'recording stopped; the call goes on'),
      );
    }
    this.#rtp?.start();
    this.#lastRtpAt = Date.now();
    this.markAnswered();
    this.#ear.start();
    const timeout = this.#ctx.rtpTimeoutMs;
    // A far end that vanished without a BYE: no media for `timeout` ends the call.
    const check = (): void => {
      if (Date.now() - this.#lastRtpAt >= timeout) this.#endLocally('networkError', 'RTP timeout');
      else this.#later(1_000, check);
    };
    if (timeout > 0) this.#later(1_000, check);
  }

  #applySdp(body: string, required: boolean): boolean {
    const answer = body ? parseSdpAnswer(body, this.#ctx.codecs) : undefined;
    if (!answer) return !required;
    this.#rtp?.setRemote(answer.remote, answer.format);
    return true;
  }

  #onAudio(samples: Int16Array, timestamp: number): void {
    this.#lastRtpAt = Date.now();
    if (this.state === 'answered') {
      this.#recording?.callee(samples);
      this.#ear.heard(samples);
      const frame: AudioFrame = { samples, sampleRate: 8000, timestamp };
      for (const l of this.#audioListeners) l(frame);
    } else if (this.earlyMedia.length < MAX_EARLY_FRAMES) {
      this.earlyMedia.push(samples);
    }
  }

  #onRequest(req: SipRequest, _from: SipPeer, reply: (r: SipResponse) => void): void {
    const dialog = this.#dialog as SipDialog;
    switch (req.method) {
      case 'BYE':
        reply(responseTo(req, 200, 'OK', dialog.localTag));
        this.outcome = { ...(this.outcome ?? { status: 200, reason: 'OK' }), reason: 'BYE from callee' };
        if (!this.markHungUp('remote', 'normal')) this.markFailed(this.#cancelCause ?? 'other');
        return;
      case 'INVITE':
      case 'UPDATE': {
        if (req.body) this.#applySdp(req.body, false);
        this.#sdpVersion--; // the same session: only a changed offer moves the version
        const ok = responseTo(req, 200, 'OK', dialog.localTag, this.#sdp());
        ok.headers.add('Contact', this.#endpoint?.contact(dialog.init.contactUser) ?? '');
        ok.headers.add('Content-Type', 'application/sdp');
        const expires = req.headers.get('session-expires');
        if (expires) ok.headers.add('Session-Expires', `${expires.split(';')[0]};refresher=uac`);
        reply(ok);
        return;
      }
      case 'ACK':
        return;
      case 'INFO': {
        const digit = dtmfFromInfo(req.headers.get('content-type'), req.body);
        reply(responseTo(req, 200, 'OK', dialog.localTag));
        if (digit && isDtmfDigit(digit)) this.emitDtmf(digit);
        return;
      }
      case 'OPTIONS':
        reply(responseTo(req, 200, 'OK', dialog.localTag));
        return;
      default:
        reply(responseTo(req, 501, 'Not Implemented', dialog.localTag));
    }
  }

  /** Cancels before the answer; the 487 (or a guard timer if the far end stays silent) ends the channel. */
  #cancel(cause: FailureCause): void {
    if (this.state !== 'dialing' && this.state !== 'ringing') return;
    if (this.#cancelCause) return;
    this.#cancelCause = cause;
    if (!this.#dialog) {
      this.markFailed(cause); // nothing sent yet
      return;
    }
    if (this.#provisional) this.#sendCancel();
    this.#later(CANCEL_GUARD_MS, () => {
      this.outcome ??= { status: 0, reason: 'no answer to CANCEL' };
      this.markFailed(cause);
    });
  }

  #sendCancel(): void {
    this.#cancelSent = true;
    const cancel = (this.#dialog as SipDialog).buildCancel();
    void this.#ctx.endpoint().then((ep) => ep.request(cancel, this.#ctx.trunk, () => undefined));
  }

  #sendInDialog(req: SipRequest): void {
    void this.#ctx.endpoint().then((ep) => {
      if (req.method === 'ACK') ep.send(req, this.#ctx.trunk);
      else ep.request(req, this.#ctx.trunk, () => undefined);
    });
  }

  #endLocally(cause: 'normal' | 'networkError', reason: string): void {
    if (this.state !== 'answered') return;
    this.#sendInDialog((this.#dialog as SipDialog).buildRequest('BYE'));
    if (cause === 'networkError') this.#log.warn({ reason }, 'call ended by media loss');
    this.markHungUp('local', cause);
  }

  protected startPlayback(playback: Playback): void {
    const token = ++this.#playToken; // readiness is asked before the fetch, which fills the cache:
    const spoken = playback.kind === 'say' ? (playback.text ?? playback.content) : undefined;
    const fromCache = spoken === undefined ? undefined : this.#ctx.presynthesis?.isReady(spoken);
    this.#ctx.audio(playback).then(
      (audio) => {
        if (token !== this.#playToken || this.current !== playback || !this.#rtp) return;
        this.#ear.promptStarted(playback.bargeIn, fromCache);
        this.#rtp.play(encodeG711(this.#rtp.format.codec, audio), () => {
          this.#ear.promptEnded();
          this.finishPlayback(playback);
        });
      },
      (err: unknown) => {
        this.#log.error({ err, kind: playback.kind }, 'playback unavailable; skipped');
        if (token === this.#playToken) this.#later(0, () => this.finishPlayback(playback));
      },
    );
  }

  protected stopPlayback(): void {
    this.#playToken++;
    this.#ear.promptEnded();
    this.#rtp?.stop();
  }

  protected requestHangup(): void {
    if (this.state === 'answered') this.#later(0, () => this.#endLocally('normal', 'hangup'));
    else this.#later(0, () => this.#cancel('cancelled'));
  }

  protected requestTransfer(): Promise<TransferOutcome> {
    return Promise.resolve('failed'); // REFER to a seat needs a seat system; the robot hangs up instead
  }

  protected override endDetails() {
    return {
      ...(this.outcome && { signalling: { ...this.outcome } }),
      ...(this.#recording && {
        recording: this.#recording.file,
        recordingWritten: this.#recording.written,
      }),
    };
  }

  #later(ms: number, fn: () => void): void {
    this.#timers.push(this.timers.setTimer(ms, fn));
  }

  #cleanup(onEnd: () => void): void {
    for (const cancel of this.#timers) cancel();
    this.#timers = [];
    this.#rtp?.close();
    this.#ear.close();
    void this.#recording?.close();
    this.#port?.release();
    this.#audioListeners.clear();
    // The dialog stays routable a little longer: a late 200 to a cancelled INVITE still gets ACK + BYE.
    setTimeout(() => this.#ctx.unregister(this.callId), 32_000).unref();
    onEnd();
  }
}
