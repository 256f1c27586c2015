// `aicall start` runs src/ compiled to JavaScript (bin/compile.mjs): the tree mirrors the repository, carries src/'s
// other files, is compiled once per state of the sources, and runs without a TypeScript loader — worker threads
// included, and the console is found from it.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compiledTree } from '../../bin/compile.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs `code` (an ES module) in a plain node process with no loader; returns its standard output. */
const runPlain = (code: string) =>
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
const runPlainAsync = async (code: string) =>
  (await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT })).stdout;

describe('compiled tree', () => {
  it('compiles once for callers at once, in one process or several', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'aicall-compiled-'));
    try {
      const compile = `import { compiledTree } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'bin/compile.mjs')).href)};
        console.log(await compiledTree([], ${JSON.stringify(base)}));`;
      const other = (async () => runPlainAsync(compile))();
      const trees = await Promise.all(Array.from({ length: 6 }, () => compiledTree([], base)));
      const tree = trees[0]!;
      assert.deepEqual(new Set(trees), new Set([tree]), 'callers in one process get one tree');
      assert.equal((await other).trim(), tree, 'a process compiling beside them gets the same tree');
      assert.ok(existsSync(path.join(tree, '.complete')));
      assert.ok(existsSync(path.join(tree, 'src', 'main.js')));
      assert.deepEqual(
        readdirSync(base).filter((name) => name.endsWith('.tmp')),
        [],
        'no scratch directory is left',
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('mirrors src/ as JavaScript, copies its other files and is reused while the sources are unchanged', async () => {
    const tree = await compiledTree();
    assert.ok(tree.startsWith(path.join(ROOT, 'dist', 'server')));
    assert.ok(existsSync(path.join(tree, 'src', 'main.js')));
    assert.ok(!existsSync(path.join(tree, 'src', 'main.ts')));
    assert.ok(!existsSync(path.join(tree, 'src', 'lib', 'secret-box.test.js')), 'tests are not compiled');
    assert.equal(
      readFileSync(path.join(tree, 'src', 'db', 'seed', 'cn-holidays.json'), 'utf8'),
      readFileSync(path.join(ROOT, 'src', 'db', 'seed', 'cn-holidays.json'), 'utf8'),
    );
    const built = statSync(path.join(tree, 'src', 'main.js')).mtimeMs;
    assert.equal(await compiledTree(), tree);
    assert.equal(statSync(path.join(tree, 'src', 'main.js')).mtimeMs, built, 'not compiled again');
    const withEntry = await compiledTree(['test/support/api-process.ts']);
    assert.notEqual(withEntry, tree, 'another set of sources is another tree');
    assert.ok(existsSync(path.join(withEntry, 'test/support/api-process.js')));
  });

  it('runs without a loader: JSON imports, worker entries and the console directory resolve', async () => {
    const tree = await compiledTree();
    const url = (rel: string) => JSON.stringify(pathToFileURL(path.join(tree, rel)).href);
    const out = runPlain(`
      const { demoScripts } = await import(${url('src/robot/demo-scripts/index.js')});
      const { workerEntry } = await import(${url('src/lib/worker-entry.js')});
      const { CONSOLE_ROOT } = await import(${url('src/app/console-build.js')});
      console.log(JSON.stringify({
        scripts: demoScripts.length,
        worker: workerEntry(new URL('./chunk-worker.ts', ${url('src/services/import/chunk-source.js')})).href,
        console: CONSOLE_ROOT,
      }));`);
    const seen = JSON.parse(out) as { scripts: number; worker: string; console: string };
    assert.equal(seen.scripts, 2);
    assert.equal(seen.worker, pathToFileURL(path.join(tree, 'src/services/import/chunk-worker.js')).href);
    assert.ok(existsSync(new URL(seen.worker)), 'the worker entry is a compiled file');
    assert.equal(seen.console, path.join(ROOT, 'console'));
  });

  it('from the sources, a worker entry runs its module through the TypeScript loader', async () => {
    const { workerEntry } = await import('../../src/lib/worker-entry.js');
    const entry = workerEntry(new URL('./x.ts', import.meta.url));
    assert.equal(entry.protocol, 'data:');
    assert.match(decodeURIComponent(entry.href), /register\(\); await import\(".*\/x\.ts"\)/);
  });
});
