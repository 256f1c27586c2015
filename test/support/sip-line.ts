// A SIP line against sipp for tests: loopback only, the RFC's retransmission timer (T1 = 500 ms: on a loaded
// machine sipp may answer later than a shorter T1, and an INVITE retransmitted after sipp's 200 aborts its
// scenario; tests of time-outs pass their own), a tone or given audio for every playback.
import { after } from 'node:test';
import { silentLogger } from '../../src/lib/logger.js';
import { MediaClock } from '../../src/telephony/rtp/media-clock.js';
import { RtpPortPool } from '../../src/telephony/rtp/port-pool.js';
import { parseSipLineConfig } from '../../src/telephony/sip/sip-config.js';
import { SipLine, type SipEnvironment } from '../../src/telephony/sip/sip-line.js';
import type { HearingFactory } from '../../src/telephony/sip/sip-call-context.js';
import { SIPP_HOST } from './sipp.js';

/** 1 kHz tone, 8 kHz samples, `ms` long: what the robot "says" when no TTS is wired. */
export function tone(ms: number): Int16Array {
  const n = (ms / 1000) * 8000;
  return Int16Array.from({ length: n }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
  );
}

let portBase = 30_000 + Math.floor(Math.random() * 200) * 100;

export function sipTestEnv(overrides: Partial<SipEnvironment> = {}): SipEnvironment {
  const base = portBase;
  portBase += 100;
  return {
    ports: new RtpPortPool(base, base + 99, '127.0.0.1'),
    mediaClock: new MediaClock(),
    audio: () => Promise.resolve(tone(200)),
    bindAddress: '127.0.0.1',
    log: silentLogger,
    t1Ms: 500,
    ...overrides,
  };
}

export function sipTestLine(
  sippPort: number,
  config: Record<string, unknown> = {},
  env: SipEnvironment = sipTestEnv(),
  limits: { capacity?: number; cps?: number; hearing?: HearingFactory } = {},
): SipLine {
  const line = new SipLine({
    id: 'sip-test',
    config: parseSipLineConfig({ host: SIPP_HOST, port: sippPort, options_interval_s: 0, ...config }),
    capacity: limits.capacity ?? 10,
    cps: limits.cps,
    env,
    ...(limits.hearing && { hearing: limits.hearing }),
  });
  after(() => line.close());
  return line;
}
