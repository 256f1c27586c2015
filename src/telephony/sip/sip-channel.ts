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
import { DEFAULT_RING_TIMEOUT_MS, isDtmfDigit, isTerminal, type TransferOutcome } from '../call-channel.js';
import type { FailureCause } from '../call-result.js';
import { callResultFromSip, q850CauseOf } from '../sip-cause.js';
import type { Unsubscribe } from '../typed-emitter.js';
import { digestAuthorization, parseChallenge } from './digest.js';
import { dtmfFromInfo, SipDialog, variableHeaders } from './sip-dialog.js';
import { isLocalTimeout, responseTo, type SipEndpoint } from './sip-endpoint.js';
import { cseqOf, headerParam, type SipRequest, type SipResponse } from './sip-message.js';
import { SipCallMedia, type AudioFrame } from './sip-call-media.js';
import type { SipCallContext, SipChannelInit, SipOutcome } from './sip-call-context.js';
import { SipHearing } from './sip-hearing.js';
import type { SipPeer } from './sip-transport.js';

export type { AudioFrame } from './sip-call-media.js';

const CANCEL_GUARD_MS = 5_000;

export class SipChannel extends BaseChannel {
  readonly callId: string;
  /** The last final response to the INVITE (or our own reason), kept for the call record. */
  outcome: SipOutcome | undefined;
  readonly #ctx: SipCallContext;
  readonly #log: Logger;
  #dialog: SipDialog | undefined;
  #endpoint: SipEndpoint | undefined;
  readonly #media: SipCallMedia;
  #provisional = false;
  #cancelCause: FailureCause | undefined;
  #cancelSent = false;
  #authTried = new Set<string>();
  #timers: CancelTimer[] = [];
  #ack: SipRequest | undefined;
  /** Our 2xx to the far end's last re-INVITE (its CSeq number), sent again until its ACK. */
  #unacked: { seq: number; stop: () => void } | undefined;
  readonly #ear: SipHearing;
  readonly #recordTo: string | undefined;

