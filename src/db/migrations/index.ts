// The ordered list of schema migrations. Append only: a released migration is never edited.
import * as m000 from './000-tenancy-helpers.js';
import * as m001 from './001-foundation.js';
import * as m002 from './002-permission-catalogue.js';
import * as m003 from './003-shared-domain.js';
import * as m030 from './030-script-versions.js';
import * as m045 from './045-call-records.js';
import * as m020 from './020-push-delivery.js';
import * as m040 from './040-dialer.js';
import * as m010 from './010-imports.js';
import * as m050 from './050-auth-failures.js';
import * as m060 from './060-call-signalling.js';
import * as m100 from './100-learned-replies.js';
import * as m110 from './110-auth-change-notices.js';
import * as m111 from './111-task-numbers-due-partial.js';
import * as m090 from './090-customer-pools.js';
import * as m070 from './070-speech-recognisers.js';
import * as m080 from './080-console-sessions.js';
import * as m055 from './055-push-lease-epoch.js';
import * as m112 from './112-task-numbers-one-key.js';
import * as m061 from './061-recording-retention.js';
import * as m113 from './113-task-paused-for-line.js';
import * as m114 from './114-task-numbers-one-phone-index.js';
import * as m115 from './115-job-notices.js';
import * as m116 from './116-task-numbers-columns-json.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

export const migrations: readonly Migration[] = [
  { version: 0, ...m000 },
  { version: 1, ...m001 },
  { version: 2, ...m002 },
  { version: 3, ...m003 },
  { version: 10, ...m010 },
  { version: 20, ...m020 },
  { version: 30, ...m030 },
  { version: 40, ...m040 },
  { version: 45, ...m045 },
  { version: 50, ...m050 },
  { version: 60, ...m060 },
  { version: 100, ...m100 },
  { version: 110, ...m110 },
  { version: 111, ...m111 },
  { version: 90, ...m090 },
  { version: 70, ...m070 },
  { version: 80, ...m080 },
  { version: 55, ...m055 },
  { version: 112, ...m112 },
  { version: 61, ...m061 },
  { version: 113, ...m113 },
  { version: 114, ...m114 },
  { version: 115, ...m115 },
  { version: 116, ...m116 },
];
