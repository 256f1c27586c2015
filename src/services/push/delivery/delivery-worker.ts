// The push delivery worker (the `push` role). One claim loop leases due outbox events in batches
// (FOR UPDATE SKIP LOCKED, so several workers share the queue) and starts each delivery at once without waiting
// for the batch: every event is sent, judged and recorded on its own, so one slow receiver never holds up the
// others. Outcomes are written in batches (result-writer.ts). A heartbeat keeps this run's leases alive; when
// the process dies the heartbeat stops, the leases run out, and another run delivers those events again.
import { randomUUID } from 'node:crypto';
import type { CallbackSender, SendResult } from '../../../clients/callback/callback-sender.js';
import { SendErrorKind } from '../../../clients/callback/send-failure.js';
import type { Logger } from '../../../lib/logger.js';
import { buildWebhookHeaders } from '../../../lib/webhook-signature.js';
import { pushEventRepository, type ClaimedPushEvent } from '../../../repositories/push-event.repository.js';
import type { Store } from '../../../repositories/store.js';
import { planAfterSend } from '../policy/next-step.js';
import { ORDERED_KINDS, isPushKind } from '../policy/push-kind.js';
import type { FinishedAttempt } from './attempt-outcome.js';
import { ResultWriter } from './result-writer.js';
import type { TeamPushConfigCache } from './team-push-config.js';
import { Wakeup } from '../../../lib/wakeup.js';

export interface DeliveryWorkerOptions {
  /** Events held in memory at once (being sent, or queued behind their host's concurrency limit). */
  maxInFlight: number;
  /** Events claimed per query. */
  batchSize: number;
  /** Events held per destination URL; beyond it the URL is left out of claims until some finish. */
  perUrlLimit: number;
  /** Lease length; renewed every third of it while held. */
  leaseMs: number;
  /** Pause after a claim that found events but not a full batch: new events are arriving now. */
  minPollMs: number;
  /** Pause after claims that found nothing; each empty claim doubles the pause from minPollMs up to this. */
  pollMs: number;
  flushMs: number;
  flushSize: number;
  /**
   * How long stop() waits for deliveries in flight. Events still unfinished then (typically queued behind a
   * slow receiver) are handed back at once — lease released — and their late outcomes are ignored.
   */
  stopGraceMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryWorkerOptions = Object.freeze({
  maxInFlight: 2000,
  batchSize: 500,
  perUrlLimit: 1000,
  leaseMs: 30_000,
  minPollMs: 10,
  pollMs: 50,
  flushMs: 20,
  flushSize: 1000,
  stopGraceMs: 5000,
});

export interface DeliveryWorkerDeps {
  store: Store;
  sender: CallbackSender;
  teams: TeamPushConfigCache;
  log: Logger;
  /** Called for each written outcome batch (metrics, tests). */
  onWritten?: (batch: readonly FinishedAttempt[]) => void;
}

/** Delivers the push outbox. `start()`/`stop()` are idempotent; `drain()` delivers what is due now (tests, CLI). */
export class PushDeliveryWorker {
  readonly #opts: DeliveryWorkerOptions;
  readonly #token = randomUUID();
  readonly #writer: ResultWriter;
  readonly #perUrl = new Map<string, number>();
  /** Ids leased by this run and not yet written back (the heartbeat renews exactly these). */
  readonly #held = new Set<string>();
  /** Room to claim again: in-flight count or a saturated destination dropped to its threshold. */
  readonly #capacity = new Wakeup();
  /** Poll and backoff pauses (woken by stop only). */
  readonly #idle = new Wakeup();

  /** Nothing left in flight. */
  readonly #drained = new Wakeup();
  #inFlight = 0;
  /** Bumped by stop(): outcomes of deliveries started in an earlier run are no longer written. */
  #run = 0;
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: DeliveryWorkerDeps,
    opts: Partial<DeliveryWorkerOptions> = {},
  ) {
    this.#opts = { ...DEFAULT_DELIVERY_OPTIONS, ...opts };
    this.#writer = new ResultWriter(
      deps.store,
      this.#token,
      deps.log,
      { flushMs: this.#opts.flushMs, flushSize: this.#opts.flushSize },
      (batch) => {
        for (const a of batch) this.#held.delete(a.event.id);
        deps.onWritten?.(batch);
      },
    );
  }

