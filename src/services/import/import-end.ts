// What the end of an import does to its task (compat-notes "Task lifecycle"): pure, so the rules are unit-tested.
// The event it names is applied by TaskLifecycleService, the one writer of task states.
import { TaskStatus } from '../task/task-status.js';
import { TaskEvent } from '../task/task-transitions.js';

export interface TaskAtImportEnd {
  readonly status: number;
  readonly autoStart: boolean;
  readonly timedStartedAt: Date | null;
}

/** The task event an import's end causes, with the reason operators see; none when the task stays as it is. */
export type ImportEndEffect =
  | { readonly event: typeof TaskEvent.append; readonly reason: string }
  | { readonly event: typeof TaskEvent.start; readonly reason: '' }
  | undefined;

export const APPENDED_PAUSE_REASON = '已发送的任务追加了号码,请手动继续';

/**
 * - A finished task (已发送) that received dialable numbers is paused (暂停发送) and waits for 5.2 keepOn.
 * - A task not started yet (未开始) with `is_zidong` or a schedule starts (发送中) once its last import is done,
 *   if its start time has come and it has numbers to dial; a future `timed_started_at` is left to the
 *   scheduled-start job.
 * - A task that is sending keeps sending (new numbers join the queue); paused/terminated tasks stay as they are.
 * @example importEndEffect({ status: 1, autoStart: false, timedStartedAt: null }, { added: 3, … }) // { event: 'append', … }
 */
export function importEndEffect(
  task: TaskAtImportEnd,
  end: { added: number; lastImport: boolean; hasWaiting: boolean; now: Date },
): ImportEndEffect {
  if (task.status === TaskStatus.finished && end.added > 0) {
    return { event: TaskEvent.append, reason: APPENDED_PAUSE_REASON };
  }
  if (task.status === TaskStatus.notStarted && end.lastImport && end.hasWaiting) {
    const at = task.timedStartedAt;
    if ((task.autoStart || at !== null) && (at === null || at.getTime() <= end.now.getTime())) {
      return { event: TaskEvent.start, reason: '' };
    }
  }
  return undefined;
}
