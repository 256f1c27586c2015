// An import stage: one rule that disposes of some staged rows, set-based. The runner (import-runner.ts) owns the
// order (stages/index.ts), transactions and checkpoints; a stage only marks rows through the chunk session.
import type { NumberDetector } from '../../../clients/number-detection/index.js';
import type { ChunkScope, ImportChunkSession } from '../../../repositories/import-chunk.repository.js';
import type { ImportSettings } from '../import-settings.js';

export interface StageContext {
  readonly chunk: ImportChunkSession;
  readonly scope: ChunkScope;
  readonly settings: ImportSettings;
  /** The import's "now": every time window ends here. */
  readonly asOf: Date;
  readonly detector: NumberDetector;
  /**
   * True when the chain can classify numbers the platform has never seen (a vendor is in it): then every
   * remaining number is sent; otherwise only numbers with call history or platform DND entries.
   */
  readonly detectAll: boolean;
}

export interface ImportStage {
  /** Short name for logs and errors. */
  readonly name: string;
  /** Marks the rows this stage disposes of; rows an earlier stage disposed of are never touched. */
  apply(ctx: StageContext): Promise<void>;
}

/** `asOf` minus whole days. */
export function daysBefore(asOf: Date, days: number): Date {
  return new Date(asOf.getTime() - days * 86_400_000);
}
