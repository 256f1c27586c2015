/**
 * SDP offer/answer for one audio stream (RFC 4566, RFC 3264, RFC 4733 §7):
 *
 *    v=0
 *    o=aicall 1733400000 1733400000 IN IP4 10.0.0.2     ← session id and version (a re-offer increments)
 *    s=aicall
 *    c=IN IP4 10.0.0.2                                  ← where to send media
 *    t=0 0
 *    m=audio 20000 RTP/AVP 8 0 101                      ← port and payload types, preferred first
 *    a=rtpmap:8 PCMA/8000
 *    a=rtpmap:0 PCMU/8000
 *    a=rtpmap:101 telephone-event/8000
 *    a=fmtp:101 0-15
 *    a=ptime:20
 *    a=sendrecv
 */
import { PAYLOAD_TYPE, type G711Codec } from '../rtp/g711.js';
import type { RtpEndpoint, RtpFormat } from '../rtp/rtp-session.js';

export const DTMF_PAYLOAD_TYPE = 101;

export interface SdpOffer {
  address: string;
  port: number;
  /** Codecs in preference order. */
  codecs: readonly G711Codec[];
  sessionId: number;
  version: number;
}

export function buildSdp(o: SdpOffer): string {
  const ip = o.address.includes(':') ? 'IP6' : 'IP4';
  const pts = o.codecs.map((c) => PAYLOAD_TYPE[c]);
  return [
    'v=0',
    `o=aicall ${o.sessionId} ${o.version} IN ${ip} ${o.address}`,
    's=aicall',
    `c=IN ${ip} ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP ${[...pts, DTMF_PAYLOAD_TYPE].join(' ')}`,
    ...o.codecs.map((c) => `a=rtpmap:${PAYLOAD_TYPE[c]} ${c}/8000`),
    `a=rtpmap:${DTMF_PAYLOAD_TYPE} telephone-event/8000`,
    `a=fmtp:${DTMF_PAYLOAD_TYPE} 0-15`,
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

export interface SdpAnswer {
  remote: RtpEndpoint;
  format: RtpFormat;
}

/**
 * Reads the far end's audio stream: address, port, the first G.711 format it lists among ours, and its
 * telephone-event payload type. Undefined when there is no usable audio stream (no common codec, port 0).
 */
export function parseSdpAnswer(
  sdp: string,
  offered: readonly G711Codec[] = ['PCMA', 'PCMU'],
): SdpAnswer | undefined {
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let port: number | undefined;
  let formats: number[] = [];
  const rtpmap = new Map<number, string>();
  let inAudio = false;
  for (const line of lines) {
    const [type, value = ''] = [line.slice(0, 2), line.slice(2)];
    if (type === 'm=') {
      const [media, p, , ...fmts] = value.split(/\s+/);
      inAudio = media === 'audio' && port === undefined;
      if (inAudio) {
        port = Number(p);
        formats = fmts.map(Number).filter((n) => Number.isInteger(n));
      }
    } else if (type === 'c=') {
      const addr = value.split(/\s+/)[2];
      if (port === undefined) sessionAddress = addr;
      else if (inAudio) mediaAddress = addr;
    } else if (type === 'a=' && inAudio) {
      const m = /^rtpmap:(\d+)\s+([^/\s]+)\/(\d+)/i.exec(value);
      if (m) rtpmap.set(Number(m[1]), (m[2] as string).toLowerCase());
    }
  }
  const address = mediaAddress ?? sessionAddress;
  if (!address || !port || port > 65535) return undefined;
  const nameOf = (pt: number): string | undefined =>
    rtpmap.get(pt) ?? (pt === 0 ? 'pcmu' : pt === 8 ? 'pcma' : undefined);
  let codec: G711Codec | undefined;
  let payloadType = -1;
  for (const pt of formats) {
    const name = nameOf(pt)?.toUpperCase();
    if ((name === 'PCMU' || name === 'PCMA') && offered.includes(name)) {
      codec = name;
      payloadType = pt;
      break;
    }
  }
  if (!codec) return undefined;
  const dtmf = formats.find((pt) => nameOf(pt) === 'telephone-event');
  return { remote: { address, port }, format: { codec, payloadType, dtmfPayloadType: dtmf } };
}
