import dgram from 'node:dgram';

/**
 * RTP ports of the configured range, one even port per call (RTCP would take the odd one above it), bound
 * on allocation and released at hang-up. A port another program holds is skipped.
 */
export class RtpPortPool {
  #free: number[] = [];
  #inUse = new Set<number>();

  constructor(
    readonly min: number,
    readonly max: number,
    private readonly bindAddress = '0.0.0.0',
  ) {
    if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1024 && max <= 65535 && min < max)) {
      throw new RangeError(`RTP port range ${min}-${max} is not within 1024-65535`);
    }
    for (let p = min + (min % 2); p <= max; p += 2) this.#free.push(p);
  }

  get available(): number {
    return this.#free.length;
  }

  /** Binds a socket on a free port of the range; undefined when the range is exhausted. */
  async allocate(): Promise<{ socket: dgram.Socket; port: number } | undefined> {
    const tried: number[] = [];
    try {
      while (this.#free.length > 0) {
        const port = this.#free.shift() as number;
        const socket = dgram.createSocket({ type: this.bindAddress.includes(':') ? 'udp6' : 'udp4' });
        const ok = await new Promise<boolean>((resolve) => {
          socket.once('error', () => resolve(false));
          socket.bind(port, this.bindAddress, () => resolve(true));
        });
        if (ok) {
          this.#inUse.add(port);
          return { socket, port };
        }
        socket.close();
        tried.push(port); // held by someone else: try it again later
      }
      return undefined;
    } finally {
      this.#free.push(...tried);
    }
  }

  release(port: number, socket: dgram.Socket): void {
    try {
      socket.close();
    } catch {
      // already closed
    }
    if (this.#inUse.delete(port)) this.#free.push(port);
  }
}
