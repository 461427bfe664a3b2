import path from 'node:path'
import { defineConfig } from 'vitest/config'

const r = (p: string) => path.resolve(import.meta.dirname, p)
// The same aliases as tsconfig.json "paths" (Remix's compiler and tsx read them from there).
const alias = {
  '#app': r('app'),
  '#models': r('models'),
  '#evidence': r('evidence'),
  '#scoring': r('scoring'),
  '#scripts': r('scripts'),
  '#test': r('test'),
}

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/services.global.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          // the hostile corpus needs the running app too: it runs once, inside this project
          include: ['test/e2e/**/*.test.ts', 'test/security/**/*.test.ts'],
          globalSetup: ['test/setup/services.global.ts', 'test/setup/app.global.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // one browser at a time on a 2-core machine
          fileParallelism: false,
        },
      },
    ],
  },
})
