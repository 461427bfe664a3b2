import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '#scripts/services'
import { testEnv } from '#test/support/services'

describe('start-up validates the built-in catalogs', () => {
  it('refuses to start with a broken built-in catalog, naming the file and the rule', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'catalogs-'))
    try {
      writeFileSync(
        path.join(dir, 'ita-broken.json'),
        JSON.stringify({ kind: 'ita', key: 'ita-broken', fiscalYear: 2569 }),
      )
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', ...testEnv({ BUILT_IN_CATALOG_DIR: dir }) },
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(r.status).toBe(1)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(
        /^Saisaat cannot start: built-in catalogs: .*ita-broken\.json.*name: ต้องระบุค่านี้ \/ required/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
