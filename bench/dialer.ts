/**
 * Dialer benchmark: N numbers across 10 tasks on the carrier simulator with the virtual clock, against embedded
 * PostgreSQL — the full path: claims, robot conversations, hang-up transactions (records, counters, pushes).
 * Configured: ai_count 2,000 concurrent calls, line CPS 200. Calling hours 09:00–12:00 / 13:30–20:00 and the
 * run starts before noon, so the lunch break is crossed. An independent monitor wraps the line and counts
 * limit violations, calls outside calling hours and double dials; the database is checked again at the end.
 * Prints achieved vs configured concurrency and CPS, scheduling latency (real time from claim to originate),
 * CPU and peak RSS, and a baseline from the same run: the bare insert of as many call records in one SQL
 * statement (the write floor), with the ratio.
 *
 * Run: node --import tsx bench/dialer.ts                           (100,000 numbers; a few minutes)
 *      node --import tsx bench/dialer.ts --million                 (1,000,000 numbers; long)
 *      DIALER_BENCH_NUMBERS=50000 node --import tsx bench/dialer.ts   (any size)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app/build.js';
import { lineFactory } from '../src/app/dialer-wiring.js';
import { loadConfig } from '../src/config/config.js';
import { Dialer } from '../src/dialer/dialer.js';
import { silentLogger } from '../src/lib/logger.js';
import { SecretBox } from '../src/lib/secret-box.js';
import { VirtualClock } from '../src/lib/virtual-clock.js';
import { CallingHoursService } from '../src/services/calling-hours/calling-hours.service.js';
import { isCallingAllowed, localDate } from '../src/services/calling-hours/windows.js';
import { ClaimService, type ClaimRequest } from '../src/services/dial/claim.service.js';
import { DialPlanService } from '../src/services/dial/dial-plan.service.js';
import { DialerLiveService } from '../src/services/dial/dialer-live.service.js';
import { HangupService } from '../src/services/dial/hangup.service.js';
import { RecoveryService } from '../src/services/dial/recovery.service.js';
import { TaskLifecycleService } from '../src/services/task/task-lifecycle.service.js';
import { cloneTemplate, startTestCluster } from '../test/support/cluster.js';
import { addLine, addScript, addTask, bulkNumbers, dialTenant } from '../test/support/dial-factories.js';
import { LineMonitor } from './dialer-monitor.js';

const NUMBERS = Math.max(
  1_000,
  Number(process.env.DIALER_BENCH_NUMBERS ?? (process.argv.includes('--million') ? 1_000_000 : 100_000)),
);
const TASKS = 10;
const AI_COUNT = 2_000;
const CPS = 200;
const TICK_MS = 200;
const TZ = 'Asia/Shanghai';
const HOURS = '09:00-12:00,13:30-20:00';

/**
 * Before the lunch break, calls of about 7 s (ring, a short conversation or a quick failure): the CPS limit
 * binds. After it, the line is reconfigured to calls of about 20 s: the concurrency limit binds.
 */
const SHORT_CALLS = {
  seed: 'bench',
  setupMs: { min: 100, max: 400 },
  robotCharMs: 40,
  asrLatencyMs: { min: 100, max: 300 },
  outcomes: { answered: 0.6, noAnswer: 0.1, busy: 0.1, vacant: 0.05, poweredOff: 0.1, rejected: 0.05 },
  timing: {
    answered: { afterMs: { min: 1_000, max: 4_000 } },
    noAnswer: { afterMs: 10_000 },
    rejected: { afterMs: { min: 2_000, max: 5_000 } },
  },
  personas: [
    {
      name: 'brief',
      opening: '喂？',
      openingDelayMs: { min: 200, max: 600 },
      script: ['嗯，是我', '不需要，谢谢'],
      pool: ['嗯', '好的'],
      replyDelayMs: { min: 300, max: 900 },
      charMs: 150,
      patienceMs: { min: 3_000, max: 7_000 },
    },
  ],
};
const LONG_CALLS = {
  ...SHORT_CALLS,
  timing: {
    ...SHORT_CALLS.timing,
    answered: { afterMs: { min: 4_000, max: 10_000 } },
    noAnswer: { afterMs: 30_000 },
  },
  personas: [{ ...SHORT_CALLS.personas[0], patienceMs: { min: 15_000, max: 25_000 } }],
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d });

