import type { Logger } from '../lib/logger.js';
import { PauseReason } from '../services/dial/dial-plan.service.js';
import type { DialPlan, TaskPlan } from '../services/dial/dial-types.js';
import type { TaskControl } from '../services/dial/task-control.js';
import { CALL_RESULTS } from '../telephony/call-result.js';
import type { LineEntry, LinePool } from './line-pool.js';
import type { ScriptCache } from './script-cache.js';

/**
 * Decides which running tasks cannot run and pauses them with the reason operators see: script deleted,
 * disabled or invalid; no line, a line that is down or whose configuration is broken; a line that keeps
 * failing. A paused task's numbers stay as they are (nothing is burned), and it runs again when resumed.
 */
export class TaskGuard {
  /** Tasks paused since the last plan refresh. */
  readonly paused = new Set<string>();
  pausedTotal = 0;

  constructor(
    private readonly tasks: TaskControl,
    private readonly scripts: ScriptCache,
    private readonly pool: LinePool,
    private readonly log: Logger,
  ) {}

  /** A new plan was read: tasks paused before are no longer in it. */
  reset(): void {
    this.paused.clear();
  }

  /** Checks a task of a freshly read plan and pauses it if it cannot run. */
  async check(task: TaskPlan, plan: DialPlan): Promise<void> {
    let problem = task.problem;
    if (!problem) {
      const script = await this.scripts.get(task.scriptId, task.scriptVersion);
      if (!script.ok) problem = PauseReason.scriptInvalid(script.why);
    }
    const info = task.lineId === undefined ? undefined : plan.lines.get(task.lineId);
    if (!problem && info) {
      try {
        const entry = this.pool.entry(info);
        if (!entry.line.health().up) problem = PauseReason.lineDown(info.name, '线路不可用');
      } catch (err) {
        problem = PauseReason.lineDown(info.name, err instanceof Error ? err.message : '线路配置错误');
      }
    }
    if (problem) await this.pause(task.id, problem);
  }

  async pause(taskId: string, reason: string): Promise<void> {
    if (this.paused.has(taskId)) return;
    this.paused.add(taskId);
    const result = await this.tasks.pauseWithReason(taskId, reason);
    if (result.ok && result.changed) {
      this.pausedTotal++;
      this.log.warn({ taskId, reason }, 'task paused by the dialer');
    }
  }

  /** A line that keeps failing pauses its tasks instead of burning their lists. */
  async lineFailing(entry: LineEntry, plan: DialPlan | undefined): Promise<void> {
    const n = entry.faults;
    entry.faults = 0;
    const cause = entry.lastFault ? CALL_RESULTS[entry.lastFault].alias : 'line fault';
    const reason = PauseReason.lineFailing(entry.info.name, n, cause);
    const tasks = (plan?.teams ?? []).flatMap((team) => team.tasks.filter((t) => t.lineId === entry.info.id));
    await Promise.all(tasks.map((t) => this.pause(t.id, reason))); // each marked paused at once, before any write
  }
}
