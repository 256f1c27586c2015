/**
 * RTP fixed header (RFC 3550 §5.1), network byte order:
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |                           timestamp                           |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |           synchronization source (SSRC) identifier            |
 *    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *    |            contributing source (CSRC) identifiers (CC × 32)   |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    | extension (X=1): profile(16) length(16) then length × 32 bits |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    | payload …                     | padding (P=1; last byte=count)|
 */

export const RTP_HEADER_BYTES = 12;

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  /** 16-bit, wraps. */
  sequence: number;
  /** 32-bit, wraps; in sample clock units (8000 Hz for G.711 and telephone-event). */
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** Parses one datagram; undefined for anything that is not a version-2 RTP packet (RTCP, garbage, truncated). */
export function parseRtp(data: Buffer): RtpPacket | undefined {
  if (data.length < RTP_HEADER_BYTES) return undefined;
  const b0 = data[0] as number;
  const b1 = data[1] as number;
  if (b0 >> 6 !== 2) return undefined;
  const payloadType = b1 & 0x7f;
  if (payloadType >= 72 && payloadType <= 76) return undefined; // RTCP sharing the port (RFC 5761)
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (data.length < offset + 4) return undefined;
    offset += 4 + data.readUInt16BE(offset + 2) * 4;
  }
  let end = data.length;
  if (b0 & 0x20) end -= data[data.length - 1] as number;
  if (offset > end) return undefined;
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType,
    sequence: data.readUInt16BE(2),
    timestamp: data.readUInt32BE(4),
    ssrc: data.readUInt32BE(8),
    payload: data.subarray(offset, end),
  };
}

/** Writes the header into `out` (at least 12 bytes) and returns it; the payload follows at byte 12. */
export function writeRtpHeader(
  out: Buffer,
  h: { marker: boolean; payloadType: number; sequence: number; timestamp: number; ssrc: number },
): Buffer {
  out[0] = 0x80;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.sequence & 0xffff, 2);
  out.writeUInt32BE(h.timestamp >>> 0, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  return out;
}

/** A whole packet as one buffer. */
export function serializeRtp(p: RtpPacket): Buffer {
  const out = Buffer.allocUnsafe(RTP_HEADER_BYTES + p.payload.length);
  writeRtpHeader(out, p);
  p.payload.copy(out, RTP_HEADER_BYTES);
  return out;
}

/** Signed distance from sequence `a` to `b` on the 16-bit circle (positive: b is newer). */
export function seqDistance(a: number, b: number): number {
  const d = (b - a) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}
