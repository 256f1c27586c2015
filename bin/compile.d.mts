/**
 * The directory of the compiled tree for src/ and `extra` (more TypeScript files relative to the repository) under
 * `base` (dist/server), compiled first when these sources have not been compiled yet. See compile.mjs.
 */
export function compiledTree(extra?: readonly string[], base?: string): Promise<string>;
