// End-to-end support for the operator console: a real `aicall start` on a throwaway database, Debian's Chromium
// driven by playwright-core, and full-page screenshots of every page a test visits (git-ignored folder).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../src/app/console-build.js';
import { freePort } from './cluster.js';
import { testDatabaseUrl } from './test-db.js';

const BIN = path.resolve('bin/aicall.mjs');
export const SCREENSHOT_DIR = path.resolve('.e2e-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ConsoleServer {
  readonly base: string;
  readonly user: { user_name: string; password: string; user_sn: string };
  /** Runs the platform's command line (e.g. `tenant create`) on the same store. */
  readonly env: Record<string, string>;
  /** Stops the platform (the browser then meets a server that is down). */
  stop(): Promise<void>;
  /** Starts it again on the same address and store, as after a restart. */
  restart(): Promise<void>;
}

function runCli(args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`aicall ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts the real platform (all roles, the simulator line) on a private database with one fresh tenant —
 * no demo task, so every call the test sees is its own. Stopped when the test file ends. `extraEnv` adds
 * configuration (e.g. CALLBACK_ALLOWLIST for a push receiver on loopback).
 */
export async function startConsoleServer(extraEnv: Record<string, string> = {}): Promise<ConsoleServer> {
  if (!ensureConsoleBuilt(() => undefined)) throw new Error('the console could not be built');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aicall-console-e2e-'));
  const port = await freePort();
  const env = {
    DATABASE_URL: await testDatabaseUrl(),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NO_DEMO: 'true',
    CONSOLE_DIR: path.resolve('console/dist'),
    ...extraEnv,
  };
  const user = JSON.parse(
    runCli(
      [
        'tenant',
        'create',
        '--name',
        '测试租户',
        '--username',
        `op${port}`,
        '--password',
        'Op-pass-2026',
        '--json',
      ],
      env,
    ),
  ) as ConsoleServer['user'];
  let child = await launch(env);
  after(async () => {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    user,
    env,
    stop: () => stopServer(child),
    restart: async () => {
      child = await launch(env);
    },
  };
}

/** Runs `aicall start` and resolves once it serves. */
async function launch(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('aicall is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`server exited:\n${log}`)));
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

export async function openBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  after(() => browser.close());
  return browser;
}

/** A new page (own cookies) whose full-page screenshots go to .e2e-screenshots/<suite>/. */
export async function newConsolePage(browser: Browser, suite: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dir = path.join(SCREENSHOT_DIR, suite);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const shot = async (name: string) => {
    n += 1;
    await page.screenshot({
      path: path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  return { page, shot, errors };
}

export async function signIn(page: Page, base: string, userName: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(userName);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

/**
 * Closes the open drawer with its close button and waits until no drawer is open and no mask is left over the page.
 * Escape is not used: it reaches the drawer only while focus is inside it (a focused select takes the key; a
 * confirm that just closed leaves focus on the body), and the drawer stays open.
 */
export async function closeDrawer(page: Page): Promise<void> {
  // A message shown at the top may lie over the close button: it would take the click, and the pointer resting
  // on it keeps it from closing. The button is clicked once no message is left.
  await page.waitForFunction(() => document.querySelectorAll('.ant-message-notice').length === 0);
  await page.locator('.ant-drawer-open .ant-drawer-close').first().click();
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
  // The mask fades out after the panel is gone; until then it takes the clicks meant for the page.
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.ant-drawer-mask')).every((m) => !m.checkVisibility()),
  );
}

/**
 * Opens a select and clicks one of its options, opening it again while that does not take: a drawer that just
 * closed hands the focus back to its opener after its animation, and that blur closes a select opened in the
 * meantime (its dropdown fades out and lets the clicks through).
 */
export async function chooseOption(page: Page, select: Locator, title: string): Promise<void> {
  const option = page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-leave"])')
    .getByTitle(title, { exact: true });
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await option.isVisible())) await select.click();
      await option.click({ timeout: 3_000 });
      return;
    } catch (err) {
      if (attempt === 4) throw err;
    }
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, ms = 120_000) {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** The platform's own API with an api_key (as an integration would call it). */
export async function apiCall<T = Record<string, unknown>>(
  base: string,
  path: string,
  params: Record<string, unknown>,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return (await res.json()) as T;
}

export async function apiLogin(base: string, userName: string, password: string) {
  const r = await apiCall<{ code: number; data: { api_key: string; user_sn: string } }>(base, '/api/login', {
    from: '2',
    username: userName,
    password,
  });
  if (r.code !== 0) throw new Error(`login failed: ${JSON.stringify(r)}`);
  return { api_key: r.data.api_key, user_sn: r.data.user_sn };
}

/** Calling hours open all day every day (holidays included), so calls start whatever the time of the test. */
export async function allowCallingAllDay(base: string, key: { api_key: string; user_sn: string }) {
  const allDay = '00:00-24:00';
  const week = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`week${d}`, allDay]));
  const r = await apiCall<{ code: number }>(base, '/api/timeSave', {
    ...key,
    ...week,
    holiday: allDay,
    holiday_status: 1,
  });
  if (r.code !== 0) throw new Error(`timeSave failed: ${JSON.stringify(r)}`);
}

/** One row per phone in the columns a script's import template asks for (5.11 type=json), other cells filled. */
export async function templateRows(
  base: string,
  key: { api_key: string; user_sn: string },
  projectSn: string,
  phones: readonly string[],
): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const model = await apiCall<{ data: string[][] }>(base, '/api/exportModel', {
    ...key,
    project_sn: projectSn,
    type: 'json',
  });
  const header = (model.data[0] ?? []).map((c) => c.replace(/^\*/, ''));
  const value = (col: string, phone: string, i: number) =>
    col === '电话' ? phone : col.includes('日期') ? '2026-12-31' : col.includes('金额') ? '100' : `客户${i}`;
  const rows = phones.map((phone, i) => Object.fromEntries(header.map((c) => [c, value(c, phone, i)])));
  return { header, rows };
}

/** A csv file of those rows, as an operator would upload it; returns its path. */
export async function numbersCsv(
  base: string,
  key: { api_key: string; user_sn: string },
  projectSn: string,
  phones: readonly string[],
  name = `号码-${process.pid}`,
): Promise<string> {
  const { header, rows } = await templateRows(base, key, projectSn, phones);
  const lines = rows.map((r) => header.map((c) => r[c]).join(','));
  const file = path.join(os.tmpdir(), `${name}.csv`);
  writeFileSync(file, `${header.join(',')}\n${lines.join('\n')}\n`);
  return file;
}

/** A 3-second 8 kHz 16-bit mono WAV (a tone), as a call recording would be stored. */
export function toneWav(seconds = 3, rate = 8000): Buffer {
  const samples = seconds * rate;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  }
  return b;
}
