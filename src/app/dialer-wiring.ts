// Composition of the dialer role: the dial-time services, the lines (simulator today, SIP later) and the
// pacing loop. Called once by build.ts.
import type { DbHandle } from '../db/database.js';
import { Dialer, type DialerOptions } from '../dialer/dialer.js';
import type { LineFactory } from '../dialer/line-pool.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Timers } from '../lib/virtual-clock.js';
import { courseScript, scriptColumns } from '../robot/index.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import { ClaimService } from '../services/dial/claim.service.js';
import { DemoSeedService } from '../services/dial/demo-seed.service.js';
import { DialPlanService } from '../services/dial/dial-plan.service.js';
import { DialerLiveService } from '../services/dial/dialer-live.service.js';
import { HangupService } from '../services/dial/hangup.service.js';
import { LineService } from '../services/dial/line.service.js';
import { RecoveryService } from '../services/dial/recovery.service.js';
import type { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';
import type { TenantService } from '../services/tenant.service.js';
import { SimulatorLine } from '../telephony/simulator/simulator-line.js';
import { parseSimulatorLineConfig } from '../telephony/simulator/simulator-config.js';

export interface DialerWiringDeps {
  readonly db: DbHandle;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: Logger;
  readonly callingHours: CallingHoursService;
  readonly tenants: TenantService;
  /** The one writer of task states: the dialer pauses and finishes tasks through it. */
  readonly taskLifecycle: TaskLifecycleService;
  readonly options?: DialerOptions;
}

export interface DialerParts {
  readonly dialer: Dialer;
  readonly lines: LineService;
  readonly live: DialerLiveService;
  readonly demo: DemoSeedService;
}

/** Builds lines from their rows: a row's capacity, CPS and caller override the same fields of its config. */
export function lineFactory(timers: Timers): LineFactory {
  return (info) => {
    switch (info.kind) {
      case 'simulator':
        return new SimulatorLine({
          id: info.id,
          timers,
          config: {
            ...info.config,
            capacity: info.capacity,
            cps: info.cps,
            ...(info.caller && { caller: info.caller }),
          },
        });
      case 'sip':
        throw new Error('暂不支持SIP线路');
    }
  };
}

export function wireDialer(deps: DialerWiringDeps): DialerParts {
  const { db, clock, timers, log } = deps;
  const live = new DialerLiveService();
  const hangups = new HangupService(db);
  const lines = new LineService(db, clock, { simulator: parseSimulatorLineConfig });
  deps.tenants.addSeeder((trx) => lines.seedSandbox(trx));
  const dialer = new Dialer(
    {
      plans: new DialPlanService(db, deps.callingHours),
      claims: new ClaimService(db),
      hangups,
      recovery: new RecoveryService(db, hangups),
      tasks: deps.taskLifecycle,
      live,
      lines: lineFactory(timers),
      timers,
      log: log.child({ role: 'dialer' }),
    },
    deps.options,
  );
  const demo = new DemoSeedService(db, clock, {
    name: courseScript.name,
    caption: courseScript.caption,
    entryFlow: courseScript.flows[0]?.id ?? 'main',
    columns: scriptColumns(courseScript),
    definition: courseScript,
  });
  return { dialer, lines, live, demo };
}
