import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@iamlint/source'] },
  ssr: { resolve: { conditions: ['@iamlint/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    // Hooks start fake AWS and build snapshots; on a loaded 2-core runner the 10 s default is too tight.
    hookTimeout: 60_000,
  },
});
