import type { Logger } from '../lib/logger.js';
import type { Turn } from '../robot/index.js';
import { RECORD_PATH } from '../services/call-record/record-payload.js';
import { segmentFileName } from '../services/call-record/recording-name.js';
import { cutTurnSegments } from '../services/call-record/recording-segments.js';
import type { ConversationSummary } from '../services/dial/dial-types.js';
import type { CallEnd } from '../telephony/call-channel.js';

/** How long the recording may take to reach the disk after the hang-up before segments are given up. */
const WRITTEN_WAIT_MS = 10_000;

/**
 * Each robot turn of a recorded call gets its segment of the recording (6.4 `fenduanluyin`, served by 6.3),
 * written beside it under `segmental_record/`. Anything that fails (disk, a recording cut short) leaves the
 * turn without a segment; the record is written regardless.
 */
export async function withTurnSegments(
  conversation: ConversationSummary | undefined,
  turns: readonly Turn[],
  end: CallEnd,
  record: { readonly file: string; readonly rel: string } | undefined,
  log: Logger,
): Promise<ConversationSummary | undefined> {
  if (!conversation || !record || !end.recording || !end.answeredAt || turns.length === 0) {
    return conversation;
  }
  const written = await Promise.race([
    end.recordingWritten?.then(() => true) ?? Promise.resolve(true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), WRITTEN_WAIT_MS).unref()),
  ]);
  if (!written) {
    log.warn({ recording: record.rel }, 'recording not complete in time; no per-turn segments');
    return conversation;
  }
  const teamDir = record.file.slice(0, record.file.length - record.rel.length);
  const rels = turns.map((t, k) =>
    segmentFileName(record.rel, k + 1, t.segments.find((s) => s.audio)?.audio),
  );
  const cut = await cutTurnSegments(
    end.recording,
    end.answeredAt,
    turns.map((t, k) => ({ startAt: t.robotAt, file: teamDir + (rels[k] as string) })),
  );
  if (cut.some((ok) => !ok)) log.warn({ recording: record.rel, cut }, 'some per-turn segments not written');
  return {
    ...conversation,
    turns: conversation.turns.map((f, k) =>
      cut[k] ? { ...f, fenduanluyin: `${RECORD_PATH}/${rels[k] as string}` } : f,
    ),
  };
}
