// Text and bytes appended to one buffer, grown (copied to one twice the size) when it is full: builds a COPY payload
// as one run of bytes instead of many small strings or views, each an object on the heap that lives until its
// payload is sent (and, living that long, is promoted and waits for a full collection).

export class ByteText {
  /** Bytes written so far. */
  bytes = 0;

  /** `buffer`: the first allocation written into (an allocation of its own, if the bytes may move threads). */
  constructor(public buffer: Buffer) {}

  /** Appends `text` in UTF-8; returns the byte offset where it ends. */
  write(text: string): number {
    this.#room(text.length * 3);
    this.bytes += this.buffer.write(text, this.bytes, 'utf8');
    return this.bytes;
  }

  /** Appends `bytes` as they are; returns the byte offset where they end. */
  append(bytes: Uint8Array): number {
    this.#room(bytes.length);
    this.buffer.set(bytes, this.bytes);
    this.bytes += bytes.length;
    return this.bytes;
  }

  /** The bytes written, a view of the buffer (valid until the next write or reset). */
  view(): Buffer {
    return this.buffer.subarray(0, this.bytes);
  }

  /** Starts over, keeping the allocation. */
  reset(): void {
    this.bytes = 0;
  }

  #room(needed: number): void {
    if (this.bytes + needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.bytes + needed));
    this.buffer.copy(grown, 0, 0, this.bytes);
    this.buffer = grown;
  }
}
