// Stage 6 — number detection (shi/kong/tingji/kuwu/chenmo/fenxian counts): remaining numbers are classified by the
// detector chain; classes the settings do not dial are final here and stored held back (status 4). Without a vendor
// only numbers with platform history are sent to the chain: for any other number every built-in source says 库无.
import { DetectionClass } from '../../../clients/number-detection/index.js';
import { MANUAL_DND_SOURCE } from '../detection/history-detector.js';
import { DETECTION_CLASSES } from '../import-settings.js';
import type { ImportStage } from './import-stage.js';

export const numberDetectionStage: ImportStage = {
  name: 'number-detection',
  async apply({ chunk, scope, settings, asOf, detector, detectAll }) {
    if (!settings.detection_enabled) return; // nothing checked: every number is 库无 and dialed
    const phones = detectAll
      ? await chunk.pendingPhones()
      : await chunk.pendingPhonesWithHistory(scope.teamId, asOf, MANUAL_DND_SOURCE);
    if (phones.length > 0) {
      const found = await detector.detect(phones);
      const known: string[] = [];
      const classes: string[] = [];
      for (const phone of phones) {
        const cls = found.get(phone);
        if (cls !== undefined && cls !== DetectionClass.Kuwu && isClass(cls)) {
          known.push(phone);
          classes.push(cls);
        }
      }
      await chunk.setDetection(known, classes);
    }
    await chunk.holdBack(DETECTION_CLASSES.filter((c) => !settings.detection_import_classes.includes(c)));
  },
};

function isClass(value: string): boolean {
  return (DETECTION_CLASSES as readonly string[]).includes(value);
}
