// The built-in number detector: learns from the platform's own calls (carrier results, answers, refusals, the
// platform's DND additions). Free and local, so it runs before any paid vendor in the detector chain.
import { DetectionClass, type NumberDetector } from '../../../clients/number-detection/index.js';
import { importHistoryRepository } from '../../../repositories/import-history.repository.js';
import type { Executor } from '../../../repositories/store.js';
import { classifyHistory } from './history-classes.js';

/** The DND source label of entries an operator added (the reference's is_auto "人工导入"). */
export const MANUAL_DND_SOURCE = '人工导入';

export interface HistoryDetectorOptions {
  readonly teamId: string;
  /** The import's point in time: later calls are ignored, so a resumed import decides alike. */
  readonly asOf: Date;
  readonly silentMonths: number;
  readonly silentMinCalls: number;
}

/**
 * @example const detector = combineDetectors(segmentDetector, historyDetector(db, opts), vendor);
 */
export function historyDetector(db: Executor, opts: HistoryDetectorOptions): NumberDetector {
  const since = new Date(opts.asOf);
  since.setMonth(since.getMonth() - opts.silentMonths);
  return {
    async detect(numbers) {
      const result = new Map<string, DetectionClass>();
      for (const n of numbers) result.set(n, DetectionClass.Kuwu);
      const [history, autoDnd] = await Promise.all([
        importHistoryRepository.summarize(db, opts.teamId, numbers, since, opts.asOf),
        importHistoryRepository.autoDndPhones(db, opts.teamId, numbers, MANUAL_DND_SOURCE),
      ]);
      for (const h of history) {
        result.set(
          h.phone,
          classifyHistory(h, autoDnd.has(h.phone), { silentMinCalls: opts.silentMinCalls }),
        );
      }
      // Numbers platform DND'd without a call record are risky too.
      for (const phone of autoDnd) {
        if (result.get(phone) === DetectionClass.Kuwu) result.set(phone, 'fenxian');
      }
      return result;
    },
  };
}
