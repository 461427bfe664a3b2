import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ROOT, freePort } from '#scripts/services'
import { testEnv } from '#test/support/services'

function start(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    // a clean environment: only what the test gives, plus PATH for tsx
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { code: r.status, stderr: r.stderr.trim() }
}

describe('start-up refuses a broken configuration with a one-line reason', () => {
  it('stops without SESSION_SECRET in production', () => {
    const { code, stderr } = start(testEnv({ NODE_ENV: 'production' }))
    expect(code).toBe(1)
    expect(stderr.split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/SESSION_SECRET is required in production/)
  })

  it('stops when S3_ENDPOINT points at nothing', async () => {
    const closed = await freePort()
    const { code, stderr } = start(
      testEnv({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        S3_ENDPOINT: `http://127.0.0.1:${closed}`,
      }),
    )
    expect(code).toBe(1)
    expect(stderr.split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^Saisaat cannot start: S3_ENDPOINT: cannot reach the store at http:\/\/127\.0\.0\.1/)
  })

  it('stops when S3_ENDPOINT is not a URL, naming the variable and the rule', () => {
    const { code, stderr } = start(testEnv({ S3_ENDPOINT: 'not a url' }))
    expect(code).toBe(1)
    expect(stderr).toMatch(/S3_ENDPOINT must be a URL/)
  })
})
