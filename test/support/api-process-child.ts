// Starts api-process.ts as a child process and waits until it listens: for tests that need more than one API
// process, and for benchmarks, which measure the server's CPU and memory from /proc apart from their own client
// (whose work then never waits on the server's event loop). The child runs compiled, as `aicall start` does
// (bin/compile.mjs): this entry point compiled with src/.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { compiledTree } from '../../bin/compile.mjs';

const ENTRY = 'test/support/api-process.ts';

export interface ApiProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGTERM, then waits until the process has exited. */
  stop(): Promise<void>;
}

/** Starts the server on `databaseUrl` with `env` (ROLES, DATA_DIR, SECRET_KEY, import limits …). */
export async function startApiProcess(databaseUrl: string, env: Record<string, string>): Promise<ApiProcess> {
  const entry = path.join(await compiledTree([ENTRY]), ENTRY.replace(/\.ts$/, '.js'));
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...env,
      AICALL_API_DB: databaseUrl,
      AICALL_EXIT_WITH_PARENT: '1',
    },
    // Its standard input stays open while this process lives: the child stops when it closes.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await Promise.race([
    new Promise<string>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        const m = /api ready (\S+)/.exec(b.toString());
        if (m) resolve(m[1]!);
      });
    }),
    exited.then(() => Promise.reject(new Error(`api process exited early (${child.exitCode})`))),
  ]);
  return {
    url,
    pid: child.pid!,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
