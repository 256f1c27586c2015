/**
 * Robot engine benchmark: simulated conversations through the compiled demo scripts, engine only (no I/O).
 * Callee lines are drawn deterministically (seeded PRNG) from the labelled utterance set; ~8% of turns are
 * silences. Prints turns/s, per-turn p50/p90/p99/max, and a baseline measured in the same run: a bare
 * normalize + one big regex over the same utterance sequence, with the ratio between the two.
 *
 * Run: node --import tsx bench/robot.ts            (100,000 conversations)
 *      ROBOT_BENCH_CALLS=20000 node --import tsx bench/robot.ts
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { compileScript, createSession, demoScripts } from '../src/robot/index.js';
import { LEXICON } from '../src/robot/match/lexicon.js';

const CALLS = Math.max(1, Number(process.env.ROBOT_BENCH_CALLS ?? 100_000));
const MAX_TURNS_PER_CALL = 12;
const SILENCE_RATE = 0.08;

const utterances = (
  JSON.parse(readFileSync(new URL('../test/fixtures/robot/utterances.json', import.meta.url), 'utf8')) as {
    text: string;
  }[]
).map((u) => u.text);
const scripts = demoScripts.map((s) => compileScript(s));
const variables: Record<string, string>[] = [
  { 姓名: '王小明', 电话: '13800138000', 课程名称: '少儿编程' },
  { 姓名: '李四', 电话: '13900139000', 欠款金额: '1980', 还款日期: '3月15日' },
];

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let clockMs = Date.parse('2025-03-01T01:00:00Z');
const clock = { now: () => new Date((clockMs += 1500)) };

interface RunStats {
  turns: number;
  wallMs: number;
  /** Process CPU time of the loop: robust when other processes share the machine. */
  cpuMs: number;
  perTurnNs: Float64Array;
  drawn: Int32Array;
  grades: Record<string, number>;
}

function simulate(calls: number, record: boolean): RunStats {
  const random = prng(20251123);
  const perTurnNs = new Float64Array(record ? calls * MAX_TURNS_PER_CALL : 0);
  const drawn = new Int32Array(record ? calls * MAX_TURNS_PER_CALL : 0);
  const grades: Record<string, number> = {};
  let turns = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const k = i % scripts.length;
    const session = createSession(scripts[k]!, variables[k], { clock });
    session.start();
    for (let t = 0; t < MAX_TURNS_PER_CALL && !session.ended; t++) {
      const silent = random() < SILENCE_RATE;
      const index = silent ? -1 : Math.floor(random() * utterances.length);
      const t0 = process.hrtime.bigint();
      if (silent) session.onSilence();
      else session.onUserText(utterances[index]!, true);
      const ns = Number(process.hrtime.bigint() - t0);
      if (record) {
        perTurnNs[turns] = ns;
        drawn[turns] = index;
      }
      turns++;
    }
    const result = session.onHangup(session.ended ? 'robot' : 'callee');
    grades[result.grade] = (grades[result.grade] ?? 0) + 1;
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return {
    turns,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    perTurnNs: perTurnNs.subarray(0, turns),
    drawn: drawn.subarray(0, turns),
    grades,
  };
}

/** The floor: strip punctuation/fillers, lower-case, test one alternation of every literal lexicon phrase. */
function baseline(drawn: Int32Array): { ops: number; ms: number } {
  const words = LEXICON.flatMap((g) => g.words)
    .map((w) => w.replace(/^[=^]/, ''))
    .filter((w) => !/[*()|]/.test(w))
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.+?^${}[\]\\]/g, '\\$&'));
  const re = new RegExp(words.join('|'), 'u');
  let hits = 0;
  const started = process.hrtime.bigint();
  for (const index of drawn) {
    if (index < 0) continue;
    const text = utterances[index]!.replace(/[\s，。！？,.!?、…嗯啊呃哦]/g, '').toLowerCase();
    if (re.test(text)) hits++;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (hits < 0) console.log(hits);
  return { ops: drawn.filter((i) => i >= 0).length, ms };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

simulate(Math.min(2000, CALLS), false); // warm-up: JIT and caches
const run = simulate(CALLS, true);
const sorted = Float64Array.from(run.perTurnNs).sort();
const engineNs = run.perTurnNs.reduce((a, b) => a + b, 0);
const enginePerSec = run.turns / (engineNs / 1e9);
baseline(run.drawn); // warm-up
const base = baseline(run.drawn);
const basePerSec = base.ops / (base.ms / 1e3);
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;

console.log(
  `robot engine benchmark — ${CALLS.toLocaleString('en')} conversations, ${run.turns.toLocaleString('en')} callee turns`,
);
console.log(
  `  wall time (sessions + turns + results): ${(run.wallMs / 1000).toFixed(2)} s → ${Math.round(run.turns / (run.wallMs / 1000)).toLocaleString('en')} turns/s end to end`,
);
console.log(
  `  cpu time (whole loop): ${(run.cpuMs / 1000).toFixed(2)} s → ${Math.round(run.turns / (run.cpuMs / 1000)).toLocaleString('en')} turns per cpu-second`,
);
console.log(`  engine (sum of timed turns): ${Math.round(enginePerSec).toLocaleString('en')} turns/s`);
console.log(
  `  per turn: p50 ${us(percentile(sorted, 50))}  p90 ${us(percentile(sorted, 90))}  p99 ${us(percentile(sorted, 99))}  max ${us(sorted[sorted.length - 1] ?? 0)}`,
);
console.log(
  `  grades: ${Object.entries(run.grades)
    .sort()
    .map(([g, n]) => `${g} ${n}`)
    .join(', ')}`,
);
console.log(
  `baseline (normalize + one regex over the same ${base.ops.toLocaleString('en')} utterances): ${Math.round(basePerSec).toLocaleString('en')} ops/s`,
);
console.log(`ratio: engine turn costs ${(basePerSec / enginePerSec).toFixed(1)}× the baseline`);
console.log(
  `  load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} cores (wall-clock figures include time lost to other processes)`,
);
console.log(
  `goals: p99 < 1 ms per turn: ${percentile(sorted, 99) < 1e6 ? 'met' : 'NOT met'}; ≥ 50,000 turns/s: ${enginePerSec >= 50_000 ? 'met' : 'NOT met'}`,
);
