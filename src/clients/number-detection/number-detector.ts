/**
 * Number detection (空号检测): classifies callee numbers before dialling so a task does not waste lines on
 * unassigned or suspended numbers. The classes are the reference's import counters (§4.4 `import_mark`:
 * shiCount, kongCount, tingjiCount, kuwuCount, chenmoCount, fenxianCount).
 */
import { numberSegmentValid } from '../../lib/phone/index.js';

export const DetectionClass = {
  /** 实号: a live number. */
  Shi: 'shi',
  /** 空号: unassigned. */
  Kong: 'kong',
  /** 停机: suspended by the carrier. */
  Tingji: 'tingji',
  /** 库无: unknown to the detector — also the answer whenever detection is unavailable. */
  Kuwu: 'kuwu',
  /** 沉默: assigned but dormant. */
  Chenmo: 'chenmo',
  /** 风险: flagged as risky (complaint-prone, blacklisted by carriers …). */
  Fenxian: 'fenxian',
} as const;
export type DetectionClass = (typeof DetectionClass)[keyof typeof DetectionClass];

/** Operator-facing labels. */
export const DETECTION_LABELS: Readonly<Record<DetectionClass, string>> = {
  shi: '实号',
  kong: '空号',
  tingji: '停机',
  kuwu: '库无',
  chenmo: '沉默',
  fenxian: '风险',
};

/**
 * Classifies national numbers (as produced by `normalizePhone`).
 *
 * Contract: the map has an entry for every distinct input number, and the promise does not reject because
 * a backend is down or slow — implementations answer `kuwu` instead, so an import never stalls on detection.
 */
export interface NumberDetector {
  detect(numbers: readonly string[]): Promise<Map<string, DetectionClass>>;
}

/**
 * Chains detectors: each one is asked only about the numbers all earlier ones answered `kuwu`, so a cheap
 * local source (segment table, call history) goes first and a paid vendor sees only what is left.
 * A detector that breaks its contract and throws counts as having answered `kuwu`.
 * @example const detector = combineDetectors(segmentDetector, historyDetector, vendorDetector);
 */
export function combineDetectors(...detectors: readonly NumberDetector[]): NumberDetector {
  return {
    async detect(numbers) {
      const result = new Map<string, DetectionClass>();
      for (const n of numbers) result.set(n, DetectionClass.Kuwu);
      let pending = [...result.keys()];
      for (const detector of detectors) {
        if (pending.length === 0) break;
        let answers: Map<string, DetectionClass>;
        try {
          answers = await detector.detect(pending);
        } catch {
          continue;
        }
        const still: string[] = [];
        for (const n of pending) {
          const cls = answers.get(n) ?? DetectionClass.Kuwu;
          if (cls === DetectionClass.Kuwu) still.push(n);
          else result.set(n, cls);
        }
        pending = still;
      }
      return result;
    },
  };
}

/**
 * Answers `kong` for numbers outside every assigned range (e.g. a 154 or 140 mobile segment) and `kuwu`
 * for the rest; free, so it belongs first in `combineDetectors`.
 */
export const segmentDetector: NumberDetector = {
  detect(numbers) {
    const result = new Map<string, DetectionClass>();
    for (const n of numbers) result.set(n, numberSegmentValid(n) ? DetectionClass.Kuwu : DetectionClass.Kong);
    return Promise.resolve(result);
  },
};
