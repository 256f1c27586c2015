import { CALL_RESULTS } from './call-result.js';
import type { CallEnd, LineHealth } from './call-channel.js';

/**
 * The part of `LineHealth` every line kind keeps the same way: line faults (`lineDown`, `lineError`) in a row
 * and the last one; any call the carrier judged (a non-local result) clears the streak.
 */
export class LineFaultStreak {
  #state: Omit<LineHealth, 'up'> = { consecutiveFailures: 0 };

  record(end: CallEnd): void {
    const result = end.result;
    if (result === 'lineDown' || result === 'lineError') {
      this.#state = {
        consecutiveFailures: this.#state.consecutiveFailures + 1,
        lastFailure: { at: end.endedAt, cause: result },
      };
    } else if (CALL_RESULTS[result].family !== 'local') {
      this.#state = { ...this.#state, consecutiveFailures: 0 };
    }
  }

  get state(): Omit<LineHealth, 'up'> {
    return this.#state;
  }
}
