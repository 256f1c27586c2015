// The robot on a real SIP call for tests: the dialer's call runner (session + RobotDriver) places one call on
// a SIP line to sipp; the line hears with the real Silero VAD (the VAD pool's worker threads) and the FunASR
// adapter pointed at a stand-in.
import { sharedVadPool } from '../../src/app/speech-wiring.js';
import { runCall } from '../../src/dialer/call-runner.js';
import { RateWindow } from '../../src/dialer/rate-window.js';
import { silentLogger } from '../../src/lib/logger.js';
import { systemTimers } from '../../src/lib/virtual-clock.js';
import { compileScript, type ScriptInput } from '../../src/robot/index.js';
import { FunAsrProvider } from '../../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS, type AsrTimeouts } from '../../src/speech/asr/resilient-stream.js';
import { CalleeListener } from '../../src/speech/callee-listener.js';
import type { Playback } from '../../src/telephony/base-channel.js';
import type { HearingFactory } from '../../src/telephony/sip/sip-call-context.js';
import type { SipChannel } from '../../src/telephony/sip/sip-channel.js';
import type { SipEnvironment } from '../../src/telephony/sip/sip-line.js';
import { sipTestEnv, sipTestLine } from './sip-line.js';

/** Hearing as production builds it per call (speech-wiring.ts), with the FunASR adapter at `url`. */
export function funAsrHearing(url: string, timeouts: Partial<AsrTimeouts> = {}): HearingFactory {
  return (call, sink) =>
    Promise.resolve(
      new CalleeListener({
        vad: sharedVadPool(silentLogger).open(),
        asr: new FunAsrProvider({
          url,
          mode: '2pass',
          hotwordWeight: 20,
          itn: true,
          timeouts: { ...DEFAULT_ASR_TIMEOUTS, connectTimeoutMs: 500, readTimeoutMs: 800, ...timeouts },
        }),
        sink,
        callId: call.callId,
      }),
    );
}

/**
 * Places one call from the robot running `script` to sipp on `sippPort`; `audio` is what each line sounds like
 * (default: a 300 ms tone). Returns the channel (to watch its events) and the attempt's outcome.
 */
export function robotSipCall(opts: {
  sippPort: number;
  script: ScriptInput;
  hearing: HearingFactory;
  audio?: (playback: Playback) => Int16Array;
  /** Parts of the line's environment to replace (e.g. speech from a real TTS cache). */
  env?: Partial<SipEnvironment>;
}) {
  const env = sipTestEnv({
    ...(opts.audio && { audio: (p: Playback) => Promise.resolve(opts.audio!(p)) }),
    ...opts.env,
  });
  const line = sipTestLine(opts.sippPort, {}, env, { hearing: opts.hearing });
  const info = {
    id: 'sip-test',
    teamId: 'team',
    name: 'sip',
    kind: 'sip' as const,
    caller: '4001',
    capacity: 10,
    cps: undefined,
    config: {},
    up: true,
    statusReason: '',
    version: '1',
  };
  const running = runCall({
    number: {
      id: 'n1',
      taskId: 't1',
      teamId: 'team',
      lineId: 'sip-test',
      phone: '13800138000',
      columns: {},
      dialSeq: 1,
      attemptsBefore: 0,
      claimedAt: new Date(),
    },
    taskSn: 'task',
    entry: { info, line, rate: new RateWindow(undefined), active: 0, faults: 0, lastFault: undefined },
    script: compileScript(opts.script),
    timers: systemTimers,
    ringTimeoutMs: 10_000,
    maxTalkMs: 40_000,
    log: silentLogger,
  });
  const channel = running.channel as SipChannel;
  const events: string[] = [];
  channel.on('voice', (e) => events.push(`voice:${e.phase}`));
  channel.on('speech', (e) => events.push(`${e.isFinal ? 'final' : 'partial'}:${e.text}`));
  channel.on('notRecognised', (e) => events.push(`notRecognised:${e.reason}`));
  channel.on('playbackDone', (e) => events.push(`${e.end}:${e.content}`));
  return { channel, events, outcome: running.outcome };
}
