#!/usr/bin/env node
// The `aicall` command: runs src/main.ts compiled to JavaScript (bin/compile.mjs compiles it when the sources have
// changed, in about a second). Where the tree cannot be written (a read-only install), the sources run through tsx.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledTree } from './compile.mjs';

let tree;
try {
  tree = await compiledTree();
} catch (err) {
  console.error(
    `aicall: running the TypeScript sources directly (${err instanceof Error ? err.message : err})`,
  );
}
if (tree) {
  await import(pathToFileURL(path.join(tree, 'src', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
