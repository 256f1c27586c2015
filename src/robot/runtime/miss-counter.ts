import { bump } from './session-helpers.js';

/** What the robot counts in a row per listening node before it gives up on the node (its fallback). */
export type MissKind = 'noMatch' | 'repeat' | 'notRecognised';
const KINDS: readonly MissKind[] = ['noMatch', 'repeat', 'notRecognised'];

/** Misses in a row per node and kind; cleared when the node is entered anew. */
export class MissCounter {
  readonly #counts = new Map<string, number>();

  /** Counts one more `kind` at `nodeId`; true once the count passes `max`. */
  over(kind: MissKind, nodeId: string, max: number): boolean {
    return bump(this.#counts, `${kind}|${nodeId}`) > max;
  }

  clear(nodeId: string): void {
    for (const kind of KINDS) this.#counts.delete(`${kind}|${nodeId}`);
  }
}
