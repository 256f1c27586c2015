/**
 * A worker thread's entry for a TypeScript module: the module runs through tsx's loader, registered inside the
 * worker (a loader registered in the parent does not reach worker threads).
 */
export function workerEntry(module: URL): URL {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(module.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
