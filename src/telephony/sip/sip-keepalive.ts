/**
 * Trunk liveness and registration for one line.
 *
 * OPTIONS (RFC 3261 §11) every `options_interval_s`: any response below 500 (even 404/405) proves the trunk
 * is there; a time-out or 5xx counts as a miss, and `options_failures` misses in a row mark the line down
 * (the dialer then pauses its tasks). One answered OPTIONS brings it back up.
 *
 * REGISTER (§10) when `register` is set: digest-authenticated on 401/407, refreshed before the granted
 * expiry (at 80 %, or after 30 s when it failed).
 */
import type { Logger } from '../../lib/logger.js';
import { digestAuthorization, parseChallenge } from './digest.js';
import type { SipLineConfig } from './sip-config.js';
import { hostPort, newBranch, newCallId, newTag, type SipEndpoint } from './sip-endpoint.js';
import { headerParam, SipHeaders, type SipRequest, type SipResponse } from './sip-message.js';
import type { SipPeer } from './sip-transport.js';

const REGISTER_RETRY_MS = 30_000;

export class LineKeepAlive {
  up = true;
  /** An OPTIONS has been answered since the line opened (`up` alone is only "not yet missed"). */
  answered = false;
  registered = false;
  misses = 0;
  #timers = new Set<NodeJS.Timeout>();
  #stopped = false;
  #registerCseq = 1;
  readonly #registerCallId: string;
  readonly #registerTag = newTag();

  constructor(
    private readonly endpoint: SipEndpoint,
    private readonly trunk: SipPeer,
    private readonly config: SipLineConfig,
    private readonly log: Logger,
  ) {
    this.#registerCallId = newCallId(endpoint.advertised.host);
  }

  start(): void {
    if (this.config.options_interval_s > 0) this.#options();
    if (this.config.register) this.#register();
  }

  stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    return Promise.resolve();
  }

  #after(ms: number, fn: () => void): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      if (!this.#stopped) fn();
    }, ms);
    t.unref();
    this.#timers.add(t);
  }

  #base(
    method: string,
    uri: string,
    fromUser: string,
    cseq: number,
    callId: string,
    tag: string,
  ): SipRequest {
    const host = this.config.host;
    const h = new SipHeaders();
    h.add('Via', this.endpoint.via(newBranch()));
    h.add('Max-Forwards', '70');
    h.add('From', `<sip:${fromUser}@${host}>;tag=${tag}`);
    h.add('To', `<sip:${method === 'REGISTER' ? `${fromUser}@` : ''}${host}>`);
    h.add('Call-ID', callId);
    h.add('CSeq', `${cseq} ${method}`);
    h.add('Contact', this.endpoint.contact(fromUser));
    h.add('User-Agent', 'aicall');
    return { kind: 'request', method, uri, headers: h, body: '' };
  }

  #options(): void {
    const target = `sip:${hostPort({ host: this.config.host, port: this.config.port })}`;
    const req = this.#base(
      'OPTIONS',
      target,
      'aicall',
      1,
      newCallId(this.endpoint.advertised.host),
      newTag(),
    );
    req.headers.add('Accept', 'application/sdp');
    this.endpoint.request(req, this.trunk, (res) => {
      if (res.status < 200) return;
      const ok = res.status < 500 && res.status !== 408;
      if (ok) {
        if (!this.up) this.log.info({ status: res.status }, 'SIP trunk answers OPTIONS again: line up');
        this.misses = 0;
        this.up = true;
        this.answered = true;
      } else {
        this.misses++;
        if (this.up && this.misses >= this.config.options_failures) {
          this.up = false;
          this.log.warn(
            { status: res.status, misses: this.misses },
            'SIP trunk stopped answering OPTIONS: line down',
          );
        }
      }
      this.#after(this.config.options_interval_s * 1000, () => this.#options());
    });
  }

  #register(authorization?: { header: string; value: string }, tries = 0): void {
    const user = this.config.username || 'aicall';
    const req = this.#base(
      'REGISTER',
      `sip:${hostPort({ host: this.config.host, port: this.config.port })}`,
      user,
      this.#registerCseq++,
      this.#registerCallId,
      this.#registerTag,
    );
    req.headers.add('Expires', String(this.config.register_expires));
    if (authorization) req.headers.add(authorization.header, authorization.value);
    this.endpoint.request(req, this.trunk, (res) => this.#onRegister(req, res, tries));
  }

  #onRegister(req: SipRequest, res: SipResponse, tries: number): void {
    if (res.status < 200) return;
    if ((res.status === 401 || res.status === 407) && tries < 2 && this.config.username) {
      const challenge = parseChallenge(
        res.headers.get(res.status === 401 ? 'www-authenticate' : 'proxy-authenticate'),
      );
      if (challenge) {
        const value = digestAuthorization(
          challenge,
          { username: this.config.username, password: this.config.password },
          'REGISTER',
          req.uri,
        );
        this.#register(
          { header: res.status === 401 ? 'Authorization' : 'Proxy-Authorization', value },
          tries + 1,
        );
        return;
      }
    }
    if (res.status >= 200 && res.status < 300) {
      this.registered = true;
      const granted = Number(
        headerParam(res.headers.get('contact'), 'expires') ??
          res.headers.get('expires') ??
          this.config.register_expires,
      );
      const seconds = Number.isFinite(granted) && granted > 0 ? granted : this.config.register_expires;
      this.#after(Math.max(5_000, seconds * 800), () => this.#register());
      return;
    }
    this.registered = false;
    this.log.warn({ status: res.status, reason: res.reason }, 'SIP REGISTER refused');
    this.#after(REGISTER_RETRY_MS, () => this.#register());
  }
}