  constructor(init: SipChannelInit) {
    super({ ...init, timers: systemTimers, onEnd: () => this.#cleanup(init.onEnd) });
    this.callId = init.callId;
    this.#ctx = init.context;
    this.#recordTo = init.record;
    this.#log = init.context.log.child({ callId: init.callId, channel: init.id });
    const { hearing, presynthesis } = init.context;
    this.#ear = new SipHearing(hearing, this, this.speechSink(), this.#log, presynthesis);
    this.hearing = this.#ear;
    this.#media = new SipCallMedia(
      init.context,
      Number.parseInt(init.callId.slice(0, 8), 16) || 1,
      this.#ear,
      { answered: () => this.state === 'answered', dtmf: (digit) => this.emitDtmf(digit) },
      this.#log,
    );
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
    return this.#media.onAudio(listener);
  }

  /** Callee audio received before the answer (183 early media: announcements such as 空号 tones). */
  get earlyMedia(): readonly Int16Array[] {
    return this.#media.earlyMedia;
  }

  /** Media counters (frames sent/received/late, foreign packets). */
  get mediaStats() {
    return this.#media.stats;
  }

  async #start(init: SipChannelInit): Promise<void> {
    const endpoint = await this.#ctx.endpoint();
    this.#endpoint = endpoint;
    const opened = await this.#media.open();
    if (this.state !== 'dialing' && this.state !== 'ringing') return;
    if (!opened) {
      this.outcome = { status: 0, reason: 'RTP port range exhausted' };
      this.#log.warn({}, 'RTP port range exhausted');
      this.markFailed('lineError');
      return;
    }
    const { host, port: trunkPort } = this.#ctx.domain;
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

  #sendInvite(authorization?: { header: string; value: string }): void {
    const dialog = this.#dialog as SipDialog;
    const invite = dialog.buildInvite(this.#media.sdp(), authorization);
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
      if (res.body) this.#media.applySdp(res.body, false);
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
    if (!this.#media.applySdp(res.body, true)) {
      this.outcome = { status: 488, reason: 'No usable SDP answer' };
      this.#sendInDialog(dialog.buildRequest('BYE'));
      this.markFailed('lineError');
      return;
    }
    this.#media.start(this.#recordTo);
    this.markAnswered();
    this.#ear.start();
    const timeout = this.#ctx.rtpTimeoutMs;
    // A far end that vanished without a BYE: no media for `timeout` ends the call.
    const check = (): void => {
      if (this.#media.msSinceRtp >= timeout) this.#endLocally('networkError', 'RTP timeout');
      else this.#later(1_000, check);
    };
    if (timeout > 0) this.#later(1_000, check);
  }

  /** Handles a request with this call's Call-ID; false when it is not for this dialog (the line answers 481). */
  #onRequest(req: SipRequest, _from: SipPeer, reply: (r: SipResponse) => void): boolean {
    const dialog = this.#dialog;
    if (!dialog || !this.#isOurs(req, dialog)) return false;
    this.#handleInDialog(req, dialog, reply);
    return true;
  }

  /**
   * A call not yet over, and our To tag: a request after the call ended or with another tag names no live
   * dialog. A request without a To tag (RFC 2543 peers, which send no tags) is taken only when its From tag is
   * the one the far end gave the dialog, absent on both sides included (§12.2.2: the rest answer 481).
   */
  #isOurs(req: SipRequest, dialog: SipDialog): boolean {
    if (req.method === 'ACK') return true;
    if (isTerminal(this.state)) return false;
    const toTag = headerParam(req.headers.get('to'), 'tag');
    if (toTag !== undefined) return toTag === dialog.localTag;
    return headerParam(req.headers.get('from'), 'tag') === dialog.remoteTag;
  }

  #handleInDialog(req: SipRequest, dialog: SipDialog, reply: (r: SipResponse) => void): void {
    switch (req.method) {
      case 'BYE':
        reply(responseTo(req, 200, 'OK', dialog.localTag));
        this.outcome = { ...(this.outcome ?? { status: 200, reason: 'OK' }), reason: 'BYE from callee' };
        if (!this.markHungUp('remote', 'normal')) this.markFailed(this.#cancelCause ?? 'other');
        return;
      case 'INVITE':
      case 'UPDATE': {
        if (req.body) this.#media.applySdp(req.body, false);
        const ok = responseTo(req, 200, 'OK', dialog.localTag, this.#media.sdp(true));
        ok.headers.add('Contact', this.#endpoint?.contact(dialog.init.contactUser) ?? '');
        ok.headers.add('Content-Type', 'application/sdp');
        const expires = req.headers.get('session-expires');
        if (expires) ok.headers.add('Session-Expires', `${expires.split(';')[0]};refresher=uac`);
        reply(ok);
        if (req.method === 'INVITE') this.#awaitAck(cseqOf(req).seq, () => reply(ok));
        return;
      }
      case 'ACK':
        if (this.#unacked?.seq === cseqOf(req).seq) {
          this.#unacked.stop();
          this.#unacked = undefined;
        }
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

  /** Holds our 2xx to a re-INVITE until its ACK; none within 64·T1 ends the call with a BYE (§13.3.1.4). */
  #awaitAck(seq: number, resend: () => void): void {
    this.#unacked?.stop(); // a newer re-INVITE's answer supersedes the older one
    const endpoint = this.#endpoint as SipEndpoint; // opened before the INVITE that made the dialog
    const repeating = endpoint.repeatAnswer(resend, () => {
      this.#unacked = undefined;
      this.outcome = {
        ...(this.outcome ?? { status: 200, reason: 'OK' }),
        reason: 'no ACK to our 200 for the re-INVITE',
      };
      this.#log.warn(
        { cseq: seq },
        'far end never acknowledged our answer to its re-INVITE; ending the call',
      );
      this.#endLocally('networkError', 'no ACK for our 2xx');
    });
    this.#unacked = { seq, stop: repeating.stop };
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
    if (cause === 'networkError') this.#log.warn({ reason }, 'call ended by a network fault');
    this.markHungUp('local', cause);
  }

  protected startPlayback(playback: Playback): void {
    this.#media.play(
      playback,
      () => this.current === playback,
      () => this.finishPlayback(playback),
    );
  }

  protected stopPlayback(): void {
    this.#media.stop();
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
      ...this.#media.endDetails(),
    };
  }

  #later(ms: number, fn: () => void): void {
    this.#timers.push(this.timers.setTimer(ms, fn));
  }

  #cleanup(onEnd: () => void): void {
    for (const cancel of this.#timers) cancel();
    this.#unacked?.stop();
    this.#timers = [];
    this.#media.close();
    this.#ear.close();
    // The dialog stays routable a little longer: a late 200 to a cancelled INVITE still gets ACK + BYE.
    setTimeout(() => this.#ctx.unregister(this.callId), 32_000).unref();
    onEnd();
  }
}
