import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC instead of esbuild: NestJS needs decorator metadata, which esbuild does not emit.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Logs of the code under test are printed only for failing tests (test/support/test-logs.ts).
    setupFiles: ['test/support/test-logs.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores run the Temporal server, PostgreSQL and the tests: more workers only thrash.
    maxWorkers: 2,
    pool: 'forks',
  },
});
