// A factory of the composition root (app/build.ts) for the dialer role: the dial-time services, the lines
// (simulator or SIP) and the pacing loop. It only builds; the root seeds tenants' sandbox lines through
// `lines`, and starts and stops the dialer.
import { OpenAiReplyClassifier } from '../clients/reply-model/openai-reply-classifier.js';
import type { DbHandle } from '../db/database.js';
import { Dialer, type DialerOptions } from '../dialer/dialer.js';
import type { LineFactory } from '../dialer/line-pool.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Timers } from '../lib/virtual-clock.js';
import { courseScript, scriptColumns } from '../robot/index.js';
import type { CallingHoursService } from '../services/calling-hours/calling-hours.service.js';
import { ClaimService } from '../services/dial/claim.service.js';
import { DemoSeedService } from '../services/dial/demo-seed.service.js';
import { DialPlanService } from '../services/dial/dial-plan.service.js';
import { DialerLiveService } from '../services/dial/dialer-live.service.js';
import { HangupService } from '../services/dial/hangup.service.js';
import { LineService } from '../services/dial/line.service.js';
import { RecoveryService } from '../services/dial/recovery.service.js';
import type { TaskLifecycleService } from '../services/task/task-lifecycle.service.js';
import { SimulatorLine } from '../telephony/simulator/simulator-line.js';
import { parseSimulatorLineConfig } from '../telephony/simulator/simulator-config.js';
import { CALL_RESULTS } from '../telephony/call-result.js';

import type { Config } from '../config/config.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { CallEnd } from '../telephony/call-channel.js';
import type { SipEnvironment } from '../telephony/sip/sip-line.js';
import { parseSipLineConfig } from '../telephony/sip/sip-config.js';
import { sipEnvironment, sipLine } from './sip-wiring.js';
import { lineHearing } from './speech-wiring.js';
import { AsrProviderSettings } from '../services/asr-provider.service.js';
import type { LineInfo } from '../services/dial/dial-types.js';
import type { HearingFactory } from '../telephony/sip/sip-call-context.js';

/** The hearing of a SIP line's calls (its recogniser), built per line. */
type HearingFor = (info: LineInfo) => HearingFactory;

export interface DialerWiringDeps {
  readonly db: DbHandle;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: Logger;
  readonly callingHours: CallingHoursService;
  /** The one writer of task states: the dialer pauses and finishes tasks through it. */
  readonly taskLifecycle: TaskLifecycleService;
  readonly options?: DialerOptions;
  readonly config: Config;
  readonly secrets: SecretBox;
}

export interface DialerParts {
  readonly dialer: Dialer;
  readonly lines: LineService;
  readonly live: DialerLiveService;
  readonly demo: DemoSeedService;
}

/** Builds lines from their rows: a row's capacity, CPS and caller override the same fields of its config. */
export function lineFactory(
  timers: Timers,
  sip: () => { env: SipEnvironment; secrets: SecretBox; hearing?: HearingFor } = () => {
    throw new Error('SIP lines are not configured in this process');
  },
): LineFactory {
  return (info) => {
    switch (info.kind) {
      case 'simulator':
        return new SimulatorLine({
          id: info.id,
          timers,
          config: {
            ...info.config,
            capacity: info.capacity,
            cps: info.cps,
            ...(info.caller && { caller: info.caller }),
          },
        });
      case 'sip': {
        const { env, secrets, hearing } = sip();
        return sipLine(env, secrets, info, info.teamId ? hearing?.(info) : undefined);
      }
    }
  };
}

export function wireDialer(deps: DialerWiringDeps): DialerParts {
  const { db, clock, timers, log } = deps;
  const live = new DialerLiveService();
  const hangups = new HangupService(db);
  let env: SipEnvironment | undefined; // built on the first SIP line: binds nothing before
  const recognisers = new AsrProviderSettings(db, deps.secrets);
  const sip = () => ({
    env: (env ??= sipEnvironment(deps.config, log)),
    secrets: deps.secrets,
    hearing: (info: LineInfo) => lineHearing(recognisers, info, log.child({ role: 'speech' })),
  });
  const factory = lineFactory(timers, sip);
  const lines = new LineService(
    db,
    clock,
    { simulator: parseSimulatorLineConfig, sip: parseSipLineConfig },
    deps.secrets,
    (row, phone) => dialTest(factory, row, phone),
  );
  const model = deps.config.replyModel;
  const replyClassifier = model
    ? new OpenAiReplyClassifier({
        baseUrl: model.url,
        model: model.model,
        ...(model.apiKey ? { apiKey: model.apiKey } : {}),
        timeoutMs: model.timeoutMs,
        onFailure: (reason) => log.debug({ reason }, 'reply classifier gave no choice'),
      })
    : undefined;
  const dialer = new Dialer(
    {
      plans: new DialPlanService(db, deps.callingHours),
      claims: new ClaimService(db),
      hangups,
      recovery: new RecoveryService(db, hangups),
      tasks: deps.taskLifecycle,
      live,
      lines: factory,
      timers,
      log: log.child({ role: 'dialer' }),
      recordingsDir: deps.config.recordingsDir,
      ...(replyClassifier ? { replyClassifier } : {}),
    },
    { maxTalkMs: deps.config.maxTalkMs, ...deps.options },
  );
  const demo = new DemoSeedService(db, clock, {
    name: courseScript.name,
    caption: courseScript.caption,
    entryFlow: courseScript.flows[0]?.id ?? 'main',
    columns: scriptColumns(courseScript),
    definition: courseScript,
  });
  return { dialer, lines, live, demo };
}

/** 拨打测试: a fresh instance of the line places one call; answered calls hear one sentence, then hang up. */
async function dialTest(
  factory: LineFactory,
  row: { id: string; kind: 'simulator' | 'sip'; caller: string; config: Record<string, unknown> },
  phone: string,
): Promise<Record<string, unknown>> {
  const line = factory({
    id: `${row.id}-test`,
    teamId: '',
    name: 'test',
    kind: row.kind,
    caller: row.caller,
    capacity: 1,
    cps: undefined,
    config: row.config,
    up: true,
    statusReason: '',
    version: 'test',
  });
  try {
    const call = line.originate({ callee: phone, timeoutMs: 45_000 });
    call.on('answered', () => {
      void call.say('这是一通线路测试电话,听到请挂机。').then(() => call.hangup());
    });
    const end: CallEnd = await call.ended;
    const sip = (call as { outcome?: { status: number; reason: string } }).outcome;
    return {
      result: end.result,
      result_name: CALL_RESULTS[end.result].name,
      talk_ms: end.talkMs,
      ...(sip && { sip_status: sip.status, sip_reason: sip.reason }),
    };
  } finally {
    await line.close();
  }
}
