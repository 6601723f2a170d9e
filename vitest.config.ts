import { defineConfig } from 'vitest/config';

// Timeouts are sized for a shared CI machine under load (two cores, other jobs running), not for a quiet laptop:
// no test asserts a duration, and a slow machine must not turn a correct test red.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/network.ts', 'test/setup/state-dir.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
