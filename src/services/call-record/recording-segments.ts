// Per-turn segments (分段录音, 6.3/6.4 `fenduanluyin`) cut from a finished call recording: turn k runs from the
// robot starting that turn to the robot starting the next one (or the hang-up), so a segment holds the
// robot's line and what the callee answered, in the recording's own format (stereo, callee left, robot right).
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { wavHeader } from '../../lib/wav.js';

const HEADER_BYTES = 44;
const RATE = 8000;
const CHANNELS = 2;
/** Bytes of one 20 ms stereo frame: cuts fall on frame boundaries, as the recording is written. */
const FRAME_BYTES = (RATE / 50) * CHANNELS * 2;

export interface TurnSpan {
  /** When the robot began the turn. */
  readonly startAt: Date;
  /** Where the segment goes (absolute path). */
  readonly file: string;
}

/** Byte offset in the data chunk of the instant `ms` after the answer, on a frame boundary. */
const offsetOf = (ms: number): number => Math.max(0, Math.floor(ms / 20)) * FRAME_BYTES;

/**
 * Cuts `turns` (in order) out of `recording` (its timeline starts at `answeredAt`). Returns, per turn,
 * whether its segment was written: an empty span (a turn cut short at once) or a write error leaves it out.
 */
export async function cutTurnSegments(
  recording: string,
  answeredAt: Date,
  turns: readonly TurnSpan[],
): Promise<boolean[]> {
  let source: FileHandle | undefined;
  try {
    source = await open(recording, 'r');
    const dataBytes = (await source.stat()).size - HEADER_BYTES;
    const written: boolean[] = [];
    for (let k = 0; k < turns.length; k++) {
      const from = offsetOf((turns[k] as TurnSpan).startAt.getTime() - answeredAt.getTime());
      const next = turns[k + 1];
      const to = next ? offsetOf(next.startAt.getTime() - answeredAt.getTime()) : dataBytes;
      const end = Math.min(to, dataBytes - (dataBytes % FRAME_BYTES));
      const file = (turns[k] as TurnSpan).file;
      written.push(end > from ? await copySpan(source, from, end, file).catch(() => false) : false);
    }
    return written;
  } catch {
    return turns.map(() => false);
  } finally {
    await source?.close().catch(() => undefined);
  }
}

async function copySpan(source: FileHandle, from: number, to: number, file: string): Promise<boolean> {
  const data = Buffer.alloc(to - from);
  await source.read(data, 0, data.length, HEADER_BYTES + from);
  await mkdir(path.dirname(file), { recursive: true });
  const out = await open(file, 'w', 0o640);
  try {
    await out.write(Buffer.concat([wavHeader(RATE, CHANNELS, data.length), data]));
    return true;
  } finally {
    await out.close();
  }
}
