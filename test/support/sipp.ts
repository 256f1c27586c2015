// Runs the real `sipp` (Debian sip-tester) on loopback as the far end of SIP tests. sipp listens on 127.0.0.2:
// a SIP stack whose own address equals the Request-URI host may treat the call as addressed to itself.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SIPP_HOST = '127.0.0.2';
export const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'sip', 'scenarios');
export const SIPP_PCAPS = '/usr/share/sip-tester';

export interface SippRun {
  /** SIP port sipp listens on (on {@link SIPP_HOST}). */
  readonly port: number;
  /** Resolves when sipp exits: code 0 = every scenario call succeeded. */
  readonly done: Promise<{ code: number | null; output: string }>;
  /** sipp's process id (benchmarks read its CPU time). */
  readonly pid: number | undefined;
  stop(): void;
}

/** A UDP port free on `host` (bound and released), from a random high range. */
export async function freeUdpPort(host = SIPP_HOST): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 20_000) * 2;
    const s = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      s.once('error', () => resolve(false));
      s.bind(port, host, () => resolve(true));
    });
    await new Promise<void>((resolve) => s.close(() => resolve()));
    if (ok) return port;
  }
}

/**
 * Starts sipp with a scenario file of test/sip/scenarios (UAS: it waits for our INVITE; UAC with `target`: it
 * sends first, to our UA). Extra `-key` values
 * fill `[name]` placeholders. `calls`: how many calls it serves before exiting.
 */
export async function startSipp(
  scenario: string,
  opts: {
    calls?: number;
    transport?: 'udp' | 'tcp';
    rtpEcho?: boolean;
    keys?: Record<string, string>;
    timeoutS?: number;
    /** SIP port to listen on (a trunk coming back where it was); a free one when unset. */
    port?: number;
    /** Further sipp options (e.g. `-rtp_threadtasks` for many concurrent calls). */
    args?: readonly string[];
    /** UAC scenarios: the SIP address sipp sends its first request to (our UA). */
    target?: { host: string; port: number };
    /** A file sipp writes every SIP message it sends and receives to (read with {@link sippReceived}). */
    messageLog?: string;
  } = {},
): Promise<SippRun> {
  const port = opts.port ?? (await freeUdpPort());
  const mediaPort = await freeUdpPort();
  const args = [
    '-sf',
    path.resolve(SCENARIOS, scenario),
    '-i',
    SIPP_HOST,
    '-p',
    String(port),
    '-mi',
    SIPP_HOST,
    '-mp',
    String(mediaPort),
    '-m',
    String(opts.calls ?? 1),
    '-t',
    opts.transport === 'tcp' ? 't1' : 'u1',
    '-timeout',
    `${opts.timeoutS ?? 60}s`,
    '-timeout_error',
    '-nostdin',
    '-max_recv_loops',
    '1000',
    '-aa',
  ];
  if (opts.rtpEcho) args.push('-rtp_echo');
  if (opts.messageLog) args.push('-trace_msg', '-message_file', opts.messageLog);
  for (const [k, v] of Object.entries(opts.keys ?? {})) args.push('-key', k, v);
  args.push(...(opts.args ?? []));
  if (opts.target) args.push(`${opts.target.host}:${opts.target.port}`);
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: SCENARIOS });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  await new Promise((r) => setTimeout(r, 300)); // sipp binds its sockets
  return { port, done, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/**
 * From sipp's final message table: [messages, retransmissions] of the 200 row right after an INVITE row (in a
 * UAS scenario, our answer to the re-INVITE sipp sent); undefined when the table has no such row.
 */
export function sippCountsOf200AfterInvite(output: string): [number, number] | undefined {
  const row = /INVITE[^\n]*\n\s*-+>\s+200\s+(?:E-RTD\d+\s+)?(\d+)\s+(\d+)/.exec(output);
  return row ? [Number(row[1]), Number(row[2])] : undefined;
}

/** The SIP requests sipp received, as logged with `messageLog`: each one's text (start line, headers, body). */
export function sippReceived(log: string, method: string): string[] {
  return log
    .replace(/\r\n/g, '\n')
    .split(/^-{10,} [^\n]*\n/m)
    .filter((block) => /^\w+ message received/.test(block))
    .map((block) => block.slice(block.indexOf('\n') + 1).trim())
    .filter((message) => message.startsWith(`${method} `));
}
