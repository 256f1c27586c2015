// Stage 1 — rows whose phone cell is not a dialable number (failCount). The reason was found while staging
// (lib/phone normalizePhone: 号码为空, 号码格式错误, 号段不存在 …).
import type { ImportStage } from './import-stage.js';

export const invalidNumberStage: ImportStage = {
  name: 'invalid-number',
  apply: ({ chunk }) => chunk.markInvalid(),
};
