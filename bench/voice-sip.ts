/**
 * The voice turn over SIP for bench:voice: N concurrent calls placed by the dialer's call runner (robot
 * session + RobotDriver) on a SIP line to one sipp process on loopback, which answers every call and plays the
 * callee's espeak-synthesised Mandarin into it as RTP (rtp_stream of an A-law file). Each call hears with the
 * production composition (lineHearing: a Silero detector per call from the VAD pool, the FunASR adapter to a loopback stand-in that
 * answers at once, the answer classifier); the robot's replies are espeak speech from a warmed TTS cache.
 *
 * Times per turn: the end of the callee's speech on the wire (the arrival of the RTP packet carrying the last
 * voiced sample of the synthesised utterance, which is known to the sample), the end of turn the VAD decided,
 * the recogniser's final, the robot's decision and the first RTP packet of the reply (the call record's
 * voice-turn timing).
 *
 * `hearing: 'text'` is the baseline: the same calls with the VAD and recogniser replaced by the text handed
 * to the channel at the known end of turn (counted on the received audio's clock), so the difference is what
 * hearing costs on top of signalling, RTP, the robot and the playback queue under the same load.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { lineHearing, sharedVadPool } from '../src/app/speech-wiring.js';
import { runCall } from '../src/dialer/call-runner.js';
import { RateWindow } from '../src/dialer/rate-window.js';
import { silentLogger } from '../src/lib/logger.js';
import { systemTimers } from '../src/lib/virtual-clock.js';
import { compileScript, type ScriptInput } from '../src/robot/index.js';
import { EspeakTts } from '../src/speech/tts/espeak-tts.js';
import { TtsCache } from '../src/speech/tts/tts-cache.js';
import type { SpeechSink } from '../src/telephony/base-channel.js';
import type { CallEnd, ListenHints, VoiceTurn } from '../src/telephony/call-channel.js';
import { encodeG711 } from '../src/telephony/rtp/g711.js';
import { MediaClock } from '../src/telephony/rtp/media-clock.js';
import { RtpPortPool } from '../src/telephony/rtp/port-pool.js';
import type { CallHearing, HearingFactory } from '../src/telephony/sip/sip-call-context.js';
import type { SipChannel } from '../src/telephony/sip/sip-channel.js';
import { parseSipLineConfig } from '../src/telephony/sip/sip-config.js';
import { SipLine } from '../src/telephony/sip/sip-line.js';
import { SIPP_HOST, startSipp } from '../test/support/sipp.js';
import { speakingCalleeScenario } from '../test/support/sipp-speaking-scenario.js';
import type { Span } from '../test/support/speech-audio.js';

/**
 * Two questions the callee answers with 是的, then a goodbye: two measured turns per call. The nodes set the
 * end-of-turn silence: as 是/不是 questions they would otherwise end the turn after 350 ms, inside the
 * callee's comma pauses.
 */
const script = (endOfTurnMs: number): ScriptInput => ({
  version: 1,
  name: '语音时延基准',
  flows: [{ id: 'main', title: '主流程', entry: 'ask' }],
  nodes: {
    ask: {
      kind: 'say',
      title: '01询问',
      variants: ['您好，请问是张先生吗？'],
      bargeIn: false,
      endOfTurnMs,
      silenceTimeoutMs: 8000,
      maxSilence: 0,
      branches: [{ kind: 'affirm', target: 'ask2' }],
    },
    ask2: {
      kind: 'say',
      title: '02确认',
      variants: ['好的'],
      bargeIn: false,
      endOfTurnMs,
      silenceTimeoutMs: 8000,
      maxSilence: 0,
      branches: [{ kind: 'affirm', target: 'yes' }],
    },
    yes: { kind: 'hangup', title: '03结束', variants: ['再见'] },
    bye: { kind: 'hangup', title: '04无应答', variants: ['再见'] },
  },
  settings: { fallback: 'bye' },
});
export const SIP_BENCH_ANSWER = '是的';
/** The jitter buffer releases a packet once 3 are held: delivery is 2 packets (40 ms) after arrival. */
const JITTER_HOLD_MS = 40;

export interface SipTurn {
  /** Wire end of speech → first reply packet. */
  readonly speechEndToReply: number;
  /** VAD's end of turn (or the handed-in text) → first reply packet. */
  readonly endOfTurnToReply: number;
  readonly endOfTurnToFinal: number;
  readonly finalToDecision: number;
  readonly decisionToReply: number;
  /** VAD speech end − wire speech end (boundary error, ms). */
  readonly boundaryError: number;
}

