import type { ReplyClassifier } from '../robot/index.js';
import type { Logger } from '../lib/logger.js';
import type { Timers } from '../lib/virtual-clock.js';
import type { ClaimService } from '../services/dial/claim.service.js';
import type { DialPlanService } from '../services/dial/dial-plan.service.js';
import type { ClaimedNumber } from '../services/dial/dial-types.js';
import type { DialerLiveService } from '../services/dial/dialer-live.service.js';
import type { HangupService } from '../services/dial/hangup.service.js';
import type { RecoveryService } from '../services/dial/recovery.service.js';
import type { TaskControl } from '../services/dial/task-control.js';
import type { LineFactory } from './line-pool.js';

export interface DialerDeps {
  readonly plans: DialPlanService;
  readonly claims: ClaimService;
  readonly hangups: HangupService;
  readonly recovery: RecoveryService;
  readonly tasks: TaskControl;
  readonly live: DialerLiveService;
  readonly lines: LineFactory;
  /** Business time: pacing, calling hours, redial times, the calls themselves (virtual in tests). */
  readonly timers: Timers;
  /** Real time for leases, heartbeats, recovery and retries (leases are in database time). */
  readonly realTimers?: Timers;
  readonly log: Logger;
  /** Asked about replies the robot's rules cannot place (optional). */
  readonly replyClassifier?: ReplyClassifier;
  /** Root of the recordings (`DATA_DIR/recordings`): answered calls on lines with media are recorded there. */
  readonly recordingsDir?: string;
}

export interface DialerOptions {
  /** This process's claim owner id (default host:pid:random). */
  readonly node?: string;
  /** Pacing period: calls are claimed and placed once per tick. */
  readonly tickMs?: number;
  /** How often running tasks, lines and limits are re-read. */
  readonly refreshMs?: number;
  /** Re-read period while no team may call (outside calling hours). */
  readonly idleRefreshMs?: number;
  readonly leaseMs?: number;
  readonly heartbeatMs?: number;
  readonly recoveryMs?: number;
  /** Line faults in a row that pause the tasks on a line. */
  readonly lineFaultLimit?: number;
  readonly ringTimeoutMs?: number;
  readonly maxTalkMs?: number;
  readonly maxBatch?: number;
  /** Most numbers claimed per line per tick. */
  readonly maxClaimPerTick?: number;
  /** Called synchronously right before each originate (origination logs, tests). */
  readonly onOriginate?: (n: ClaimedNumber) => void;
}

export const DIALER_DEFAULTS = {
  tickMs: 200,
  refreshMs: 1_000,
  idleRefreshMs: 5_000,
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  recoveryMs: 30_000,
  lineFaultLimit: 5,
  ringTimeoutMs: 60_000,
  maxTalkMs: 30 * 60_000,
  maxBatch: 500,
  maxClaimPerTick: 1_000,
};
