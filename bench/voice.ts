/**
 * Voice-turn benchmark on PCM (the SIP media path is not in this build yet): N concurrent callees, each
 * speaking espeak-synthesised Mandarin in real time (20 ms frames paced by the clock), through the echo gate,
 * the real Silero VAD and the FunASR WebSocket adapter to a loopback stand-in that answers at once.
 * Prints p50/p95/p99 of end of turn → final text (the platform's latency beyond the end-of-turn silence),
 * end of speech → final text, VAD+pipeline CPU per call, RSS, and a baseline measured in the same run: the
 * same paced calls with the text handed over at the end of turn directly (no audio), whose latency is the
 * event loop's own delay under the same load.
 *
 * Run: npm run bench:voice              (100 calls, 2 turns each)
 *      VOICE_BENCH_CALLS=20 npm run bench:voice
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { FunAsrProvider } from '../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../src/speech/asr/resilient-stream.js';
import { CalleeListener } from '../src/speech/callee-listener.js';
import { SileroVad } from '../src/speech/vad/silero-vad.js';
import { FunAsrStandin } from '../test/support/asr-standins/funasr-standin.js';
import { frames, speak, timeline } from '../test/support/speech-audio.js';

const CALLS = Math.max(1, Number(process.env.VOICE_BENCH_CALLS ?? 100));
const END_OF_TURN_MS = 600;

const { pcm, spans } = timeline([
  400,
  { label: 'a', pcm: speak('喂，你好，请问有什么事') },
  1500,
  { label: 'b', pcm: speak('不需要，谢谢，我现在很忙') },
  1500,
]);
const callFrames = [...frames(pcm)];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (xs: number[]): string =>
  `p50 ${pct(xs, 50).toFixed(1)}  p95 ${pct(xs, 95).toFixed(1)}  p99 ${pct(xs, 99).toFixed(1)} ms`;

/**
 * Paces `ticks` 20 ms steps for every call on one timer, as an RTP clock would; always yields to I/O between
 * ticks. Returns how far behind real time the last tick ran (0 when the pipeline keeps up).
 */
async function paced(ticks: number, step: (tick: number) => void): Promise<number> {
  const start = performance.now();
  let lag = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const due = start + tick * 20;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else await new Promise((r) => setImmediate(r));
    lag = Math.max(0, performance.now() - due);
    step(tick);
  }
  return lag;
}

async function voiceRun(standin: FunAsrStandin) {
  const afterEndOfTurn: number[] = [];
  const afterSpeechEnd: number[] = [];
  let recognised = 0;
  const listeners = Array.from({ length: CALLS }, (_, i) => {
    /** Per utterance (by its start): when its voice ended and when its turn was decided. */
    const ends = new Map<number, { speechEnd: number; endOfTurn: number }>();
    return new CalleeListener({
      vad: new SileroVad(),
      asr: new FunAsrProvider({
        url: standin.url,
        mode: '2pass',
        hotwordWeight: 20,
        itn: true,
        timeouts: DEFAULT_ASR_TIMEOUTS,
      }),
      callId: `bench-${i}`,
      turn: { endOfTurnMs: END_OF_TURN_MS },
      now: () => performance.now(),
      sink: {
        speechStarted: () => undefined,
        speechEnded: (at, u) =>
          ends.set(u.startMs, { speechEnd: at, endOfTurn: at + (u.decidedMs - u.endMs) }),
        stopSpeaking: () => undefined,
        partial: () => undefined,
        final: (result, at, u) => {
          if (result.status === 'recognised') recognised++;
          const end = ends.get(u.startMs);
          if (!end) return;
          afterEndOfTurn.push(at - end.endOfTurn);
          afterSpeechEnd.push(at - end.speechEnd);
        },
      },
    });
  });
  const cpu0 = process.cpuUsage();
  const lagMs = await paced(callFrames.length, (tick) => {
    for (const l of listeners) l.heard(callFrames[tick]!);
  });
  await new Promise((r) => setTimeout(r, 500));
  const cpu = process.cpuUsage(cpu0);
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  for (const l of listeners) l.close();
  return {
    afterEndOfTurn,
    afterSpeechEnd,
    lagMs,
    recognised,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / CALLS,
    rssMb,
  };
}

async function baselineRun() {
  const latency: number[] = [];
  const endOfTurnTick = spans.map((s) => Math.ceil((s.endMs + END_OF_TURN_MS) / 20));
  await paced(callFrames.length, (tick) => {
    if (!endOfTurnTick.includes(tick)) return;
    const due = performance.now();
    for (let i = 0; i < CALLS; i++) setImmediate(() => latency.push(performance.now() - due));
  });
  return latency;
}

const standin = await FunAsrStandin.start({ answer: () => '不需要', partialEveryBytes: 6400 });
console.log(
  `voice turn, ${CALLS} concurrent calls × ${spans.length} turns, ${(callFrames.length * 20) / 1000} s of audio each; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
);
const base = await baselineRun();
const voice = await voiceRun(standin);
await standin.stop();
console.log(`baseline (text handed over at end of turn): ${fmt(base)}`);
console.log(`voice: end of turn → final text:            ${fmt(voice.afterEndOfTurn)}`);
console.log(
  `voice: end of speech → final text:          ${fmt(voice.afterSpeechEnd)}  (includes the ${END_OF_TURN_MS} ms end-of-turn silence)`,
);
console.log(
  `recognised ${voice.recognised}/${CALLS * spans.length} turns; pipeline CPU ${voice.cpuMsPerCall.toFixed(1)} ms per call (${((voice.cpuMsPerCall / (callFrames.length * 20)) * 100).toFixed(2)} % of one core); RSS ${voice.rssMb.toFixed(0)} MB`,
);
console.log(`audio clock: the last frame was processed ${voice.lagMs.toFixed(0)} ms behind real time`);
console.log(
  `ratio p50 voice/baseline: ${(pct(voice.afterEndOfTurn, 50) / Math.max(pct(base, 50), 0.001)).toFixed(1)}×`,
);
