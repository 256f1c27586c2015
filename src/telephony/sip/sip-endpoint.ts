/**
 * A line's SIP endpoint: the transport plus the transaction layer (RFC 3261 §17) for the client side and the
 * response cache for the server side.
 *
 *   client INVITE (§17.1.1)                     client non-INVITE (§17.1.2)
 *   send ─┬─ Timer A (T1, doubling) resend       send ─┬─ Timer E (T1 doubling, ≤ T2) resend
 *         │  until a response                          │  until a final response
 *         ├─ 1xx → TU                                  ├─ final → TU, done
 *         ├─ 2xx → TU (TU sends the ACK; repeats too)  └─ Timer F (64·T1) → 408 to TU
 *         ├─ 3xx–6xx → ACK (same branch) → TU once; a repeated final gets the ACK again
 *         └─ Timer B (64·T1) → 408 to TU
 *
 * Incoming requests go to the handler (the line routes them to the call by Call-ID); a retransmitted request
 * gets the cached response again without reaching the handler. Over TCP nothing is retransmitted.
 */
import { randomBytes } from 'node:crypto';
import {
  cseqOf,
  headerParam,
  SipHeaders,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './sip-message.js';
import type { SipPeer, SipTransport } from './sip-transport.js';

export const T1_MS = 500;
const T2_MS = 4_000;

export interface EndpointTimers {
  /** Retransmission base; tests may shorten it. */
  t1Ms?: number;
}

export interface ClientTransaction {
  readonly branch: string;
  /** Stops retransmitting and forgets the transaction. */
  dispose(): void;
}

type ResponseHandler = (response: SipResponse) => void;

interface ClientTx {
  request: SipRequest;
  to: SipPeer;
  onResponse: ResponseHandler;
  timer: NodeJS.Timeout | undefined;
  deadline: NodeJS.Timeout | undefined;
  final: SipResponse | undefined;
  ack: SipRequest | undefined;
}

export type RequestHandler = (request: SipRequest, from: SipPeer, reply: (r: SipResponse) => void) => void;

export const newBranch = (): string => `z9hG4bK${randomBytes(10).toString('hex')}`;
export const newTag = (): string => randomBytes(6).toString('hex');
export const newCallId = (host: string): string => `${randomBytes(12).toString('hex')}@${host}`;

export class SipEndpoint {
  readonly #client = new Map<string, ClientTx>();
  readonly #served = new Map<string, { response: SipResponse; at: number }>();
  readonly #t1: number;
  #onRequest: RequestHandler = () => undefined;
  #closed = false;

  constructor(
    readonly transport: SipTransport,
    /** Host (and port) written into Via and Contact: the public address when configured. */
    readonly advertised: SipPeer,
    timers: EndpointTimers = {},
  ) {
    this.#t1 = timers.t1Ms ?? T1_MS;
    transport.onMessage((m, from) => this.#receive(m, from));
  }

  get viaTransport(): string {
    return this.transport.kind.toUpperCase();
  }

  onRequest(handler: RequestHandler): void {
    this.#onRequest = handler;
  }

  /** A Via header value with a fresh branch. */
  via(branch = newBranch()): string {
    return `SIP/2.0/${this.viaTransport} ${hostPort(this.advertised)};branch=${branch};rport`;
  }

  /** Our Contact URI. */
  contact(user = 'aicall'): string {
    const params = this.transport.kind === 'tcp' ? ';transport=tcp' : '';
    return `<sip:${user}@${hostPort(this.advertised)}${params}>`;
  }

  /** Sends a request in a new client transaction (its top Via must carry a branch). */
  request(request: SipRequest, to: SipPeer, onResponse: ResponseHandler): ClientTransaction {
    const branch = headerParam(request.headers.get('via'), 'branch') ?? '';
    const key = `${branch}|${request.method}`;
    const tx: ClientTx = {
      request,
      to,
      onResponse,
      timer: undefined,
      deadline: undefined,
      final: undefined,
      ack: undefined,
    };
    this.#client.set(key, tx);
    this.transport.send(request, to);
    if (this.transport.kind === 'udp') this.#retransmit(tx, this.#t1);
    tx.deadline = setTimeout(() => {
      this.#dispose(key);
      if (!tx.final) onResponse(noResponse(request));
    }, 64 * this.#t1);
    return { branch, dispose: () => this.#dispose(key) };
  }

  /** Sends without a transaction (ACK for a 2xx, responses). */
  send(message: SipMessage, to: SipPeer): void {
    if (!this.#closed) this.transport.send(message, to);
  }

  /**
   * Repeats a 2xx the UAS core answered an INVITE with until `stop()` (its ACK came): after T1, doubling to T2,
   * over every transport (RFC 3261 §13.3.1.4: the rule is the core's, a proxy on the way may use UDP);
   * `onNoAck` after 64·T1 without the ACK. `send` sends the original answer again.
   */
  repeatAnswer(send: () => void, onNoAck: () => void): { stop: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const schedule = (interval: number): void => {
      timer = setTimeout(() => {
        if (this.#closed) return;
        send();
        schedule(Math.min(interval * 2, T2_MS));
      }, interval);
    };
    const stop = (): void => {
      clearTimeout(timer);
      clearTimeout(deadline);
    };
    const deadline = setTimeout(() => {
      stop();
      onNoAck();
    }, 64 * this.#t1);
    schedule(this.#t1);
    return { stop };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const key of [...this.#client.keys()]) this.#dispose(key);
    await this.transport.close();
  }

  #retransmit(tx: ClientTx, interval: number): void {
    tx.timer = setTimeout(() => {
      if (this.#closed) return;
      this.transport.send(tx.request, tx.to);
      this.#retransmit(tx, tx.request.method === 'INVITE' ? interval * 2 : Math.min(interval * 2, T2_MS));
    }, interval);
  }

  #dispose(key: string): void {
    const tx = this.#client.get(key);
    if (!tx) return;
    clearTimeout(tx.timer);
    clearTimeout(tx.deadline);
    // An INVITE transaction lingers a little after a non-2xx final to re-ACK repeated finals (Timer D).
    if (
      tx.final &&
      tx.request.method === 'INVITE' &&
      tx.ack &&
      this.transport.kind === 'udp' &&
      !this.#closed
    ) {
      tx.deadline = setTimeout(() => this.#client.delete(key), 32 * this.#t1);
      tx.onResponse = () => undefined;
      return;
    }
    this.#client.delete(key);
  }

  #receive(m: SipMessage, from: SipPeer): void {
    if (this.#closed) return;
    if (m.kind === 'response') {
      const branch = headerParam(m.headers.get('via'), 'branch') ?? '';
      const key = `${branch}|${cseqOf(m).method}`;
      const tx = this.#client.get(key);
      if (!tx) return; // stray or late response: nothing to do
      clearTimeout(tx.timer);
      tx.timer = undefined;
      if (m.status < 200) {
        // Proceeding (RFC 3261 §17.1.1.2): the far end is there; an INVITE now rings until answered,
        // refused or cancelled by the call's ring timeout, not until Timer B.
        if (tx.request.method === 'INVITE') clearTimeout(tx.deadline);
        if (!tx.final) tx.onResponse(m);
        return;
      }
      if (tx.request.method === 'INVITE' && m.status >= 300) {
        tx.ack ??= ackForFailure(tx.request, m);
        this.transport.send(tx.ack, tx.to);
        if (tx.final) return; // a repeated final: ACKed again, reported once
      } else if (tx.final && tx.request.method !== 'INVITE') {
        return;
      }
      const first = !tx.final;
      tx.final = m;
      if (tx.request.method !== 'INVITE' || m.status >= 300) {
        clearTimeout(tx.deadline);
        if (first) tx.onResponse(m);
        this.#dispose(key);
      } else {
        tx.onResponse(m); // 2xx and its repeats: the call sends the ACK each time
      }
      return;
    }
    const branch = headerParam(m.headers.get('via'), 'branch') ?? '';
    const key = `${branch}|${m.method}`;
    const cached = this.#served.get(key);
    if (cached && m.method !== 'ACK') {
      this.transport.send(cached.response, from);
      return;
    }
    this.#onRequest(m, from, (response) => {
      if (response.status >= 200 && m.method !== 'ACK') this.#remember(key, response);
      this.transport.send(response, responseTarget(m, from));
    });
  }

  #remember(key: string, response: SipResponse): void {
    const now = Date.now();
    this.#served.set(key, { response, at: now });
    if (this.#served.size > 512) {
      for (const [k, v] of this.#served) {
        if (now - v.at < 64 * this.#t1) break;
        this.#served.delete(k);
      }
    }
  }
}

export const hostPort = (p: SipPeer): string => `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;

/** A response to `req` with the headers §8.2.6.2 copies; `toTag` is added to To when it has none. */
export function responseTo(
  req: SipRequest,
  status: number,
  reason: string,
  toTag?: string,
  body = '',
): SipResponse {
  const headers = new SipHeaders();
  for (const via of req.headers.getAll('via')) headers.add('Via', via);
  const to = req.headers.get('to') ?? '';
  headers.add('From', req.headers.get('from') ?? '');
  headers.add('To', toTag && status > 100 && !headerParam(to, 'tag') ? `${to};tag=${toTag}` : to);
  headers.add('Call-ID', req.headers.get('call-id') ?? '');
  headers.add('CSeq', req.headers.get('cseq') ?? '');
  return { kind: 'response', status, reason, headers, body };
}

/** Where a response goes (§18.2.2, RFC 3581): the source of the request for UDP with rport, else the Via. */
function responseTarget(req: SipRequest, from: SipPeer): SipPeer {
  return from; // the request's source, which is what rport asks for and what a stream transport has
}

/** The hop-by-hop ACK for a non-2xx final (§17.1.1.3): same branch and Request-URI, To from the response. */
function ackForFailure(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new SipHeaders();
  headers.add('Via', invite.headers.get('via') ?? '');
  for (const route of invite.headers.getAll('route')) headers.add('Route', route);
  headers.add('Max-Forwards', '70');
  headers.add('From', invite.headers.get('from') ?? '');
  headers.add('To', response.headers.get('to') ?? '');
  headers.add('Call-ID', invite.headers.get('call-id') ?? '');
  headers.add('CSeq', `${cseqOf(invite).seq} ACK`);
  return { kind: 'request', method: 'ACK', uri: invite.uri, headers, body: '' };
}

/** The 408 this endpoint makes up when a request got no response at all (Timer B/F). */
const localTimeouts = new WeakSet<SipResponse>();

function noResponse(req: SipRequest): SipResponse {
  const res = responseTo(req, 408, 'Request Timeout');
  localTimeouts.add(res);
  return res;
}

/** True for our own time-out (nothing came back: the trunk is unreachable), false for a 408 the far end sent. */
export function isLocalTimeout(res: SipResponse): boolean {
  return localTimeouts.has(res);
}
