// The server under benchmark, in a process of its own (test/support/api-process.ts): its CPU and memory are read
// from /proc apart from the benchmark's client, and the client's work never waits on the server's event loop.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the server on `databaseUrl` with `env` (ROLES, DATA_DIR, SECRET_KEY, import limits …). */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const entry = path.join(import.meta.dirname, '../../test/support/api-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env, AICALL_API_DB: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await Promise.race([
    new Promise<string>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        const m = /api ready (\S+)/.exec(b.toString());
        if (m) resolve(m[1]!);
      });
    }),
    exited.then(() => Promise.reject(new Error(`the server process exited early (${child.exitCode})`))),
  ]);
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
