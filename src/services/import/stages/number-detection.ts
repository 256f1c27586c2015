// Stage 6 — number detection (shi/kong/tingji/kuwu/chenmo/fenxian counts): every remaining number is classified by
// the detector chain; classes the settings do not dial are final here and stored held back (status 4).
import { DetectionClass } from '../../../clients/number-detection/index.js';
import { DETECTION_CLASSES } from '../import-settings.js';
import type { ImportStage } from './import-stage.js';

export const numberDetectionStage: ImportStage = {
  name: 'number-detection',
  async apply({ chunk, settings, detector }) {
    const phones = await chunk.pendingPhones();
    if (phones.length === 0) return;
    const classes: string[] = new Array<string>(phones.length);
    if (settings.detection_enabled) {
      const found = await detector.detect(phones);
      for (let i = 0; i < phones.length; i++) {
        const cls = found.get(phones[i]!);
        classes[i] = cls !== undefined && isClass(cls) ? cls : DetectionClass.Kuwu;
      }
    } else {
      classes.fill(DetectionClass.Kuwu); // nothing checked: every number is 库无 and dialed
    }
    const dialed = settings.detection_enabled ? settings.detection_import_classes : DETECTION_CLASSES;
    const held = DETECTION_CLASSES.filter((c) => !dialed.includes(c));
    await chunk.setDetection(phones, classes, held);
  },
};

function isClass(value: string): boolean {
  return (DETECTION_CLASSES as readonly string[]).includes(value);
}
