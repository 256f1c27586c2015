// Dialer processes for the kill -9 and two-node tests (see dial-child.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const CHILD = path.join(import.meta.dirname, 'dial-child.ts');

/** Starts a dialer process; resolves once it runs. */
export async function startChild(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dialer child exited early (${code})`)));
    child.stdout?.on('data', (b: Buffer) => {
      if (b.toString().includes('started')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

export function originations(file: string): { node: string; id: string; seq: number }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [node = '', id = '', seq = '0'] = l.split(' ');
      return { node, id, seq: Number(seq) };
    });
}
