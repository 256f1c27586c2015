// The console builds to console/dist, which the platform serves at `/`; `npm run dev` proxies the API to a
// running platform (AICALL_URL, default http://127.0.0.1:8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = process.env.AICALL_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
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
