import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Every page an Agent renders is checked with html-validate after each file (issue 10).
    setupFiles: ['test/helpers/html-every-page.ts'],
    testTimeout: 60_000, // browser tests on a loaded 2-core machine; a unit test never comes near it
    hookTimeout: 60_000,
    // A page that answers in a second alone can take several while the other worker runs Chromium or PostgreSQL.
    expect: { poll: { timeout: 10_000 } },
    // Two cores here: two workers keep PostgreSQL and Chromium from starving each other.
    maxWorkers: 2,
  },
});