  /** Events currently held by this worker. */
  get inFlight(): number {
    return this.#inFlight;
  }

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#heartbeat = setInterval(() => void this.#renewLeases(), Math.max(50, this.#opts.leaseMs / 3));
    this.#loop = this.#claimLoop(abort.signal);
  }

  /**
   * Stops claiming, lets deliveries in flight finish for up to stopGraceMs and writes their outcomes; hands
   * back the events still unfinished (released leases: any worker may take them at once).
   */
  async stop(): Promise<void> {
    const abort = this.#abort;
    if (!abort) return;
    abort.abort();
    await this.#loop;
    const deadline = Date.now() + this.#opts.stopGraceMs;
    while (this.#inFlight > 0 && Date.now() < deadline) {
      await this.#drained.wait(Math.min(250, Math.max(1, deadline - Date.now())));
    }
    await this.#writer.finish();
    this.#run += 1; // late outcomes of this run are dropped from here on
    clearInterval(this.#heartbeat);
    const unfinished = [...this.#held];
    this.#held.clear();
    if (unfinished.length > 0) {
      this.deps.log.warn({ events: unfinished.length }, 'push stop: handing back unfinished deliveries');
      await pushEventRepository
        .releaseLeases(this.deps.store.system, this.#token, unfinished)
        .catch((err: unknown) =>
          this.deps.log.warn({ err }, 'push lease release failed; leases will expire'),
        );
    }
    this.#abort = undefined;
    this.#loop = undefined;
  }

  /** Delivers every event due now, one batch at a time, and writes the outcomes; returns the attempts made. */
  async drain(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const rows = await this.#claim(this.#opts.batchSize);
      if (rows.length === 0) break;
      for (const row of rows) this.#held.add(row.id);
      await Promise.all(rows.map((row) => this.#deliver(row)));
      await this.#writer.flush();
      attempts += rows.length;
    }
    return attempts;
  }

  async #claimLoop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let idlePoll = this.#opts.minPollMs;
    while (!signal.aborted) {
      try {
        const room = this.#opts.maxInFlight - this.#inFlight;
        // Claim in worthwhile batches: with little room, wait for deliveries to finish first.
        if (room < this.#minClaim()) {
          await this.#capacity.wait(this.#opts.pollMs, signal);
          continue;
        }
        const limit = Math.min(room, this.#opts.batchSize);
        const excluded = this.#saturatedUrls();
        const rows = await this.#claim(limit, excluded);
        failures = 0;
        for (const row of rows) this.#dispatch(row);
        if (rows.length === limit) continue;
        // Nothing more is due, or only events for destinations already held in full: poll again later (or as
        // soon as one of those destinations has worked off half of what this worker holds for it). Poll fast
        // while events keep arriving, slower while the outbox is idle (an empty claim is cheap, not free);
        // there is no NOTIFY (see pushEventRepository.enqueue), so this bounds the pickup delay.
        idlePoll = rows.length > 0 ? this.#opts.minPollMs : Math.min(this.#opts.pollMs, idlePoll * 2);
        if (excluded.length > 0) await this.#capacity.wait(idlePoll, signal);
        else await this.#idle.wait(idlePoll, signal);
      } catch (err) {
        failures += 1;
        this.deps.log.error({ err, failures }, 'push claim failed; backing off');
        await this.#idle.wait(Math.min(5000, this.#opts.pollMs * 2 ** Math.min(failures, 8)), signal);
      }
    }
  }

  #minClaim(): number {
    return Math.min(this.#opts.batchSize, this.#opts.maxInFlight) / 4;
  }

  #saturatedUrls(): string[] {
    const out: string[] = [];
    for (const [url, n] of this.#perUrl) if (n >= this.#opts.perUrlLimit) out.push(url);
    return out;
  }

  #claim(limit: number, excludeUrls: readonly string[] = []): Promise<ClaimedPushEvent[]> {
    return pushEventRepository.claimDue(this.deps.store.system, {
      limit,
      leaseMs: this.#opts.leaseMs,
      token: this.#token,
      orderedKinds: ORDERED_KINDS,
      excludeUrls,
    });
  }

  #dispatch(row: ClaimedPushEvent): void {
    const url = row.target_url;
    this.#held.add(row.id);
    this.#inFlight += 1;
    this.#perUrl.set(url, (this.#perUrl.get(url) ?? 0) + 1);
    void this.#deliver(row).finally(() => {
      this.#inFlight -= 1;
      const n = (this.#perUrl.get(url) ?? 1) - 1;
      if (n === 0) this.#perUrl.delete(url);
      else this.#perUrl.set(url, n);
      // Wake the claim loop only at thresholds, not on every delivery: an empty claim costs a query.
      const room = this.#opts.maxInFlight - this.#inFlight;
      if (room === Math.ceil(this.#minClaim()) || n === Math.floor(this.#opts.perUrlLimit / 2)) {
        this.#capacity.notify();
      }
      if (this.#inFlight === 0) this.#drained.notify();
    });
  }

  /** Sends one event once and hands the outcome to the writer. Never rejects. */
  async #deliver(event: ClaimedPushEvent): Promise<void> {
    const run = this.#run;
    const record = (a: FinishedAttempt) => {
      if (run === this.#run) this.#writer.add(a);
    };
    const attempt = event.attempts + 1;
    const attemptedAt = new Date();
    let result: SendResult;
    let finishedAt: Date;
    let kind: string = event.kind;
    try {
      if (!isPushKind(event.kind)) throw new Error(`unknown push kind ${event.kind}`);
      kind = event.kind;
      const team = await this.deps.teams.get(event.team_id);
      const headers = buildWebhookHeaders({
        eventId: event.event_id,
        eventType: event.kind,
        attempt,
        body: event.body,
        secrets: team.secrets,
        now: attemptedAt,
      });
      result = await this.deps.sender.send({ url: event.target_url, body: event.body, headers });
      finishedAt = new Date();
      const { verdict, step } = planAfterSend(event.kind, result, team.schedule, {
        attempt: attempt - event.cycle_base_attempts,
        firstAttemptAt: event.cycle_started_at,
        now: finishedAt,
      });
      record({ event, attempt, attemptedAt, finishedAt, result, verdict, step });
    } catch (err) {
      // Nothing was sent (bad kind, secrets unreadable, store down): log it as a failed attempt and retry later,
      // so the event leaves this worker's lease instead of being renewed forever.
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error({ err, event: event.event_id, kind }, 'push delivery could not be attempted');
      result = { status: 0, bodySnippet: '', bodyBytes: 0, latencyMs: 0, queuedMs: 0 };
      result.error = { kind: SendErrorKind.Other, message };
      finishedAt = new Date();
      const reason = `internal: ${message}`;
      const step = isPushKind(kind)
        ? ({
            action: 'retry',
            at: new Date(finishedAt.getTime() + 60_000),
            failureClass: 'retry',
            reason,
          } as const)
        : ({ action: 'dead', failureClass: 'permanent', reason } as const);
      record({
        event,
        attempt,
        attemptedAt,
        finishedAt,
        result,
        verdict: { outcome: 'failed', failureClass: step.failureClass, reason },
        step,
      });
    }
  }

  async #renewLeases(): Promise<void> {
    if (this.#held.size === 0) return;
    try {
      const ids = [...this.#held];
      await pushEventRepository.extendLeases(this.deps.store.system, this.#token, ids, this.#opts.leaseMs);
    } catch (err) {
      this.deps.log.warn({ err }, 'push lease renewal failed');
    }
  }
}
