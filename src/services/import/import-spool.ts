// Where an accepted import's rows wait for the background job: uploads are kept as they came; JSON rows are written
// one per line (ND-JSON). Both live under DATA_DIR/imports until the import ends.
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { randomHex32 } from '../../lib/hash.js';
import type { ImportRow } from './parse/index.js';

export class ImportSpool {
  constructor(private readonly dir: string) {}

  /** Moves an uploaded temp file into the spool (copy when on another file system). */
  async keepUpload(tempPath: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, `${randomHex32()}.upload`);
    try {
      await rename(tempPath, target);
    } catch {
      await copyFile(tempPath, target);
    }
    return target;
  }

  /** Writes JSON rows, one line each, honouring back-pressure. */
  async writeRows(rows: Iterable<ImportRow>): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, `${randomHex32()}.ndjson`);
    const out = createWriteStream(target);
    try {
      for (const row of rows) {
        if (!out.write(`${JSON.stringify(row.columns)}\n`)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    } catch (err) {
      out.destroy();
      await this.remove(target);
      throw err;
    }
    return target;
  }

  async remove(file: string): Promise<void> {
    await unlink(file).catch(() => undefined);
  }
}

/** Spooled JSON rows; `rowNo` is the 1-based position in the client's `data` array, as 5.7.2 reports it. */
export async function* readSpooledRows(file: string): AsyncGenerator<ImportRow> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let rowNo = 0;
  try {
    for await (const line of lines) {
      if (line === '') continue;
      rowNo++;
      yield { rowNo, columns: JSON.parse(line) as Record<string, string> };
    }
  } finally {
    lines.close();
  }
}
