// A factory of the composition root (app/build.ts) for the push area: one callback sender shared by deliveries and
// push tests, the signing secrets, the per-team config cache, the delivery worker and the three services the HTTP
// layer calls. It only builds; the root starts the worker and stops it, then closes the sender.
import { CallbackSender } from '../clients/callback/callback-sender.js';
import type { Clock } from '../lib/clock.js';
import type { AllowList } from '../lib/ip-range.js';
import type { Logger } from '../lib/logger.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { Store } from '../repositories/store.js';
import { PushDeliveryWorker, type DeliveryWorkerOptions } from '../services/push/delivery/delivery-worker.js';
import { TeamPushConfigCache, teamPushConfigLoader } from '../services/push/delivery/team-push-config.js';
import { PushLogService } from '../services/push/push-log.service.js';
import { PushSettingsService } from '../services/push/push-settings.service.js';
import { PushTestService } from '../services/push/push-test.service.js';
import { PushSigningSecrets } from '../services/push/signing-secrets.js';

export interface PushModuleDeps {
  store: Store;
  /**
   * The delivery worker's own connections (default: `store`). Its writes — leases and attempt results — may
   * commit asynchronously: a write lost in a database crash only means a redelivery, never a lost event.
   */
  workerStore?: Store;
  secretBox: SecretBox;
  allowList: AllowList;
  log: Logger;
  clock: Clock;
  perHostConcurrency: number;
  timeoutMs: number;
  worker?: Partial<DeliveryWorkerOptions>;
}

export interface PushModule {
  readonly worker: PushDeliveryWorker;
  /** The outbound connections of deliveries and push tests; closed after the worker has stopped. */
  readonly sender: CallbackSender;
  readonly log: PushLogService;
  readonly settings: PushSettingsService;
  readonly test: PushTestService;
}

/** @example const push = createPushModule({ store, secretBox, allowList, log, clock, perHostConcurrency: 16, timeoutMs: 10_000 }); */
export function createPushModule(d: PushModuleDeps): PushModule {
  const sender = new CallbackSender({
    allowList: d.allowList,
    perHostConcurrency: d.perHostConcurrency,
    timeoutMs: d.timeoutMs,
  });
  const signing = new PushSigningSecrets(d.store, d.secretBox);
  const teams = new TeamPushConfigCache(teamPushConfigLoader(d.store, signing));
  const worker = new PushDeliveryWorker(
    { store: d.workerStore ?? d.store, sender, teams, log: d.log },
    d.worker,
  );
  return {
    worker,
    sender,
    log: new PushLogService(d.store),
    settings: new PushSettingsService(d.store, signing, teams),
    test: new PushTestService(d.store, sender, signing, d.allowList, d.clock),
  };
}
