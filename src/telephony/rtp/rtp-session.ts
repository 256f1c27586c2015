import type dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DtmfDigit } from '../call-channel.js';
import { DtmfReceiver } from './dtmf-event.js';
import { decodeG711, SILENCE_BYTE, type G711Codec } from './g711.js';
import { JitterBuffer } from './jitter-buffer.js';
import { FRAME_SAMPLES, type MediaClock, type MediaTick } from './media-clock.js';
import { parseRtp, RTP_HEADER_BYTES, writeRtpHeader } from './rtp-packet.js';

export interface RtpEndpoint {
  address: string;
  port: number;
}

/** What was negotiated in SDP. */
export interface RtpFormat {
  codec: G711Codec;
  payloadType: number;
  /** `telephone-event/8000` payload type, when the far end offered it. */
  dtmfPayloadType: number | undefined;
}

export interface RtpSessionHandlers {
  /** One decoded frame of the far end's audio (8 kHz, 16-bit), in sequence order, with its RTP timestamp. */
  onAudio?(samples: Int16Array, timestamp: number): void;
  onDtmf?(digit: DtmfDigit): void;
  /** The frame sent on this tick (encoded, 160 bytes): the robot's side of the recording. */
  onSent?(frame: Buffer, tick: MediaTick): void;
  /** How late each frame left after its 20 ms slot, ms (benchmarks). */
  onLateness?(lateMs: number): void;
}

export interface RtpStats {
  sent: number;
  received: number;
  /** Frames sent more than 5 ms after their slot. */
  late: number;
  /** Datagrams from an address other than the latched far end (dropped). */
  foreign: number;
}

const LATE_MS = 5;

/**
 * One call's media: a UDP socket, an outgoing stream of 20 ms G.711 frames paced by the shared media clock
 * (silence when nothing plays), and the incoming stream (jitter buffer → decode → `onAudio`; telephone-events →
 * `onDtmf`). Symmetric RTP: the first packet from the far end fixes the address we send to (NAT), later
 * packets from any other address are dropped.
 */
export class RtpSession {
  readonly ssrc = randomInt(1, 0xffffffff);
  readonly stats: RtpStats = { sent: 0, received: 0, late: 0, foreign: 0 };
  #remote: RtpEndpoint | undefined;
  #latched = false;
  #format: RtpFormat;
  #seq = randomInt(0, 0xffff);
  #timestamp = randomInt(0, 0xffffffff);
  #first = true;
  #playing: { audio: Buffer; offset: number; done: () => void } | undefined;
  #silence: Buffer;
  #jitter = new JitterBuffer(3);
  #dtmf = new DtmfReceiver();
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  constructor(
    private readonly socket: dgram.Socket,
    readonly localPort: number,
    format: RtpFormat,
    private readonly clock: MediaClock,
    private readonly handlers: RtpSessionHandlers = {},
  ) {
    this.#format = format;
    this.#silence = Buffer.alloc(FRAME_SAMPLES, SILENCE_BYTE[format.codec]);
    socket.on('message', (data, rinfo) => this.#receive(data, rinfo));
    socket.on('error', () => undefined); // ICMP unreachable and the like: the call's signalling decides
  }

  get format(): RtpFormat {
    return this.#format;
  }

  get remote(): RtpEndpoint | undefined {
    return this.#remote;
  }

  /** Sets where to send (from the SDP answer) and what; a re-INVITE may change both. */
  setRemote(remote: RtpEndpoint, format: RtpFormat): void {
    if (!this.#latched) this.#remote = remote;
    if (format.codec !== this.#format.codec) {
      this.#silence = Buffer.alloc(FRAME_SAMPLES, SILENCE_BYTE[format.codec]);
    }
    this.#format = format;
  }

  /** Starts sending (silence until something plays). */
  start(): void {
    if (this.#unsubscribe || this.#closed) return;
    this.#unsubscribe = this.clock.add((tick) => this.#tick(tick));
  }

  /** Plays encoded audio (in the session's codec) from its start, replacing what plays; `done` after its last frame. */
  play(audio: Buffer, done: () => void): void {
    this.#playing = { audio, offset: 0, done };
  }

  /** Stops the current playback; the next frame sent is silence. */
  stop(): void {
    this.#playing = undefined;
  }

  get playing(): boolean {
    return this.#playing !== undefined;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#playing = undefined;
    for (const p of this.#jitter.flush()) this.#deliver(p.payload, p.timestamp, p.payloadType);
  }

  #tick(tick: MediaTick): void {
    // The end of the callee's burst: the last packets held for reordering come out on the media clock.
    for (const q of this.#jitter.due(performance.now())) this.#deliver(q.payload, q.timestamp, q.payloadType);
    let frame = this.#silence;
    let finished: (() => void) | undefined;
    const playing = this.#playing;
    if (playing) {
      const end = playing.offset + FRAME_SAMPLES;
      if (end >= playing.audio.length) {
        frame = Buffer.alloc(FRAME_SAMPLES, SILENCE_BYTE[this.#format.codec]);
        playing.audio.copy(frame, 0, playing.offset);
        this.#playing = undefined;
        finished = playing.done;
      } else {
        frame = playing.audio.subarray(playing.offset, end);
        playing.offset = end;
      }
    }
    const remote = this.#remote;
    if (remote) {
      // A fresh buffer per packet: dgram may still hold the previous one while the kernel is busy.
      const packet = Buffer.allocUnsafe(RTP_HEADER_BYTES + FRAME_SAMPLES);
      writeRtpHeader(packet, {
        marker: this.#first,
        payloadType: this.#format.payloadType,
        sequence: this.#seq,
        timestamp: this.#timestamp,
        ssrc: this.ssrc,
      });
      frame.copy(packet, RTP_HEADER_BYTES);
      this.socket.send(packet, remote.port, remote.address);
      this.#first = false;
      this.stats.sent++;
      const lateMs = performance.now() - tick.dueAt;
      if (lateMs > LATE_MS) this.stats.late++;
      this.handlers.onLateness?.(lateMs);
    }
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + FRAME_SAMPLES) >>> 0;
    this.handlers.onSent?.(frame, tick);
    finished?.();
  }

  #receive(data: Buffer, rinfo: dgram.RemoteInfo): void {
    if (this.#closed) return;
    const p = parseRtp(data);
    if (!p) return;
    if (this.#latched) {
      const r = this.#remote as RtpEndpoint;
      if (rinfo.address !== r.address || rinfo.port !== r.port) {
        this.stats.foreign++;
        return;
      }
    } else {
      this.#remote = { address: rinfo.address, port: rinfo.port };
      this.#latched = true;
    }
    this.stats.received++;
    const f = this.#format;
    if (f.dtmfPayloadType !== undefined && p.payloadType === f.dtmfPayloadType) {
      const digit = this.#dtmf.push(p.timestamp, p.payload);
      if (digit) this.handlers.onDtmf?.(digit);
      return;
    }
    if (p.payloadType !== 0 && p.payloadType !== 8) return; // comfort noise, unknown formats
    for (const q of this.#jitter.push(p, performance.now())) {
      this.#deliver(q.payload, q.timestamp, q.payloadType);
    }
  }

  #deliver(payload: Buffer, timestamp: number, payloadType = this.#format.payloadType): void {
    if (!this.handlers.onAudio) return;
    this.handlers.onAudio(decodeG711(payloadType === 8 ? 'PCMA' : 'PCMU', payload), timestamp);
  }
}
