import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the unit tests alone (pure logic, no database, no Temporal), without the
// global setup, which provisions PostgreSQL and a Temporal dev server and, on a fresh machine,
// builds the Temporal server from Go: seconds instead of minutes while working on libs/domain.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
