/**
 * A worker thread's entry for a module of src/ named by its TypeScript file. Compiled (bin/compile.mjs), the
 * module's JavaScript sibling is loaded as it is; from the sources, the module runs through tsx's loader, registered
 * inside the worker (a loader registered in the parent does not reach worker threads).
 */
export function workerEntry(module: URL): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL(module.href.replace(/\.ts$/, '.js'));
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(module.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
