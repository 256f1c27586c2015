/**
 * Voice-turn benchmark, three runs in one process under the same load:
 * 1. SIP, text handed in (baseline): N concurrent calls dialler → SIP → sipp (bench/voice-sip.ts), the
 *    callee's audio played by sipp but the text handed to the channel at the known end of turn;
 * 2. SIP, hearing: the same calls with the production hearing (Silero detectors on the VAD pool's worker threads, FunASR adapter to a
 *    loopback stand-in that answers at once): end of the callee's speech on the wire → first RTP packet of the
 *    robot's reply, and the platform's part beyond the end-of-turn silence;
 * 3. PCM: the same callee audio paced in real time (20 ms frames) straight into the listener (echo gate, VAD
 *    pool, FunASR adapter, stand-in) without SIP or robot: end of turn → final text.
 * Prints p50/p95/p99 of each, CPU per call (ours and sipp's), RSS, and the ratios against the baselines.
 *
 * Run: npm run bench:voice              (100 calls, 2 turns each)
 *      VOICE_BENCH_CALLS=20 npm run bench:voice
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { FunAsrProvider } from '../src/speech/asr/funasr-asr.js';
import { DEFAULT_ASR_TIMEOUTS } from '../src/speech/asr/resilient-stream.js';
import { CalleeListener } from '../src/speech/callee-listener.js';
import { sharedVadPool } from '../src/app/speech-wiring.js';
import { silentLogger } from '../src/lib/logger.js';
import { SIP_BENCH_ANSWER, sipVoiceRun, warmTts, type SipRunResult, type SipTurn } from './voice-sip.js';
import { FunAsrStandin } from '../test/support/asr-standins/funasr-standin.js';
import { frames, speak, timeline } from '../test/support/speech-audio.js';

const CALLS = Math.max(1, Number(process.env.VOICE_BENCH_CALLS ?? 100));
const END_OF_TURN_MS = 600;

const { pcm, spans } = timeline([
  400,
  { label: 'a', pcm: speak('是的，我就是，请问有什么事') },
  2500,
  { label: 'b', pcm: speak('是的，我现在有空，你说吧') },
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
  const pool = sharedVadPool(silentLogger);
  await pool.warm(Math.ceil(CALLS / pool.threads.length));
  const listeners = Array.from({ length: CALLS }, (_, i) => {
    /** Per utterance (by its start): when its voice ended and when its turn was decided. */
    const ends = new Map<number, { speechEnd: number; endOfTurn: number }>();
    return new CalleeListener({
      vad: pool.open(),
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
  // The verdicts may lag behind the audio: wait (bounded) for every turn's final text.
  const deadline = Date.now() + 30_000;
  do await new Promise((r) => setTimeout(r, 500));
  while (afterEndOfTurn.length < CALLS * spans.length && Date.now() < deadline);
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

const standin = await FunAsrStandin.start({ answer: () => SIP_BENCH_ANSWER, partialEveryBytes: 6400 });
const tts = await warmTts();
const audio = { pcm, spans };
console.log(
  `voice turn, ${CALLS} concurrent calls × ${spans.length} turns, ${(callFrames.length * 20) / 1000} s of callee audio each; end-of-turn silence ${END_OF_TURN_MS} ms; ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const sipText = await sipVoiceRun({
  calls: CALLS,
  hearing: 'text',
  asrUrl: standin.url,
  endOfTurnMs: END_OF_TURN_MS,
  audio,
  tts,
});
const base = await baselineRun();
const voice = await voiceRun(standin);
// The PCM run's detectors go back to the VAD pool and serve the SIP hearing run's calls.
const sipVoice = await sipVoiceRun({
  calls: CALLS,
  hearing: 'voice',
  asrUrl: standin.url,
  endOfTurnMs: END_OF_TURN_MS,
  audio,
  tts,
});
await standin.stop();
tts.dispose();

const col = (r: SipRunResult, k: keyof SipTurn) => r.turns.map((t) => t[k]);
const sipLine = (name: string, r: SipRunResult) =>
  console.log(
    `${name}: ${r.answered}/${CALLS} answered, ${r.turns.length}/${CALLS * spans.length} turns replied, ${r.unfinished} calls short of turns; ${r.wallS.toFixed(1)} s; our CPU ${r.cpuMsPerCall.toFixed(0)} ms/call, sipp ${r.sippCpuMsPerCall.toFixed(0)} ms/call; RSS ${r.rssMb.toFixed(0)} MB`,
  );
sipLine('SIP, text handed in (baseline)', sipText);
console.log(`  end of turn → first reply RTP packet:         ${fmt(col(sipText, 'endOfTurnToReply'))}`);
sipLine('SIP, hearing (VAD + FunASR adapter + stand-in)', sipVoice);
console.log(`  end of speech (wire) → first reply RTP packet: ${fmt(col(sipVoice, 'speechEndToReply'))}`);
console.log(`  end of turn (VAD) → first reply RTP packet:    ${fmt(col(sipVoice, 'endOfTurnToReply'))}`);
console.log(`    end of turn → final text:                    ${fmt(col(sipVoice, 'endOfTurnToFinal'))}`);
console.log(`    final text → robot decision:                 ${fmt(col(sipVoice, 'finalToDecision'))}`);
console.log(`    decision → first reply RTP packet:           ${fmt(col(sipVoice, 'decisionToReply'))}`);
console.log(`  VAD end of speech − wire end of speech:        ${fmt(col(sipVoice, 'boundaryError'))}`);
console.log(`PCM, no SIP, no robot: baseline (text at end of turn) ${fmt(base)}`);
console.log(`PCM: end of turn → final text:                  ${fmt(voice.afterEndOfTurn)}`);
console.log(
  `PCM: recognised ${voice.recognised}/${CALLS * spans.length} turns; pipeline CPU ${voice.cpuMsPerCall.toFixed(1)} ms per call (${((voice.cpuMsPerCall / (callFrames.length * 20)) * 100).toFixed(2)} % of one core); RSS ${voice.rssMb.toFixed(0)} MB; last frame ${voice.lagMs.toFixed(0)} ms behind real time`,
);
const ratio = (a: number[], b: number[]) => (pct(a, 50) / Math.max(pct(b, 50), 0.001)).toFixed(2);
console.log(
  `ratios of p50: SIP hearing / SIP text handed in (end of turn → reply) ${ratio(col(sipVoice, 'endOfTurnToReply'), col(sipText, 'endOfTurnToReply'))}×; SIP / PCM (end of turn → final text) ${ratio(col(sipVoice, 'endOfTurnToFinal'), voice.afterEndOfTurn)}×`,
);
console.log(
  `load after the runs: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
