/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Only the development server needs to know where the backend is; the built site talks to
// relative /api/v1 paths, which CloudFront (or scripts/serve.mjs) routes to the backend.
const backend = process.env.YOCTOGRAM_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  server: {
    proxy: { '/api': { target: backend, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'],
    restoreMocks: true,
    setupFiles: ['src/test-setup.ts'],
  },
});
