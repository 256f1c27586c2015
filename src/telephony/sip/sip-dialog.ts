/**
 * The state of one INVITE dialog (RFC 3261 §12) on our side, and the requests built from it: the initial
 * INVITE (and its authenticated retries), ACK for a 2xx, CANCEL, BYE and other in-dialog requests.
 *
 *   Call-ID + local tag (From) + remote tag (To, from the first response that carried one)
 *   remote target = the 2xx's Contact; route set = its Record-Route, reversed (§12.1.2)
 */
import { cseqOf, headerParam, SipHeaders, uriOf, type SipRequest, type SipResponse } from './sip-message.js';
import { newBranch, newTag, type SipEndpoint } from './sip-endpoint.js';

export interface DialogInit {
  callId: string;
  requestUri: string;
  fromUri: string;
  toUri: string;
  /** Extra headers on the INVITE (X- variables, P-Asserted-Identity …). */
  extraHeaders: readonly (readonly [string, string])[];
  contactUser: string;
}

export class SipDialog {
  readonly localTag = newTag();
  remoteTag: string | undefined;
  remoteTarget: string;
  routeSet: string[] = [];
  #cseq = 1;
  /** The INVITE currently outstanding (the last one sent); CANCEL and ACK copy from it. */
  invite: SipRequest | undefined;

  constructor(
    private readonly endpoint: SipEndpoint,
    readonly init: DialogInit,
  ) {
    this.remoteTarget = init.requestUri;
  }

  /** A new initial INVITE (first try, or after a 401/407 with `authorization`). */
  buildInvite(sdp: string, authorization?: { header: string; value: string }): SipRequest {
    const h = new SipHeaders();
    h.add('Via', this.endpoint.via(newBranch()));
    h.add('Max-Forwards', '70');
    h.add('From', `<${this.init.fromUri}>;tag=${this.localTag}`);
    h.add('To', `<${this.init.toUri}>`);
    h.add('Call-ID', this.init.callId);
    h.add('CSeq', `${this.#cseq++} INVITE`);
    h.add('Contact', this.endpoint.contact(this.init.contactUser));
    h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE');
    h.add('Supported', 'timer');
    h.add('User-Agent', 'aicall');
    if (authorization) h.add(authorization.header, authorization.value);
    for (const [n, v] of this.init.extraHeaders) h.add(n, v);
    h.add('Content-Type', 'application/sdp');
    this.invite = { kind: 'request', method: 'INVITE', uri: this.init.requestUri, headers: h, body: sdp };
    return this.invite;
  }

  /** CANCEL for the outstanding INVITE (§9.1): same branch, Request-URI, Call-ID, From, To, CSeq number. */
  buildCancel(): SipRequest {
    const inv = this.invite as SipRequest;
    const h = new SipHeaders();
    h.add('Via', inv.headers.get('via') ?? '');
    h.add('Max-Forwards', '70');
    h.add('From', inv.headers.get('from') ?? '');
    h.add('To', inv.headers.get('to') ?? '');
    h.add('Call-ID', this.init.callId);
    h.add('CSeq', `${cseqOf(inv).seq} CANCEL`);
    return { kind: 'request', method: 'CANCEL', uri: inv.uri, headers: h, body: '' };
  }

  /** Learns the remote tag, target and route set from a response that establishes the dialog (1xx with tag, 2xx). */
  confirm(response: SipResponse): void {
    this.remoteTag = headerParam(response.headers.get('to'), 'tag') ?? this.remoteTag;
    const contact = response.headers.get('contact');
    if (contact && response.status >= 200) this.remoteTarget = uriOf(contact);
    const rr = response.headers.getAll('record-route');
    if (rr.length > 0 && response.status >= 200) this.routeSet = rr.reverse();
  }

  /** The ACK for a 2xx (§13.2.2.4): a new transaction-less request with the INVITE's CSeq number. */
  buildAck(response: SipResponse, sdp = ''): SipRequest {
    const req = this.#inDialog('ACK', cseqOf(response).seq);
    if (sdp) {
      req.headers.add('Content-Type', 'application/sdp');
      req.body = sdp;
    }
    return req;
  }

  /** BYE, INFO, re-INVITE … within the dialog, with the next CSeq. */
  buildRequest(method: string, body = '', contentType?: string): SipRequest {
    const req = this.#inDialog(method, this.#cseq++);
    if (body && contentType) req.headers.add('Content-Type', contentType);
    req.body = body;
    return req;
  }

  #inDialog(method: string, seq: number): SipRequest {
    const h = new SipHeaders();
    h.add('Via', this.endpoint.via(newBranch()));
    h.add('Max-Forwards', '70');
    for (const route of this.routeSet) h.add('Route', route);
    h.add('From', `<${this.init.fromUri}>;tag=${this.localTag}`);
    h.add('To', `<${this.init.toUri}>${this.remoteTag ? `;tag=${this.remoteTag}` : ''}`);
    h.add('Call-ID', this.init.callId);
    h.add('CSeq', `${seq} ${method}`);
    if (method !== 'ACK') h.add('Contact', this.endpoint.contact(this.init.contactUser));
    return { kind: 'request', method, uri: this.remoteTarget, headers: h, body: '' };
  }
}

/** `aicall.task` → `X-Aicall-Task`: originate variables as SIP headers. */
export function variableHeaders(variables: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(variables)
    .filter(([, v]) => /^[\x20-\x7e]*$/.test(v))
    .map(([k, v]) => [
      `X-${k
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]?.toUpperCase() + w.slice(1))
        .join('-')}`,
      v,
    ]);
}

/** A DTMF key from a SIP INFO body (`application/dtmf-relay` `Signal=5`, or `application/dtmf` `5`). */
export function dtmfFromInfo(contentType: string | undefined, body: string): string | undefined {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/dtmf-relay')) {
    return /Signal\s*=\s*([0-9*#A-Da-d])/.exec(body)?.[1]?.toUpperCase();
  }
  if (type.startsWith('application/dtmf')) return /^\s*([0-9*#A-Da-d])\s*$/.exec(body)?.[1]?.toUpperCase();
  return undefined;
}
