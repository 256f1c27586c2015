import type { Clock } from '../../lib/clock.js';
import { dialOutcomeRepository } from '../../repositories/dial-outcome.repository.js';
import type { Store } from '../../repositories/store.js';

/**
 * The task-state changes the dialer makes. The task lifecycle service can take this role once it exists
 * (its `pauseWithReason` / `finishIfDone` have the same meaning); until then this implementation applies the
 * same conditional transitions directly.
 */
export interface TaskControl {
  /** 发送中 → 暂停发送 with the reason shown to operators; false if the task was not running. */
  pauseWithReason(taskId: string, reason: string): Promise<boolean>;
  /** 发送中 → 已发送 for those of the tasks with no number left; returns the ones that finished. */
  finishIfDone(taskIds: readonly string[]): Promise<readonly { id: string; sn: string }[]>;
}

/** {@link TaskControl} on the store, in system transactions addressed by task id. */
export class DialTaskControl implements TaskControl {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  pauseWithReason(taskId: string, reason: string): Promise<boolean> {
    return dialOutcomeRepository.pauseWithReason(this.store.system, taskId, reason, this.clock.now());
  }

  finishIfDone(taskIds: readonly string[]) {
    return dialOutcomeRepository.finishIfDone(this.store.system, taskIds, this.clock.now());
  }
}
