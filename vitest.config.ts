import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI; a slow, shared 2-core CI machine needs room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
