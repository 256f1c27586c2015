/**
 * The entries of a zip archive read front to back from a byte stream (local headers, not the central
 * directory), each inflated as a stream: an upload is never held in memory whatever its size.
 *
 * Entries whose sizes follow their data (general-purpose flag bit 3: streaming writers such as exceljs and
 * Java's ZipOutputStream) end where a data descriptor carrying the number of bytes read so far begins.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

import { ImportFileError } from './parse-errors.js';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
const ZIP64_END = 0x06064b50;
const DESCRIPTOR = 0x08074b50;
const SIZES_FOLLOW_DATA = 0x08;
const UTF8_NAME = 0x800;
const STORED = 0;
const DEFLATED = 8;

export interface ZipEntry {
  /** The entry's path inside the archive, e.g. `xl/worksheets/sheet1.xml`. */
  readonly name: string;
  /** The entry's stored bytes (compressed); iterate once, instead of `inflated` or `skip`. */
  raw(): AsyncGenerator<Buffer>;
  /** The entry's content; iterate once, instead of `raw` or `skip`. */
  inflated(): AsyncGenerator<Buffer>;
  skip(): Promise<void>;
  /** How `raw` bytes are inflated (stored or deflated). */
  readonly method: number;
}

/** The content of stored bytes written by `raw` (e.g. kept in a file and read back). */
export async function* inflateRaw(method: number, raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (method === STORED) {
    yield* raw;
    return;
  }
  const inflater = createInflateRaw();
  const fed = pipeline(Readable.from(raw, { objectMode: false }), inflater);
  fed.catch(() => undefined); // surfaced by the iteration below or awaited at its end
  try {
    for await (const part of inflater as AsyncIterable<Buffer>) yield part;
    await fed;
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('Z_')) {
      throw ImportFileError.format('xlsx文件已损坏', err);
    }
    throw err;
  }
}

/**
 * Yields the archive's entries in stored order; each must be consumed (`raw`, `inflated` or `skip`) before
 * the next is asked for. Ends at the central directory; a stream that ends inside an entry fails with 30002.
 */
export async function* zipEntries(source: AsyncIterable<Buffer>): AsyncGenerator<ZipEntry> {
  const bytes = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    if (!(await bytes.ensure(4))) throw truncated();
    const signature = bytes.peek(4).readUInt32LE(0);
    if (signature === CENTRAL_HEADER || signature === END_OF_CENTRAL_DIR || signature === ZIP64_END) return;
    if (signature !== LOCAL_HEADER) throw ImportFileError.format('xlsx文件已损坏');
    if (!(await bytes.ensure(30))) throw truncated();
    const header = bytes.take(30);
    const flags = header.readUInt16LE(6);
    const method = header.readUInt16LE(8);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    if (!(await bytes.ensure(nameLength + extraLength))) throw truncated();
    const name = bytes.take(nameLength).toString(flags & UTF8_NAME ? 'utf8' : 'latin1');
    const extra = bytes.take(extraLength);
    if (method !== STORED && method !== DEFLATED) {
      throw ImportFileError.format('xlsx文件使用了不支持的压缩方式');
    }
    const sizeFollows = (flags & SIZES_FOLLOW_DATA) !== 0;
    const size = sizeFollows ? undefined : compressedSize(header, extra);
    let consumed = false;
    const data = (): AsyncGenerator<Buffer> => {
      if (consumed) throw new Error(`zip entry ${name} read twice`);
      consumed = true;
      return size === undefined ? bytes.untilDescriptor() : bytes.exactly(size);
    };
    const entry: ZipEntry = {
      name,
      method,
      raw: data,
      inflated: () => inflateRaw(method, data()),
      skip: async () => {
        for await (const _ of data());
      },
    };
    yield entry;
    if (!consumed) await entry.skip();
  }
}

/** The compressed size from the local header, or from its zip64 extra field when the header says 0xFFFFFFFF. */
function compressedSize(header: Buffer, extra: Buffer): number {
  const size = header.readUInt32LE(18);
  if (size !== 0xffffffff) return size;
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001 && length >= 16) return Number(extra.readBigUInt64LE(at + 12));
    at += 4 + length;
  }
  throw ImportFileError.format('xlsx文件已损坏');
}

const truncated = () => ImportFileError.format('xlsx文件不完整');
const EMPTY = Buffer.alloc(0);

/** A pull reader over the stream's chunks with look-ahead; hands out views, copying only to join a header. */
class ByteReader {
  #buffer: Buffer = EMPTY;
  #ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Makes at least `n` bytes available; false when the stream ends first. */
  async ensure(n: number): Promise<boolean> {
    while (this.#buffer.length < n) {
      if (!(await this.#pull())) return false;
    }
    return true;
  }

  peek(n: number): Buffer {
    return this.#buffer.subarray(0, n);
  }

  take(n: number): Buffer {
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** The next `n` bytes as they arrive. */
  async *exactly(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#buffer.length === 0 && !(await this.#pull())) throw truncated();
      const part = this.take(Math.min(left, this.#buffer.length));
      left -= part.length;
      yield part;
    }
  }

  /**
   * Bytes up to the data descriptor (`PK\x07\x08`, crc, sizes) whose compressed size equals the bytes read
   * so far, the descriptor itself skipped. A match on signature and size together is not a coincidence.
   */
  async *untilDescriptor(): AsyncGenerator<Buffer> {
    let read = 0;
    for (;;) {
      const found = this.#findDescriptor(read);
      if (found >= 0) {
        if (found > 0) yield this.take(found);
        read += found;
        await this.#skipDescriptor();
        return;
      }
      // Everything but a tail that could hold the start of a descriptor (24 bytes at most) is entry data.
      const safe = this.#buffer.length - 23;
      if (safe > 0) {
        read += safe;
        yield this.take(safe);
      }
      if (!(await this.#pull())) throw truncated();
    }
  }

  #findDescriptor(readBefore: number): number {
    const b = this.#buffer;
    for (let at = b.indexOf(DESCRIPTOR_BYTES); at >= 0; at = b.indexOf(DESCRIPTOR_BYTES, at + 1)) {
      if (at + 12 > b.length) return -1;
      const size = readBefore + at;
      if (b.readUInt32LE(at + 8) === size % 0x1_0000_0000) return at;
    }
    return -1;
  }

  /** Skips signature, crc and sizes: 32-bit sizes unless the 16 bytes are not followed by a record. */
  async #skipDescriptor(): Promise<void> {
    if (!(await this.ensure(16))) throw truncated();
    if ((await this.ensure(20)) && !isRecord(this.#buffer.readUInt32LE(16)) && (await this.ensure(24))) {
      this.take(24);
      return;
    }
    this.take(16);
  }

  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    const next = await this.source.next();
    if (next.done === true) {
      this.#ended = true;
      return false;
    }
    const chunk = next.value;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    return true;
  }
}

const DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const isRecord = (signature: number) =>
  signature === LOCAL_HEADER ||
  signature === CENTRAL_HEADER ||
  signature === END_OF_CENTRAL_DIR ||
  signature === ZIP64_END ||
  signature === DESCRIPTOR;
