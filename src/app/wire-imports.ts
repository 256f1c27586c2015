// A factory of the composition root (app/build.ts): task creation, the import runner and the DND list. It only
// builds; the root registers the runner and the scheduled-task handler with the job runner.
import path from 'node:path';
import { HttpNumberDetector } from '../clients/number-detection/index.js';
import type { Config } from '../config/config.js';
import type { DbHandle } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { DndService } from '../services/dnd/dnd.service.js';
import { ImportQueryService } from '../services/import/import-query.service.js';
import { ImportRunner } from '../services/import/import-runner.js';
import { ImportSettingsService } from '../services/import/import-settings.service.js';
import { ImportSpool } from '../services/import/import-spool.js';
import { TaskCreateService } from '../services/task/task-create.service.js';
import type { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';

export function createImportServices(deps: {
  config: Config;
  db: DbHandle;
  clock: Clock;
  log: Logger;
  taskLifecycle: TaskLifecycleService;
}) {
  const { config, db, clock, taskLifecycle } = deps;
  const spool = new ImportSpool(path.join(config.dataDir, 'imports'));
  const vendor = config.numberDetectionUrl
    ? new HttpNumberDetector({ url: config.numberDetectionUrl })
    : undefined;
  const runner = new ImportRunner(db, clock, taskLifecycle, spool, deps.log.child({ role: 'import' }), {
    chunkRows: config.importChunkRows,
    parseThreadMinBytes: config.importParseThreadMinBytes,
    ...(vendor ? { vendor } : {}),
  });
  const limits = { tasksPerDay: config.tasksPerDay, importMaxBytes: config.importMaxBytes };
  const taskCreate = new TaskCreateService(db, clock, taskLifecycle, spool, runner, limits);
  return {
    importRunner: runner,
    taskCreate,
    importQuery: new ImportQueryService(db),
    importSettings: new ImportSettingsService(db),
    dnd: new DndService(db, clock, { importMaxBytes: config.importMaxBytes }),
  };
}
