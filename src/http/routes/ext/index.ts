// Our own endpoints (not in the reference), all under /ext, all in this folder. Adding one = one file + one
// line here. Plain Fastify plugins (health, metrics, the 7.4 websocket, PUT aliases) are in `extPlugins`.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../../lib/metrics.js';
import type { AnyRoute } from '../../pipeline/define-route.js';
import type { Services } from '../../services.js';
import { healthRoutes } from './health.js';
import { importSettingsPut } from './import-settings-put.js';
import { scriptTestWsRoutes } from './script-test-ws.js';
import analyticsPushGet from './analytics-push-get.js';
import analyticsPushSet from './analytics-push-set.js';
import callResults from './call-results.js';
import customerDetail from './customer-detail.js';
import customerNote from './customer-note.js';
import customerSettings from './customer-settings.js';
import customerSettingsSet from './customer-settings-set.js';
import customerTake from './customer-take.js';
import dialerLive from './dialer-live.js';
import dialerSnapshot from './dialer-snapshot.js';
import extScriptCreate from './scripts-create.js';
import extScriptDelete from './scripts-delete.js';
import extScriptExport from './scripts-export.js';
import extScriptGet from './scripts-get.js';
import extScriptImport from './scripts-import.js';
import extScriptList from './scripts-list.js';
import extScriptPublish from './scripts-publish.js';
import extScriptUpdate from './scripts-update.js';
import extScriptValidate from './scripts-validate.js';
import extScriptVersions from './scripts-versions.js';
import scriptToLearnLabel from './script-to-learn-label.js';
import importSettings from './import-settings.js';
import recordingSettings from './recording-settings.js';
import linesCreate from './lines-create.js';
import linesList from './lines-list.js';
import linesSetStatus from './lines-set-status.js';
import linesTestCall from './lines-test-call.js';
import linesUpdate from './lines-update.js';
import pushDead from './push-dead.js';
import pushEvents from './push-events.js';
import pushLog from './push-log.js';
import pushResend from './push-resend.js';
import pushRetry from './push-retry.js';
import pushSecretRotate from './push-secret-rotate.js';
import pushCallback from './push-callback.js';
import pushSettings from './push-settings.js';
import setStatusManual from './set-status-manual.js';
import taskPrescreen from './task-prescreen.js';

export const extRoutes: readonly AnyRoute[] = [
  callResults,
  setStatusManual,
  analyticsPushSet,
  analyticsPushGet,
  extScriptList,
  extScriptCreate,
  extScriptUpdate,
  extScriptPublish,
  extScriptVersions,
  extScriptValidate,
  extScriptGet,
  extScriptExport,
  extScriptImport,
  extScriptDelete,
  scriptToLearnLabel,
  pushLog,
  pushResend,
  pushDead,
  pushEvents,
  pushCallback,
  pushSettings,
  pushSecretRotate,
  pushRetry,
  dialerSnapshot,
  dialerLive,
  linesList,
  linesCreate,
  linesUpdate,
  linesSetStatus,
  linesTestCall,
  importSettings,
  recordingSettings,
  customerTake,
  customerNote,
  customerDetail,
  customerSettings,
  customerSettingsSet,
  taskPrescreen,
];

/** What the plain-Fastify endpoints need from the composition root. */
export interface ExtPluginDeps {
  readonly services: Services;
  /** Answers when the database is reachable (`/healthz`). */
  readonly ping: () => Promise<void>;
  readonly metrics: Metrics;
  /** Paths of the 7.4 script-test websocket on the API port. */
  readonly scriptTestWsPaths: readonly string[];
}

/** `/healthz`, `/metrics`, the 7.4 websocket and `PUT /ext/importSettings`, registered beside the routes. */
export function extPlugins(d: ExtPluginDeps): ((app: FastifyInstance) => Promise<void> | void)[] {
  return [
    healthRoutes(d.ping, d.metrics),
    scriptTestWsRoutes(d.services, d.scriptTestWsPaths),
    importSettingsPut,
  ];
}
