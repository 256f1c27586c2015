// CPU used by a PostgreSQL server, read from /proc: on a shared machine CPU per unit of work is steadier than
// wall-clock rates, and it says which side (node or PostgreSQL) a benchmark's time goes to.
import { readdirSync, readFileSync } from 'node:fs';
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