export interface SipRunResult {
  readonly turns: SipTurn[];
  readonly answered: number;
  readonly unfinished: number;
  readonly cpuMsPerCall: number;
  readonly sippCpuMsPerCall: number;
  readonly rssMb: number;
  readonly wallS: number;
}

/** The texts the robot can say: synthesised once before the run, so replies start from the cache. */
export async function warmTts(): Promise<{ cache: TtsCache; greetingMs: number; dispose: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'aicall-bench-tts-'));
  const cache = new TtsCache(new EspeakTts(), dir);
  let greetingMs = 0;
  const nodes = script(600).nodes;
  for (const node of Object.values(nodes)) {
    for (const text of (node as { variants?: string[] }).variants ?? []) {
      const pcm = await cache.speech(text);
      if (node === nodes.ask) greetingMs = pcm.length / 8;
    }
  }
  return { cache, greetingMs, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The baseline's hearing: no VAD, no recogniser; the known text at the known end of turn, counted on the
 * callee's RTP timestamps (not on frames heard: those include the silence filled in for missing packets).
 */
class HandedText implements CallHearing {
  readonly turns: VoiceTurn[] = [];
  #next = 0;

  constructor(
    private readonly sink: SpeechSink,
    private readonly endOfTurnFrames: readonly number[],
    private readonly speechEndFrames: readonly number[],
  ) {}

  heard(): void {}

  /** The callee frame `index` (from the first, by RTP timestamp) was delivered now. */
  frame(index: number): void {
    if (index !== this.endOfTurnFrames[this.#next]) return;
    const now = Date.now();
    const speechEndAt = now - (index - this.speechEndFrames[this.#next]!) * 20;
    this.#next++;
    this.turns.push({
      speechStartAt: speechEndAt,
      speechEndAt,
      endOfTurnAt: now,
      asrFinalAt: now,
      result: 'recognised',
    });
    this.sink.speechEnded(speechEndAt);
    this.sink.final({ status: 'recognised', text: SIP_BENCH_ANSWER }, now);
  }
  played(): void {}
  promptStarted(): void {}
  promptEnded(): void {}
  listen(_hints: ListenHints): void {}
  markDecision(at = Date.now()): void {
    const t = this.turns.at(-1) as { decisionAt?: number } | undefined;
    if (t && t.decisionAt === undefined) t.decisionAt = at;
  }
  markFirstReplyFrame(at = Date.now()): void {
    const t = this.turns.at(-1) as { decisionAt?: number; firstReplyFrameAt?: number } | undefined;
    if (t?.decisionAt !== undefined && t.firstReplyFrameAt === undefined) t.firstReplyFrameAt = at;
  }
  close(): void {}
}

/** CPU time (ms) a process has used so far, from /proc (0 when unreadable). */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return 0;
  }
}

export async function sipVoiceRun(opts: {
  calls: number;
  hearing: 'voice' | 'text';
  asrUrl: string;
  endOfTurnMs: number;
  /** The callee's audio (8 kHz) and where its utterances are in it. */
  audio: { pcm: Int16Array; spans: readonly Span[] };
  tts: { cache: TtsCache; greetingMs: number };
}): Promise<SipRunResult> {
  const { calls, audio } = opts;
  // One detector per call built ahead, as a server that has been taking calls for a while has them.
  if (opts.hearing === 'voice') {
    const pool = sharedVadPool(silentLogger);
    await pool.warm(Math.ceil(calls / pool.threads.length));
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'aicall-bench-sipp-'));
  const file = path.join(dir, 'callee.al');
  writeFileSync(file, encodeG711('PCMA', audio.pcm));
  const scenario = path.join(dir, 'callee.xml');
  // The callee starts half a second after the greeting has been played.
  writeFileSync(scenario, speakingCalleeScenario(file, { pauseMs: Math.round(opts.tts.greetingMs) + 500 }));
  const sipp = await startSipp(scenario, {
    calls,
    timeoutS: 120,
    args: ['-rtp_threadtasks', '10', '-max_socket', String(calls * 4 + 100)],
  });
  const sippCpu0 = processCpuMs(sipp.pid);
  const frameOf = (ms: number) => Math.ceil(ms / 20);
  const speechEndFrames = audio.spans.map((s) => frameOf(s.endMs));
  const endOfTurnFrames = audio.spans.map((s) => frameOf(s.endMs + opts.endOfTurnMs));
  const handed = new Map<string, HandedText>();
  const hearing: HearingFactory =
    opts.hearing === 'voice'
      ? lineHearing(
          {
            forLine: () =>
              Promise.resolve({
                id: 'bench',
                name: 'FunASR stand-in',
                config: { kind: 'funasr', url: opts.asrUrl, mode: '2pass' },
                secrets: {},
              }),
          },
          { teamId: 'bench', id: 'bench-line' },
          silentLogger,
        )
      : (call, sink) => {
          const ear = new HandedText(sink, endOfTurnFrames, speechEndFrames);
          handed.set(call.callId, ear);
          return Promise.resolve(ear);
        };
  const base = 42_000 + Math.floor(Math.random() * 100) * 100;
  const line = new SipLine({
    id: 'bench-line',
    config: parseSipLineConfig({ host: SIPP_HOST, port: sipp.port, options_interval_s: 0 }),
    capacity: calls,
    cps: undefined,
    env: {
      ports: new RtpPortPool(base, base + calls * 2 + 40, '127.0.0.1'),
      mediaClock: new MediaClock(),
      audio: (p) => opts.tts.cache.speech(p.text ?? p.content),
      bindAddress: '127.0.0.1',
      log: silentLogger,
    },
    hearing,
  });
  const info = {
    id: 'bench-line',
    teamId: 'bench',
    name: 'bench',
    kind: 'sip' as const,
    caller: '4001',
    capacity: calls,
    cps: undefined,
    config: {},
    up: true,
    statusReason: '',
    version: '1',
  };
  const entry = { info, line, rate: new RateWindow(undefined), active: 0, faults: 0, lastFault: undefined };
  const compiled = compileScript(script(opts.endOfTurnMs));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: calls }, async (_, i) => {
      const running = runCall({
        number: {
          id: `n${i}`,
          taskId: 't',
          teamId: 'bench',
          lineId: 'bench-line',
          phone: `1380000${String(i).padStart(4, '0')}`,
          columns: {},
          dialSeq: 1,
          attemptsBefore: 0,
          claimedAt: new Date(),
        },
        taskSn: 'bench',
        entry,
        script: compiled,
        timers: systemTimers,
        ringTimeoutMs: 30_000,
        maxTalkMs: 60_000,
        log: silentLogger,
      });
      // Delivery time of each RTP timestamp's frame: the wire end of each utterance is read from it.
      const delivered = new Map<number, number>();
      let ts0: number | undefined;
      const channel = running.channel as SipChannel;
      channel.onAudio((f) => {
        ts0 ??= f.timestamp;
        const index = ((f.timestamp - ts0) >>> 0) / 160;
        delivered.set(index, Date.now());
        // Frame n delivered = n + 1 frames of audio heard.
        handed.get(channel.callId)?.frame(index + 1);
      });
      const end: CallEnd = await running.channel.ended;
      await running.outcome;
      const wireEnds = speechEndFrames.map((f) => (delivered.get(f - 1) ?? NaN) - JITTER_HOLD_MS);
      return { end, wireEnds };
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sippCpu = processCpuMs(sipp.pid) - sippCpu0;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await sipp.done;
  await line.close();
  rmSync(dir, { recursive: true, force: true });
  const turns: SipTurn[] = [];
  let unfinished = 0;
  for (const { end, wireEnds } of results) {
    const voiceTurns = end.voiceTurns ?? [];
    if (voiceTurns.length < audio.spans.length) unfinished++;
    voiceTurns.forEach((t, k) => {
      const wire = wireEnds[k];
      const timed =
        t.firstReplyFrameAt !== undefined && t.decisionAt !== undefined && t.asrFinalAt !== undefined;
      if (!timed || wire === undefined || Number.isNaN(wire)) return;
      turns.push({
        speechEndToReply: t.firstReplyFrameAt - wire,
        endOfTurnToReply: t.firstReplyFrameAt - t.endOfTurnAt,
        endOfTurnToFinal: t.asrFinalAt - t.endOfTurnAt,
        finalToDecision: t.decisionAt - t.asrFinalAt,
        decisionToReply: t.firstReplyFrameAt - t.decisionAt,
        boundaryError: t.speechEndAt - wire,
      });
    });
  }
  return {
    turns,
    answered: results.filter((r) => r.end.result === 'answered').length,
    unfinished,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
    sippCpuMsPerCall: sippCpu / calls,
    rssMb,
    wallS,
  };
}
