// The console builds to console/dist, which the platform serves at `/`; `npm run dev` proxies the API to a
// running platform (AICALL_URL, default http://127.0.0.1:8080).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const api = process.env.AICALL_URL ?? 'http://127.0.0.1:8080';

/**
 * Writes each script and stylesheet of the build compressed beside it (.br, .gz): the platform sends those to a
 * browser that accepts them (console-static.ts), at the highest levels since it is done once per build, not per
 * request. Small files are left alone: a few bytes saved do not pay for a second file.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'aicall-precompress',
    apply: 'build',
    configResolved: (c) => void (outDir = path.resolve(c.root, c.build.outDir)),
    closeBundle() {
      const dir = path.join(outDir, 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const file = path.join(dir, name);
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': api, '/ext': api, '/ws': { target: api, ws: true } } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    css: false,
    testTimeout: 30_000,
  },
});
