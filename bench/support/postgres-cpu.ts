// CPU used by a PostgreSQL server (or any process) and a process's memory, read from /proc: on a shared machine CPU
// per unit of work is steadier than wall-clock rates, and it says which side (node or PostgreSQL) a benchmark's
// time goes to.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';

/** A process's CPU ms (with `reaped`, its waited-for children's too) and parent pid, from /proc. */
function procStat(pid: number, reaped: boolean): { cpuMs: number; ppid: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
    return { cpuMs: ticks * 10, ppid: Number(f[1]) };
  } catch {
    return { cpuMs: 0, ppid: 0 };
  }
}

/** CPU ms a process has used so far, all its threads included. */
export const processCpuMs = (pid: number): number => procStat(pid, false).cpuMs;

/** A process's resident memory now and at its peak (reset by `resetPeakRss`), in bytes, from /proc. */
export function processRss(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Starts a new peak: VmHWM drops to the current resident size (Linux `clear_refs` 5). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Finds the server behind `connectionString` (the parent of one of its backends). */
export async function postgresCpuMeter(connectionString: string): Promise<() => number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const { ppid: postmaster } = procStat(rows[0]!.pid, false); // while that backend still runs
  await client.end();
  if (postmaster <= 1) throw new Error('PostgreSQL server process not found in /proc');
  /** CPU ms used so far by the server: the postmaster, its live children and those it has reaped. */
  return () => {
    let total = procStat(postmaster, true).cpuMs;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = procStat(Number(entry), false);
      if (s.ppid === postmaster) total += s.cpuMs;
    }
    return total;
  };
}
