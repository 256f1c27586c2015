// The background-job contract: kinds, and what a handler receives. The PostgreSQL implementation lives in
// repositories/job.repository.ts and services/job-runner.ts; handlers are wired in app/.

/** Every job kind, with the payload it carries. */
export interface JobPayloads {
  /** Run (or resume) the import of one batch of rows into a task. */
  'task.import': { importId: string };
  /** A task's timed event: its scheduled start (timed_started_at) or the end of a batch's term (5.8.1). */
  'task.schedule': { taskId: string; action: 'start' | 'expire' };
}
export type JobKind = keyof JobPayloads;

export interface JobContext<K extends JobKind = JobKind> {
  readonly id: string;
  readonly teamId: string | null;
  readonly kind: K;
  readonly payload: JobPayloads[K];
  /** 1 on the first run; higher when resuming after a crash or a retry. */
  readonly attempt: number;
  /** Aborted when the runner stops: finish the current step, checkpoint, return. */
  readonly signal: AbortSignal;
}

/** A handler resolves when the job is done; throwing schedules a retry (then 'failed' after the last). */
export type JobHandler<K extends JobKind = JobKind> = (job: JobContext<K>) => Promise<void>;
