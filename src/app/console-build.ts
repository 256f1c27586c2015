// `npm start` serves the console from console/dist; this builds it first when it is missing or older than its
// sources, so a fresh `npm ci && npm start` works without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The repository's root: the nearest directory above this module holding aicall's package.json. Found by name, not
 * by depth, since the module runs from src/app or from a compiled tree (dist/server/<hash>/src/app).
 */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'aicall'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no aicall package.json above ${from}`);
  }
}

export const CONSOLE_ROOT = path.join(packageRoot(import.meta.dirname), 'console');
/** The built console (console/dist), served unless CONSOLE_DIR names another folder. */
export const CONSOLE_DIST = path.join(CONSOLE_ROOT, 'dist');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

/** True when console/dist is missing or any console source is newer than it. */
export function consoleBuildIsStale(root = CONSOLE_ROOT): boolean {
  const built = path.join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((f) =>
    newestMtime(path.join(root, f)),
  );
  return Math.max(...sources) > statSync(built).mtimeMs;
}

/**
 * Builds the console with Vite when stale. Returns false (and leaves the old build, if any) when the sources or
 * the build tool are absent, e.g. an installation that ships only console/dist.
 */
export function ensureConsoleBuilt(log: (line: string) => void, root = CONSOLE_ROOT): boolean {
  if (!existsSync(path.join(root, 'src'))) return existsSync(path.join(root, 'dist', 'index.html'));
  if (!consoleBuildIsStale(root)) return true;
  let vite: string;
  try {
    const pkg = createRequire(path.join(root, 'package.json')).resolve('vite/package.json');
    vite = path.join(path.dirname(pkg), 'bin', 'vite.js');
  } catch {
    log('console: vite is not installed (run npm ci); serving without a fresh build');
    return false;
  }
  log('console: building (vite build)…');
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    log('console: build failed');
    return false;
  }
  return true;
}
