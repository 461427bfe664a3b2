/**
 * The submission package in Chromium: an administrator generates the package of FY2569, sees
 * it queued and running with its progress, downloads the finished ZIP, which tests clean and
 * holds a manifest listing the approved evidence; an assessor may not open the page.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import { createStorage } from '#evidence/storage/storage.server'
import { createFileEvidence, createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import { type BrowserSession, signedInPage } from '#test/support/browser'
import type { TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
const dir = mkdtempSync(path.join(tmpdir(), 'package-e2e-'))
let session: BrowserSession
let org: TestOrg
let bigFileName: string

beforeAll(async () => {
  ;({ org, session } = await provideE2e('package-e2e'))
  const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })
  const coordinator = actorsOf(org).coordinator
  const assessor = actorsOf(org).assessor
  const elements = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements
  // a large scan on the first element keeps the archive busy long enough to watch its progress
  const storage = createStorage({ ...inject('services').s3, bucket: 'e2e-evidence', forcePathStyle: true })
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(160 * 1024 * 1024, 'x')])
  bigFileName = 'แผนผังโครงสร้างองค์กร.pdf'
  const stored = await putHashedStream(storage, newObjectKey(org.organization.id), Readable.from([big]), {
    contentType: 'application/pdf',
    maxBytes: 200 * 1024 * 1024,
    fileName: bigFileName,
  })
  const file = await createFileEvidence(coordinator, { ...stored, mimeType: 'application/pdf', fileName: bigFileName })
  for (const [i, element] of elements.entries()) {
    const id =
      i === 0
        ? file.id
        : (await createTextEvidence(coordinator, { title: `คำอธิบาย ${element.id}`, html: `<p>${element.textTh}</p>` }))
            .id
    await linkEvidence(
      coordinator,
      id,
      { catalogId: catalog.id, itemCode: 'O1', elementId: element.id },
      { resolveTarget: resolveOrganizationTarget },
    )
  }
  await submitItem(coordinator, catalog.id, 'O1')
  await approveItem(assessor, catalog.id, 'O1', { ticks: elements.map((e) => ({ elementId: e.id, ticked: true })) })
}, 180_000)
afterAll(async () => {
  await release()
  rmSync(dir, { recursive: true, force: true })
})

describe('the submission package in Chromium', () => {
  // generous waits: index.pdf is rendered by Chromium before the archive starts, slow on a busy machine
  it(
    'an administrator generates the package, watches its progress and downloads it',
    { timeout: 300_000 },
    async () => {
      const page = await signedInPage(session, baseUrl, org.people.admin)
      await page.getByRole('link', { name: 'ชุดเอกสารส่งประเมิน' }).click()
      await page.waitForURL(`${baseUrl}/packages`)
      await page.getByText('ยังไม่เคยจัดทำชุดเอกสาร').waitFor()
      await expect(page.getByLabel('ปีงบประมาณ').inputValue()).resolves.toBe('2569')
      await expect(page.getByLabel('รอบการรายงาน').inputValue()).resolves.toBe('12')

      await page.getByRole('button', { name: 'จัดทำชุดเอกสาร' }).click()
      const row = page.getByTestId('package-row').first()
      await row.waitFor()
      // the page follows the job by itself: files and bytes move while the archive is written
      await page.getByTestId('package-progress').waitFor({ timeout: 150_000 })
      await expect(page.getByTestId('package-progress').textContent()).resolves.toMatch(
        /^ไฟล์ \d+ จาก 8 · .+ จาก 16\d MB$/,
      )
      await expect(page.getByRole('button', { name: 'จัดทำชุดเอกสาร' }).isDisabled()).resolves.toBe(true)
      await page.locator('[data-testid=package-row][data-status=done]').waitFor({ timeout: 120_000 })
      await expect(page.getByTestId('package-status').first().textContent()).resolves.toBe('เสร็จแล้ว')
      const sha256 = (await page.getByTestId('package-sha256').textContent())!.trim()
      expect(sha256).toMatch(/^[0-9a-f]{64}$/)
      await expect(row.textContent()).resolves.toContain(org.people.admin.nameTh)

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'ดาวน์โหลด' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/^ชุดเอกสารหลักฐาน-ITA-2569-รอบ12-[0-9a-f]{6}\.zip$/)
      const zip = path.join(dir, 'package.zip')
      await download.saveAs(zip)
      const test = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' })
      expect(test.status, test.stdout + test.stderr).toBe(0)
      const manifest = JSON.parse(
        spawnSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout,
      ) as { files: { path: string; kind: string; approvedByName: string | null }[] }
      const files = manifest.files.filter((f) => f.kind !== 'generated')
      expect(files.map((f) => f.path)).toContain(`OIT/09-การเปิดเผยข้อมูล/O01-โครงสร้าง หน้าที่และอำนาจ/e1-${bigFileName}`)
      expect(files.every((f) => f.approvedByName === org.people.assessor.nameTh)).toBe(true)
      expect(manifest.files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['index.pdf', 'index.html', 'itas-links.csv']),
      )
      const { createHash } = await import('node:crypto')
      expect(createHash('sha256').update(readFileSync(zip)).digest('hex')).toBe(sha256)
    },
  )

  it('is for administrators only', async () => {
    const page = await signedInPage(session, baseUrl, org.people.assessor)
    expect(await page.getByRole('link', { name: 'ชุดเอกสารส่งประเมิน' }).count()).toBe(0)
    const response = await page.goto(`${baseUrl}/packages`)
    expect(response?.status()).toBe(403)
  })
})
