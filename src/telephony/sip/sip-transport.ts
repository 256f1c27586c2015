/**
 * Where SIP bytes go: a UDP socket (datagram = message) or a TCP connection to the trunk (a byte stream framed
 * by Content-Length, RFC 3261 §18.3). Both deliver parsed messages with their source; malformed input is
 * counted and dropped, never thrown.
 */
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import { parseSip, serializeSip, type SipMessage } from './sip-message.js';

export type SipTransportKind = 'udp' | 'tcp';

export interface SipPeer {
  host: string;
  port: number;
}

export interface SipTransport {
  readonly kind: SipTransportKind;
  /** The address and port we are reached on (Via/Contact), before any public-address override. */
  readonly local: SipPeer;
  /** Malformed messages dropped. */
  readonly malformed: number;
  send(message: SipMessage, to: SipPeer): void;
  onMessage(handler: (message: SipMessage, from: SipPeer) => void): void;
  close(): Promise<void>;
}

/** Opens a transport towards `trunk`: UDP bound on `bind`, or TCP connected to the trunk. */
export async function openTransport(
  kind: SipTransportKind,
  trunk: SipPeer,
  bind: { address?: string; port?: number } = {},
): Promise<SipTransport> {
  return kind === 'udp' ? openUdp(trunk, bind) : openTcp(trunk, bind);
}

async function openUdp(trunk: SipPeer, bind: { address?: string; port?: number }): Promise<SipTransport> {
  const v6 = trunk.host.includes(':');
  const socket = dgram.createSocket({ type: v6 ? 'udp6' : 'udp4' });
  const ready = Promise.race([
    once(socket, 'listening'),
    once(socket, 'error').then(([e]) => Promise.reject(e as Error)),
  ]);
  socket.bind(bind.port ?? 0, bind.address);
  await ready;
  const local = {
    host: bind.address && !isAny(bind.address) ? bind.address : await sourceAddressFor(trunk),
    port: socket.address().port,
  };
  let handler: (m: SipMessage, from: SipPeer) => void = () => undefined;
  const t = {
    kind: 'udp' as const,
    local,
    malformed: 0,
    send(message: SipMessage, to: SipPeer) {
      socket.send(serializeSip(message), to.port, to.host);
    },
    onMessage(h: typeof handler) {
      handler = h;
    },
    async close() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
  socket.on('message', (data, rinfo) => {
    const parsed = parseSip(data);
    if (!parsed) t.malformed++;
    else handler(parsed.message, { host: rinfo.address, port: rinfo.port });
  });
  socket.on('error', () => undefined); // ICMP port unreachable: transactions time out and say so
  return t;
}

async function openTcp(trunk: SipPeer, bind: { address?: string; port?: number }): Promise<SipTransport> {
  let handler: (m: SipMessage, from: SipPeer) => void = () => undefined;
  let buffer = Buffer.alloc(0);
  let socket: net.Socket | undefined;
  const connect = async (): Promise<net.Socket> => {
    const s = net.connect({
      host: trunk.host,
      port: trunk.port,
      ...(bind.address && !isAny(bind.address) && { localAddress: bind.address }),
    });
    await Promise.race([once(s, 'connect'), once(s, 'error').then(([e]) => Promise.reject(e as Error))]);
    s.setNoDelay(true);
    s.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseSip(buffer, true);
        if (!parsed) {
          if (buffer.length > 65_536) {
            t.malformed++;
            s.destroy(); // no message fits: the stream is garbage
          }
          return;
        }
        buffer = buffer.subarray(parsed.consumed);
        handler(parsed.message, trunk);
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      if (socket === s) socket = undefined;
      buffer = Buffer.alloc(0);
    });
    return s;
  };
  socket = await connect();
  const local = { host: socket.localAddress ?? '127.0.0.1', port: socket.localPort ?? 0 };
  let reconnecting: Promise<net.Socket> | undefined;
  const t = {
    kind: 'tcp' as const,
    local,
    malformed: 0,
    send(message: SipMessage) {
      const bytes = serializeSip(message);
      if (socket && !socket.destroyed) {
        socket.write(bytes);
        return;
      }
      reconnecting ??= connect().finally(() => (reconnecting = undefined));
      reconnecting.then(
        (s) => {
          socket = s;
          s.write(bytes);
        },
        () => undefined, // the transaction times out
      );
    },
    onMessage(h: typeof handler) {
      handler = h;
    },
    close() {
      socket?.destroy();
      return Promise.resolve();
    },
  };
  return t;
}

const isAny = (address: string): boolean => address === '0.0.0.0' || address === '::';

/** The local address the kernel would use to reach `peer` (a connected UDP socket sends nothing). */
export async function sourceAddressFor(peer: SipPeer): Promise<string> {
  const s = dgram.createSocket({ type: peer.host.includes(':') ? 'udp6' : 'udp4' });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.connect(peer.port, peer.host, () => resolve());
    });
    return s.address().address;
  } finally {
    s.close();
  }
}
