// The server runs as plain JavaScript compiled from src/ once per state of the sources, not through a TypeScript
// loader: a loader registered in a process runs in a thread of its own with its own heap (~40 MB), and every worker
// thread that runs TypeScript registers another (~30 MB each); loading compiled modules costs neither.
// Compiled trees live in dist/server/<hash of the sources>/, mirroring the repository's layout (src/app/build.ts →
// dist/server/<hash>/src/app/build.js, with src/'s other files copied beside), so relative imports and files read
// next to a module resolve as in the sources, and node_modules is found by walking up as from src/.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Bumped when the way a tree is compiled changes, so trees compiled the old way are not reused. */
const FORMAT = 2;
/** Compiled trees kept besides the one in use: a process started from an older one may still load a worker from it. */
const KEEP = 3;
const COMPLETE = '.complete';

/** Every file under `dir` (relative to ROOT), skipping tests: they run from the sources. */
function filesUnder(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !entry.name.endsWith('.test.ts')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** Names the state of the sources: each file's path, size and modification time, and the compiler's settings. */
function sourceHash(files) {
  const hash = createHash('sha256').update(`format ${FORMAT}\n`);
  for (const file of [...files, 'tsconfig.json', 'package-lock.json']) {
    const st = statSync(path.join(ROOT, file));
    hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The directory of the compiled tree for src/ and `extra` (more TypeScript files, relative to the repository, such
 * as a test's entry point), under `base`, compiling it first when these sources have not been compiled yet. Safe to
 * call from several processes at once (each compiles into a directory of its own and the first to finish names
 * it) and several times at once in one process (the calls share one compilation).
 */
export async function compiledTree(extra = [], base = path.join(ROOT, 'dist', 'server')) {
  const files = [...filesUnder('src'), ...extra];
  const target = path.join(base, sourceHash(files));
  if (existsSync(path.join(target, COMPLETE))) return target;
  // Callers in this process that want the same tree share one compilation.
  let compiling = inProcess.get(target);
  if (compiling === undefined) {
    compiling = compile(files, base, target).finally(() => inProcess.delete(target));
    inProcess.set(target, compiling);
  }
  return compiling;
}

/** Compilations under way in this process, by target directory. */
const inProcess = new Map();
let scratchCount = 0;

async function compile(files, base, target) {
  const { build } = await import('esbuild');
  mkdirSync(base, { recursive: true });
  // A scratch directory of its own: other processes may be compiling the same tree beside it.
  const scratch = `${target}.${process.pid}-${++scratchCount}.tmp`;
  try {
    await build({
      entryPoints: files.filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, f)),
      outdir: scratch,
      outbase: ROOT,
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: 'node20.12', // package.json's engines: keeps import attributes (`with { type: 'json' }`)
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    for (const file of files.filter((f) => !f.endsWith('.ts'))) {
      cpSync(path.join(ROOT, file), path.join(scratch, file));
    }
    writeFileSync(path.join(scratch, COMPLETE), '');
    try {
      renameSync(scratch, target);
    } catch (err) {
      // Another process finished the same tree first: use that one.
      if (!existsSync(path.join(target, COMPLETE))) throw err;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  prune(base, target);
  return target;
}

/** Removes all but the newest KEEP compiled trees besides `current`, and scratch trees of processes that died. */
function prune(base, current) {
  const trees = readdirSync(base)
    .map((name) => path.join(base, name))
    .filter((dir) => dir !== current)
    .map((dir) => ({ dir, mtime: statSync(dir).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const hour = 60 * 60 * 1000;
  for (const [i, { dir, mtime }] of trees.entries()) {
    const stale = dir.endsWith('.tmp') ? Date.now() - mtime > hour : i >= KEEP;
    if (stale) rmSync(dir, { recursive: true, force: true });
  }
}
