import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20000,
    hookTimeout: 30000,
    // Spawned processes and servers on ephemeral ports: keep to the two cores we have.
    maxWorkers: 2,
  },
});