/** CPU seconds used so far by this run's PostgreSQL server (its postmaster, a child of ours, and its children). */
function postgresCpuSeconds(): number {
  const procs: { pid: number; ppid: number; comm: string; ticks: number }[] = [];
  try {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.push({ pid: Number(pid), ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  const master = procs.find((p) => p.ppid === process.pid && p.comm === 'postgres');
  if (!master) return 0;
  const ticks = procs
    .filter((p) => p.pid === master.pid || p.ppid === master.pid)
    .reduce((n, p) => n + p.ticks, 0);
  return ticks / 100;
}

const cluster = await startTestCluster();
const db = await cloneTemplate(cluster.base);
try {
  // Start so that about half the dialing happens before the 12:00 lunch break.
  const expectedMs = (NUMBERS / CPS) * 1000;
  const noon = Date.parse('2025-01-06T12:00:00+08:00');
  const start = Math.max(
    Date.parse('2025-01-06T09:00:00+08:00'),
    noon - Math.min(expectedMs / 2, 3 * 3_600_000),
  );
  const clock = new VirtualClock(start);
  const app = buildApp({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'aicall-bench-')),
    }),
    connectionString: db.url,
    secrets: new SecretBox(randomBytes(32)),
    clock,
  });
  const tenant = await dialTenant(app, { aiCount: AI_COUNT });
  const week = { week1: HOURS, week2: HOURS, week3: HOURS, week4: HOURS, week5: HOURS, week6: '', week7: '' };
  await app.db.system
    .updateTable('call_time_settings')
    .set(week)
    .where('team_id', '=', tenant.teamId)
    .execute();
  await addLine(app.db, tenant.teamId, { name: 'bench', capacity: AI_COUNT, cps: CPS, config: SHORT_CALLS });
  const scriptId = await addScript(app.db, tenant.teamId);
  const seedAt = performance.now();
  const taskIds: string[] = [];
  for (let i = 0; i < TASKS; i++) {
    const task = await addTask(app.db, tenant.teamId, {
      accountId: tenant.accountId,
      scriptId,
      name: `bench-${i}`,
    });
    await bulkNumbers(app.db, tenant.teamId, task.id, Math.floor(NUMBERS / TASKS), `13${i}`);
    taskIds.push(task.id);
  }
  await sql`VACUUM ANALYZE task_numbers`.execute(app.db.system);
  const seedMs = performance.now() - seedAt;

  const callingHours = new CallingHoursService(app.db);
  const rules = await callingHours.rules(tenant.teamId);
  const calendar = await callingHours.calendar('2025-01-01', '2025-12-31');
  const monitor = new LineMonitor(clock, {
    capacity: AI_COUNT,
    cps: CPS,
    allowed: (at) => isCallingAllowed(rules, at, TZ, calendar.get(localDate(at, TZ))),
  });
  const claimMs: number[] = [];
  class TimedClaims extends ClaimService {
    override async claim(req: ClaimRequest) {
      const t0 = performance.now();
      const r = await super.claim(req);
      if (r.claimed.length > 0) claimMs.push(performance.now() - t0);
      return r;
    }
  }
  const hangups = new HangupService(app.db);
  const build = lineFactory(clock);
  const dialer = new Dialer(
    {
      plans: new DialPlanService(app.db, callingHours),
      claims: new TimedClaims(app.db),
      hangups,
      recovery: new RecoveryService(app.db, hangups),
      tasks: new TaskLifecycleService(app.db, clock),
      live: new DialerLiveService(),
      lines: (info) => monitor.wrap(build(info)),
      timers: clock,
      log: {
        ...silentLogger,
        error: (o: object, m?: string) => console.error('ERR', m, o),
        warn: (o: object, m?: string) => console.error('WARN', m, o),
        child: () => silentLogger,
      },
    },
    { tickMs: TICK_MS, maxBatch: 2_000, idleRefreshMs: 60_000 },
  );

  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuSeconds();
  const wall0 = performance.now();
  const virtual0 = clock.now().getTime();
  dialer.start();
  const perSecond: { phase: 1 | 2; active: number; peak: number; started: number }[] = [];
  let phase: 1 | 2 = 1;
  let lastStarted = 0;
  let progressAt = performance.now();
  for (let step = 0; ; step++) {
    // With no call in progress, nothing happens until the next timer (the dialer's next tick): go straight there.
    const next = clock.nextAt()?.getTime() ?? 0;
    const idleJump = dialer.activeCalls === 0 ? Math.max(0, next - clock.now().getTime() - TICK_MS) : 0;
    await clock.advance(TICK_MS + idleJump);
    await dialer.quiesce();
    if (phase === 1 && clock.now().getTime() >= noon) {
      phase = 2;
      await app.db.system
        .updateTable('lines')
        .set({ config: JSON.stringify(LONG_CALLS), updated_at: clock.now() })
        .where('team_id', '=', tenant.teamId)
        .execute();
    }
    if ((step + 1) % (1000 / TICK_MS) === 0) {
      perSecond.push({
        phase,
        active: monitor.active,
        peak: monitor.takeSecondPeak(),
        started: monitor.originated - lastStarted,
      });
      lastStarted = monitor.originated;
      if (monitor.originated >= NUMBERS && dialer.activeCalls === 0) {
        const open = await app.db.system
          .selectFrom('tasks')
          .select('id')
          .where('id', 'in', taskIds)
          .where('status', '=', 0)
          .execute();
        if (open.length === 0) break;
      }
      if (performance.now() - progressAt > 10_000) {
        progressAt = performance.now();
        console.error(`  … ${fmt(monitor.originated, 0)} calls, ${new Date(clock.now()).toISOString()}`);
      }
    }
  }
  await dialer.stop();
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = postgresCpuSeconds() - pg0;
  const virtualS = (clock.now().getTime() - virtual0) / 1000;

  // Independent checks in the database.
  const { rows: dup } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM (SELECT task_number_id FROM call_records GROUP BY task_number_id HAVING count(*) > 1) d`.execute(
    app.db.system,
  );
  const { rows: counts } = await sql<{ records: string; pushes: string; sent: string; numbers: string }>`
    SELECT (SELECT count(*) FROM call_records) AS records, (SELECT count(*) FROM push_events) AS pushes,
           (SELECT sum(send_count) FROM tasks) AS sent, (SELECT count(*) FROM task_numbers) AS numbers`.execute(
    app.db.system,
  );
  const c = counts[0] ?? { records: '0', pushes: '0', sent: '0', numbers: '0' };

  // Baseline: the same number of call records written by one bare INSERT … SELECT (the write floor).
  const floor0 = performance.now();
  await sql`
    INSERT INTO call_records (team_id, sn, task_id, phone, result, started_at, turns)
    SELECT ${tenant.teamId}, 'floor|' || g, ${taskIds[0]}, '1' || g, 'answered', now(), '[]'
    FROM generate_series(1, ${Number(c.records)}::int) g`.execute(app.db.system);
  const floorMs = performance.now() - floor0;

  // Steady state: the seconds of each phase with calls being placed, without its first and last 15 s.
  const steadyOf = (p: 1 | 2) => {
    const busy = perSecond.filter((x) => x.phase === p && x.started > 0);
    return busy.length > 40 ? busy.slice(15, -15) : busy;
  };
  const cpsBound = steadyOf(1);
  const capBound = steadyOf(2);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  if (process.env.DIALER_BENCH_TRACE) {
    writeFileSync(
      process.env.DIALER_BENCH_TRACE,
      perSecond.map((x) => `${x.phase} ${x.started} ${x.peak} ${x.active}`).join('\n'),
    );
  }
  const lat = [...claimMs].sort((a, b) => a - b);
  const rss = process.resourceUsage().maxRSS / 1024;

  console.log(
    `dialer benchmark — ${fmt(NUMBERS, 0)} numbers, ${TASKS} tasks, simulator + robot, virtual clock`,
  );
  console.log(`  seeded numbers in ${fmt(seedMs / 1000)} s`);
  console.log(`  configured: ${AI_COUNT} concurrent calls, ${CPS} calls/s, hours ${HOURS} (${TZ})`);
  console.log(
    `  virtual time ${fmt(virtualS / 60)} min in ${fmt(wallMs / 1000)} s real (×${fmt(virtualS / (wallMs / 1000))})`,
  );
  console.log(
    `  calls placed ${fmt(monitor.originated, 0)}, records ${c.records}, pushes ${c.pushes}, sent ${c.sent}/${c.numbers}`,
  );
  const cpsHeld = mean(cpsBound.map((x) => x.started)) / CPS;
  const capHeld = mean(capBound.map((x) => x.peak)) / AI_COUNT;
  console.log(
    `  CPS (binding before noon, ~7 s calls): held ${fmt(cpsHeld * 100)} % of ${CPS} over ${cpsBound.length} s; ` +
      `peak 1-s window ${monitor.peakCps} (${fmt((monitor.peakCps / CPS) * 100)} %)`,
  );
  console.log(
    `  concurrency (binding after 13:30, ~20 s calls): held ${fmt(capHeld * 100)} % of ${AI_COUNT} over ` +
      `${capBound.length} s; peak ${monitor.peakActive} (${fmt((monitor.peakActive / AI_COUNT) * 100)} %)`,
  );
  console.log(
    `  scheduling latency (claim → originate, real): p50 ${fmt(pct(lat, 0.5), 2)} ms, p99 ${fmt(pct(lat, 0.99), 2)} ms, ` +
      `max ${fmt(lat.at(-1) ?? 0, 2)} ms over ${lat.length} claims`,
  );
  console.log(
    `  CPU: node ${fmt((cpu.user + cpu.system) / 1e6)} s, postgres ${fmt(pgCpu)} s; peak RSS ${fmt(rss, 0)} MB`,
  );
  console.log(
    `  limit violations ${monitor.violations}, calls outside calling hours ${monitor.outsideHours}, ` +
      `double dials ${monitor.doubleDials + Number(dup[0]?.n ?? 0)} (monitor ${monitor.doubleDials}, database ${dup[0]?.n ?? 0})`,
  );
  console.log(
    `  baseline: bare INSERT of ${c.records} records ${fmt(floorMs)} ms; dialer wall time ×${fmt(wallMs / Math.max(1, floorMs))} the write floor`,
  );
  await app.stop();
} finally {
  await db.drop().catch(() => undefined);
  await cluster.stop();
}
