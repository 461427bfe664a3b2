/**
 * Names people typed never shape the package: evidence titled to climb out of its folder
 * (`x/../../../../index`), named like a generated file (`../manifest.json`, `index.html`), with a
 * NUL or a right-to-left override, or twice the same, each become one file in their item's
 * folder; the generated index.html, index.pdf, itas-links.csv and manifest.json are the real ones;
 * manifest.json lists every entry once (real FerretDB and S3 gateway, the ZIP read by unzip).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPackageJob } from '#evidence/package/runner.server'
import { writePackageToFile } from '#evidence/package/package.server'
import type { Storage } from '#evidence/storage/storage.server'
import { createFileEvidence, createTextEvidence } from '#models/evidence/records.server'
import { getPackageJob, requestPackageJob } from '#models/reporting/package-job.server'
import { getItemReview } from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, linker, provide, publishAndAssign, release, storedPdf, submitAndApprove } from '#test/support/kit'

const dir = mkdtempSync(path.join(tmpdir(), 'package-paths-'))
let storage: Storage
let org: TestOrg

beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'package-paths', bucket: true }))
})
afterAll(async () => {
  await release()
  rmSync(dir, { recursive: true, force: true })
})

const HOSTILE_TEXT_TITLES = [
  'x/../../../../index',
  '../manifest.json',
  'index.html',
  'itas-links.csv',
  'รายงาน\u202Efdp.exe',
  'สรุปผล',
  'สรุปผล',
]
const HOSTILE_FILE_NAMES = ['../../index.pdf', 'a\u0000b\u202E.pdf', 'manifest.json']

describe('a package of evidence with hostile titles and file names', () => {
  it(
    'puts each in its item folder as one file, keeps the generated ' + 'files real, and lists every entry once',
    async () => {
      const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })
      const { coordinator } = actorsOf(org)
      const elements = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements
      const link = linker(coordinator, catalog.id, 'O1')
      // every element gets evidence; the first gets all the hostile ones (same element: same prefix)
      const first = elements[0].id
      for (const title of HOSTILE_TEXT_TITLES)
        await link((await createTextEvidence(coordinator, { title, html: `<p>${title}</p>` })).id, first)
      for (const fileName of HOSTILE_FILE_NAMES) {
        // the name as stored in S3 is not the one under test
        const stored = await storedPdf(storage, org.organization.id, 'x.pdf', Buffer.from(`%PDF-1.4\n${fileName}\n`))
        await link((await createFileEvidence(coordinator, { ...stored, fileName })).id, first)
      }
      for (const element of elements.slice(1))
        await link(
          (await createTextEvidence(coordinator, { title: `คำอธิบาย ${element.id}`, html: '<p>ok</p>' })).id,
          element.id,
        )
      await submitAndApprove(org, catalog.id, 'O1')

      const job = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
      const status = await runPackageJob(storage, job, 'test-runner', { log: () => {} })
      const done = (await getPackageJob(org.organization.id, job.id))!
      expect(status, done.failureReason).toBe('done')
      const zip = path.join(dir, 'hostile.zip')
      await writePackageToFile(storage, done.resultKey, zip)

      const listing = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' })
      expect(listing.status, listing.stderr).toBe(0)
      const entries = listing.stdout.split('\n').filter(Boolean)
      expect(new Set(entries.map((e) => e.toLowerCase())).size).toBe(entries.length)
      for (const e of entries) {
        expect(e.split('/'), e).not.toContain('..')
        expect(e, e).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]|^\//)
      }
      // the root holds the generated files and the tool folder, nothing of the evidence
      expect(entries.filter((e) => !e.includes('/')).sort()).toEqual([
        'index.html',
        'index.pdf',
        'itas-links.csv',
        'manifest.json',
      ])
      const folder = 'OIT/09-การเปิดเผยข้อมูล/O01-โครงสร้าง หน้าที่และอำนาจ'
      const evidenceFiles = entries.filter((e) => e.startsWith('OIT/'))
      expect(evidenceFiles).toHaveLength(HOSTILE_TEXT_TITLES.length + HOSTILE_FILE_NAMES.length + elements.length - 1)
      for (const e of evidenceFiles) expect(path.posix.dirname(e), e).toBe(folder)
      expect(evidenceFiles.filter((e) => e.includes('สรุปผล'))).toHaveLength(2)

      const out = path.join(dir, 'hostile')
      expect(spawnSync('unzip', ['-q', zip, '-d', out]).status).toBe(0)
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
        format: string
        files: { path: string; kind: string; evidenceId: string | null }[]
      }
      expect(manifest.format).toBe('saisaat-submission-package/1')
      const listed = manifest.files.map((f) => f.path)
      expect(new Set(listed).size).toBe(listed.length)
      expect([...listed].sort()).toEqual(entries.filter((e) => e !== 'manifest.json').sort())
      expect(
        manifest.files
          .filter((f) => ['index.html', 'index.pdf', 'itas-links.csv'].includes(f.path))
          .map((f) => [f.path, f.kind, f.evidenceId]),
      ).toEqual([
        ['index.html', 'generated', null],
        ['index.pdf', 'generated', null],
        ['itas-links.csv', 'generated', null],
      ])
      expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<h1>ชุดเอกสารหลักฐานเชิงประจักษ์')
      expect(readFileSync(path.join(out, 'index.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
      expect(readFileSync(path.join(out, 'itas-links.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
      // index.html links each evidence to where it really is
      const html = readFileSync(path.join(out, 'index.html'), 'utf8')
      const hrefs = [...html.matchAll(/href="(OIT\/[^"]+)"/g)].map((m) => decodeURIComponent(m[1]))
      expect(hrefs.sort()).toEqual([...evidenceFiles].sort())
    },
  )
})
