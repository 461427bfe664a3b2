/**
 * A coordinator drops five files (one Thai-named, one of 100 MB, one forged), sees progress,
 * gets four stored and one refused with its reason, previews the PDF, links it to two
 * criteria, replaces it and sees both versions.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { startFromBuiltIn } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { upsertOrganization } from '#models/tenancy/organization.server'
import { createUnit } from '#models/tenancy/unit.server'
import { addPerson, setPassword } from '#models/tenancy/user.server'
import { countBecomes, openBrowser, type BrowserSession } from '#test/support/browser'
import { elfBytes, largePdfLike, minimalPdf, solidPng } from '#test/support/evidence-files'

const baseUrl = inject('baseUrl')
const PASSWORD = 'evidence-e2e-password-2569'
let session: BrowserSession
let dir: string
let email: string

beforeAll(async () => {
  await connectDatabase(`${inject('services').mongoUri}e2e`, { dbName: 'e2e' })
  const suffix = randomBytes(3).toString('hex')
  const org = await upsertOrganization({
    code: `e2e-evidence-${suffix}`,
    nameTh: `กรมทดสอบหลักฐาน ${suffix}`,
    nameEn: 'Evidence e2e',
    agencyType: 'department',
  })
  const actor = { organizationId: org.id, userId: null, userName: 'e2e set-up' }
  const unit = await createUnit(actor, { nameTh: 'กองคลัง', kind: 'division' })
  email = `coordinator-${suffix}@evidence.saisaat.test`
  const person = await addPerson(actor, { email, nameTh: 'สมชาย ประสานงาน', role: 'coordinator', unitIds: [unit.id] })
  await setPassword(actor, person.id, PASSWORD)
  // the agency's own ITA 2569 catalog, with O1 and O2 assigned to the coordinator's unit
  const catalog = await startFromBuiltIn(actor, 'ita-nacc-2569')
  await publishCatalog(actor, catalog.id)
  await assignItems(actor, {
    catalogId: catalog.id,
    itemCodes: ['O1', 'O2'],
    unitIds: [unit.id],
    dueDate: '2026-03-31',
  })
  await disconnectDatabase()

  dir = mkdtempSync(path.join(tmpdir(), 'saisaat-e2e-evidence-'))
  writeFileSync(path.join(dir, 'รายงานผลการดำเนินงาน ปี 2569.pdf'), minimalPdf('Annual report 2569'))
  writeFileSync(path.join(dir, 'big-100mb.pdf'), largePdfLike(100 * 1024 * 1024))
  writeFileSync(path.join(dir, 'forged.pdf'), elfBytes())
  writeFileSync(path.join(dir, 'chart.png'), solidPng(32, 32))
  writeFileSync(path.join(dir, 'list.csv'), 'ลำดับ,ชื่อ\n1,ปั้น ญี่ปุ่น ฎีกา\n')
  writeFileSync(path.join(dir, 'รายงานผลการดำเนินงาน ฉบับแก้ไข.pdf'), minimalPdf('Annual report 2569, revised'))
  session = await openBrowser()
})

afterAll(async () => {
  await session?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the evidence library in Chromium', () => {
  it('uploads, refuses, previews, links, replaces and keeps versions', async () => {
    const page = await session.newPage()
    await page.goto(`${baseUrl}/login`)
    await page.getByLabel('อีเมล').fill(email)
    await page.getByLabel('รหัสผ่าน').fill(PASSWORD)
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
    await page.waitForURL(`${baseUrl}/`)
    await page.getByRole('link', { name: 'คลังหลักฐาน' }).click()
    await page.getByText('ยังไม่มีหลักฐาน').waitFor()

    const names = ['รายงานผลการดำเนินงาน ปี 2569.pdf', 'big-100mb.pdf', 'forged.pdf', 'chart.png', 'list.csv']
    await page.locator('input[type=file]').setInputFiles(names.map((n) => path.join(dir, n)))
    // progress: a bar for the batch and one per file while they upload
    await page.getByRole('progressbar', { name: 'big-100mb.pdf' }).waitFor()
    expect(await page.getByRole('progressbar', { name: /อัปโหลดแล้ว|\d+ จาก 5/ }).count()).toBeGreaterThan(0)

    const items = page.getByTestId('upload-item')
    await expect
      .poll(() => page.locator('[data-testid=upload-item][data-status=done]').count(), { timeout: 60_000 })
      .toBe(4)
    expect(await page.locator('[data-testid=upload-item][data-status=refused]').count()).toBe(1)
    const refused = items.filter({ hasText: 'forged.pdf' })
    expect(await refused.getByRole('alert').textContent()).toMatch(/"forged\.pdf": เนื้อไฟล์เป็นชนิด ELF.*ไม่รับ/)
    await page.getByText('อัปโหลดแล้ว 4 จาก 5 ไฟล์').waitFor()
    // the list shows the four stored files
    await countBecomes(page.getByRole('row'), 5)

    // preview the Thai-named PDF
    await items.filter({ hasText: 'รายงานผลการดำเนินงาน ปี 2569.pdf' }).getByRole('link', { name: 'เปิด' }).click()
    await page.getByRole('heading', { name: 'รายงานผลการดำเนินงาน ปี 2569' }).waitFor()
    const frame = page.locator('iframe[title^="ตัวอย่าง"]')
    const src = await frame.getAttribute('src')
    const file = await page.request.get(`${baseUrl}${src}`)
    expect(file.status()).toBe(200)
    expect(file.headers()['content-type']).toBe('application/pdf')
    expect(file.headers()['content-disposition']).toContain(`inline; filename="`)
    expect(file.headers()['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('รายงานผลการดำเนินงาน ปี 2569.pdf')}`,
    )
    expect(file.headers()['content-security-policy']).toContain("frame-ancestors 'self'")
    expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-')

    // link to two criteria with the simple picker
    for (const code of ['O1 e1', 'O2 e1']) {
      await page.getByRole('textbox', { name: 'เลือกองค์ประกอบ (แคตตาล็อก · ข้อ · องค์ประกอบ)' }).fill(`2569 · ${code}`)
      await page.getByRole('option', { name: new RegExp(`^2569 · ${code}:`) }).click()
      await page.getByRole('button', { name: 'เชื่อมโยง', exact: true }).click()
      await page
        .getByTestId('target-row')
        .filter({ hasText: `${code}:` })
        .waitFor()
    }
    expect(await page.getByTestId('target-row').count()).toBe(2)

    // replace: a new version, the first still listed
    await page.locator('input[type=file]').setInputFiles(path.join(dir, 'รายงานผลการดำเนินงาน ฉบับแก้ไข.pdf'))
    await page.locator('[data-testid=upload-item][data-status=done]').waitFor()
    await countBecomes(page.getByTestId('version-row'), 2)
    const rows = page.getByTestId('version-row')
    expect(await rows.nth(0).textContent()).toMatch(/ฉบับที่ 2.*ฉบับปัจจุบัน.*รายงานผลการดำเนินงาน ฉบับแก้ไข\.pdf/)
    expect(await rows.nth(1).textContent()).toMatch(/ฉบับที่ 1.*รายงานผลการดำเนินงาน ปี 2569\.pdf/)
    const old = await page.request.get(
      `${baseUrl}${await rows.nth(1).getByRole('link', { name: 'ดาวน์โหลด' }).getAttribute('href')}`,
    )
    expect(old.headers()['content-disposition']).toMatch(/^attachment;/)
    expect((await old.body()).toString('latin1')).toContain('Annual report 2569)')
  })
})
