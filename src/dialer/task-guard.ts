import type { Logger } from '../lib/logger.js';
import { PauseReason } from '../services/dial/dial-plan.service.js';
import type { AwaitingLine, DialPlan, LineInfo, TaskPlan } from '../services/dial/dial-types.js';
import type { TaskControl } from '../services/dial/task-control.js';
import { CALL_RESULTS } from '../telephony/call-result.js';
import type { LineEntry, LinePool } from './line-pool.js';
import type { ScriptCache } from './script-cache.js';

/**
 * Decides which running tasks cannot run and pauses them with the reason operators see: script deleted,
 * disabled or invalid; no line, a line that is down or whose configuration is broken; a line that keeps
 * failing. A paused task's numbers stay as they are (nothing is burned), and it runs again when resumed.
 * A task paused because its line stopped answering (the line's own health check) is resumed by the platform
 * once that line answers again, unless an operator touched it since. The wait is kept on the task (the plan's
 * `awaitingLine`), so a dialer started afresh resumes it too — only after the line's check has answered.
 */
export class TaskGuard {
  /** Tasks paused since the last plan refresh. */
  readonly paused = new Set<string>();

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
        if (!entry.line.health().up) {
          await this.pause(task.id, PauseReason.lineDown(info.name, '线路不可用'), info.id);
          return;
        }
      } catch (err) {
        problem = PauseReason.lineDown(info.name, err instanceof Error ? err.message : '线路配置错误');
      }
    }
    if (problem) await this.pause(task.id, problem);
  }

  /**
   * Resumes the tasks of `plan` paused for a line that answers again; returns how many ran again. The line is
   * opened here if this process has not yet (a restart), so its health check runs; until that check has been
   * answered the task stays paused.
   */
  async resumeRecovered(plan: DialPlan | undefined): Promise<number> {
    let resumed = 0;
    for (const waiting of plan?.awaitingLine ?? []) {
      if (await this.#resumeIfAnswering(waiting, plan?.lines.get(waiting.lineId))) resumed++;
    }
    return resumed;
  }

  async #resumeIfAnswering(
    { taskId, lineId, reason }: AwaitingLine,
    info: LineInfo | undefined,
  ): Promise<boolean> {
    if (!info?.up) return false; // an operator took the line down: the task waits for them
    let line;
    try {
      line = this.pool.entry(info).line;
    } catch {
      return false; // a configuration the line cannot be built from: an operator must fix it
    }
    line.start?.().catch((err: unknown) => this.log.warn({ err, lineId }, 'line could not be opened'));
    const health = line.health();
    if (!health.up || health.checked === false) return false;
    const result = await this.tasks.resumeIfPausedWith(taskId, reason);
    if (!result.ok || !result.changed) return false;
    this.log.info({ taskId, lineId }, 'line answers again: task resumed by the dialer');
    return true;
  }

  /** Pauses a task with the reason operators see; `forLineId`: it waits for that line to answer again. */
  async pause(taskId: string, reason: string, forLineId?: string): Promise<void> {
    if (this.paused.has(taskId)) return;
    this.paused.add(taskId);
    const result = await this.tasks.pauseWithReason(taskId, reason, forLineId);
    if (result.ok && result.changed) {
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
