// Wiring of task creation, imports and the DND list (kept out of build.ts so that file stays one line per area).
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
import type { JobRunner } from '../services/job-runner.js';
import { TaskCreateService } from '../services/task/task-create.service.js';
import type { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';

export function wireImports(deps: {
  config: Config;
  db: DbHandle;
  clock: Clock;
  jobs: JobRunner;
  log: Logger;
  taskLifecycle: TaskLifecycleService;
}) {
  const { config, db, clock, jobs, taskLifecycle } = deps;
  const spool = new ImportSpool(path.join(config.dataDir, 'imports'));
  const vendor = config.numberDetectionUrl
    ? new HttpNumberDetector({ url: config.numberDetectionUrl })
    : undefined;
  const runner = new ImportRunner(db, clock, taskLifecycle, spool, deps.log.child({ role: 'import' }), {
    chunkRows: config.importChunkRows,
    ...(vendor ? { vendor } : {}),
  });
  const limits = { tasksPerDay: config.tasksPerDay, importMaxBytes: config.importMaxBytes };
  const taskCreate = new TaskCreateService(db, clock, taskLifecycle, spool, runner, limits);
  jobs.register('task.import', (job) => runner.handle(job));
  jobs.register('task.schedule', (job) => taskCreate.runScheduled(job));
  return {
    taskCreate,
    importQuery: new ImportQueryService(db),
    importSettings: new ImportSettingsService(db),
    dnd: new DndService(db, clock, { importMaxBytes: config.importMaxBytes }),
  };
}
