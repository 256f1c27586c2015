/**
 * SIP media benchmark on loopback: N concurrent answered calls from one SIP line to sipp (UAS, echoing RTP),
 * ramped at the line's CPS, the robot speaking for the whole hold. Prints calls held, setup rate and latency
 * (INVITE → 200) p50/p99, frames sent, the share of 20 ms ticks more than 5 ms late and p99 tick lateness,
 * CPU of this process (cores) and its RSS — and the same timing/CPU figures for a baseline measured in the
 * same run: bare UDP sends of the same packet rate (one socket per call, 172-byte packets on the same clock).
 *
 * Run: npm run bench:sip                         (100 calls, 50 CPS, 10 s held)
 *      SIP_BENCH_CALLS=500 SIP_BENCH_CPS=100 SIP_BENCH_HOLD_S=15 npm run bench:sip
 */
import dgram from 'node:dgram';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/lib/logger.js';
import type { CallChannel } from '../src/telephony/call-channel.js';
import { MediaClock } from '../src/telephony/rtp/media-clock.js';
import { RtpPortPool } from '../src/telephony/rtp/port-pool.js';
import { parseSipLineConfig } from '../src/telephony/sip/sip-config.js';
import { SipLine } from '../src/telephony/sip/sip-line.js';
import { SIPP_HOST, startSipp } from '../test/support/sipp.js';

const CALLS = Math.max(1, Number(process.env.SIP_BENCH_CALLS ?? 100));
const CPS = Math.max(1, Number(process.env.SIP_BENCH_CPS ?? 50));
const HOLD_S = Math.max(2, Number(process.env.SIP_BENCH_HOLD_S ?? 10));

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Tick lateness and this process's CPU while `clock` runs for `seconds`. */
async function measure(clock: MediaClock, seconds: number, perTick: () => number) {
  const late: number[] = [];
  let frames = 0;
  const stop = clock.add((tick) => {
    late.push(tick.lateMs);
    frames += perTick();
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  stop();
  return {
    frames,
    lateShare: late.filter((l) => l > 5).length / Math.max(1, late.length),
    p99: pct(late, 99),
    cores: (cpu.user + cpu.system) / 1000 / wall,
    rssMb: process.memoryUsage().rss / 1e6,
  };
}

async function sipRun() {
  const sipp = await startSipp('uas-answer-echo-then-bye.xml', {
    calls: CALLS,
    rtpEcho: true,
    timeoutS: HOLD_S + 120,
  });
  const clock = new MediaClock();
  const speech = Int16Array.from({ length: (HOLD_S + 60) * 8000 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
  );
  const line = new SipLine({
    id: 'bench',
    config: parseSipLineConfig({ host: SIPP_HOST, port: sipp.port, options_interval_s: 0, rtp_timeout_s: 0 }),
    capacity: CALLS,
    cps: CPS,
    env: {
      ports: new RtpPortPool(46_000, 46_000 + CALLS * 2 + 10, '127.0.0.1'),
      mediaClock: clock,
      audio: () => Promise.resolve(speech),
      bindAddress: '127.0.0.1',
      log: silentLogger,
    },
  });
  const setup: number[] = [];
  const calls: CallChannel[] = [];
  const answered: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const at = performance.now();
    const call = line.originate({ callee: `1380000${String(i).padStart(4, '0')}` });
    calls.push(call);
    answered.push(
      new Promise((resolve) => {
        call.on('answered', () => {
          setup.push(performance.now() - at);
          void call.say('bench');
          resolve();
        });
        call.on('failed', () => resolve());
      }),
    );
    await new Promise((r) => setTimeout(r, 1000 / CPS));
  }
  await Promise.all(answered);
  const setupS = (performance.now() - t0) / 1000;
  const held = line.active;
  const m = await measure(clock, HOLD_S, () => line.active);
  await Promise.all(calls.map((c) => c.hangup()));
  await line.close();
  // sipp stays for its retransmission timers after the last BYE: give it a moment, then stop it.
  const exited = await Promise.race([
    sipp.done.then(() => true),
    new Promise((r) => setTimeout(() => r(false), 3000)),
  ]);
  if (!exited) sipp.stop();
  return { held, setup, setupS, m };
}

async function baselineRun() {
  const clock = new MediaClock();
  const sink = dgram.createSocket('udp4');
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
  const port = sink.address().port;
  sink.on('message', () => undefined);
  const sockets = await Promise.all(
    Array.from({ length: CALLS }, async () => {
      const s = dgram.createSocket('udp4');
      await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
      return s;
    }),
  );
  const packet = Buffer.alloc(172, 0xd5);
  const m = await measure(clock, HOLD_S, () => {
    for (const s of sockets) s.send(packet, port, '127.0.0.1');
    return sockets.length;
  });
  sockets.forEach((s) => s.close());
  sink.close();
  return m;
}

const line = (name: string, m: Awaited<ReturnType<typeof measure>>) =>
  `${name.padEnd(10)} frames ${String(m.frames).padStart(8)}  late>5ms ${(m.lateShare * 100).toFixed(2)} %  ` +
  `p99 tick lateness ${m.p99.toFixed(2)} ms  CPU ${m.cores.toFixed(2)} cores  RSS ${m.rssMb.toFixed(0)} MB`;

const load = loadavg()[0]?.toFixed(1);
console.log(
  `bench:sip  ${CALLS} calls at ${CPS} CPS, held ${HOLD_S} s; ${cpus().length} cores, load ${load}`,
);
const sip = await sipRun();
const base = await baselineRun();
console.log(
  `calls held ${sip.held}/${CALLS}; set up ${(sip.setup.length / sip.setupS).toFixed(1)} calls/s; ` +
    `setup latency p50 ${pct(sip.setup, 50).toFixed(1)} ms  p99 ${pct(sip.setup, 99).toFixed(1)} ms`,
);
console.log(line('aicall', sip.m));
console.log(line('baseline', base));
console.log(
  `ratio aicall/baseline: CPU ${(sip.m.cores / Math.max(0.001, base.cores)).toFixed(2)}x, ` +
    `late share ${base.lateShare > 0 ? `${(sip.m.lateShare / base.lateShare).toFixed(2)}x` : 'n/a'} (baseline late ${(base.lateShare * 100).toFixed(2)} %)`,
);
process.exit(0);
