/**
 * The house rules that keep the code easy to find one's way in: imports point down the layers without circles,
 * route modules stay short (page bodies live in app/components/<feature>/), and models/ keeps only shared
 * helpers at its top, everything else in its domain folder.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

describe('the house', () => {
  it('has no import circle among files and no import pointing up a layer', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check-imports.ts'], { cwd: root })
    const { stdout } = await run.catch((e: { stdout: string }) => ({ stdout: e.stdout }))
    expect(stdout.trim()).toMatch(/^imports clean: \d+ files$/)
  }, 60_000) // a child process that reads every source file: slow on a loaded machine

  it('keeps every route module at 150 lines or fewer', () => {
    const dir = path.join(root, 'app/routes')
    const long = readdirSync(dir)
      .map((f) => ({ f, lines: readFileSync(path.join(dir, f), 'utf8').split('\n').length }))
      .filter((r) => r.lines > 150)
    expect(long).toEqual([])
  })

  it('keeps only shared helpers loose in models/', () => {
    const dir = path.join(root, 'models')
    const loose = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile())
    expect(loose.sort()).toEqual(['claims.server.ts', 'dates.ts', 'db.server.ts', 'errors.ts', 'ids.ts', 'order.ts'])
  })
})
