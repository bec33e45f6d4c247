import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs both projects: `unit` (Node: DSP, analysis, models, app store) and `e2e`
 * (the built app in headless Chromium; its global setup builds and serves the app on a free
 * localhost port). Run one with `vitest run --project unit` or `--project e2e`.
 */
export default defineConfig({
  test: {
    // Files run one at a time across both projects: the browser tests time the page (long tasks,
    // drop-to-result) and must not share the two cores with unit tests running beside them.
    fileParallelism: false,
    reporters: ['default', './tests/support/summaryReporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores and the timings matter.
          fileParallelism: false,
        },
      },
    ],
  },
});
