/**
 * A new agency from nothing in Chromium, with no script between the steps: the operator creates it in the console
 * (no units, no catalogs, one invited administrator); the administrator sets a password through the invitation
 * link and is taken to /setup, confirms the profile, imports 12 units from an .xlsx (after a bad .csv is refused
 * naming row and column), invites 5 people from a .csv (their links listed for hand-over: the e2e app has no
 * SMTP_URL), starts the current year's ITA catalog, accepts the suggested assignments, saves the estimated calendar
 * and lands on the normal home page; then a new coordinator uploads and submits, and a new assessor approves.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { listCatalogs } from '#models/catalog/catalog.server'
import { fiscalYearOf } from '#models/dates'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { listUnits } from '#models/tenancy/unit.server'
import { listPeople } from '#models/tenancy/user.server'
import { DEMO_PASSWORD } from '#scripts/seed'
import { DEMO_OPERATOR, seedDemoOperator } from '#scripts/seed-operator'
import { listAssignments } from '#models/work/assignment.server'
import { getCalendar } from '#models/work/calendar.server'
import { type BrowserSession, hydrated, open, openBrowser, submit, textBecomes } from '#test/support/browser'
import { minimalPdf } from '#test/support/evidence-files'
import { useE2eDatabase } from '#test/support/e2e-db'
import { onRelease, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
const PASSWORD = 'kw8-first-run-setup-zq'
let session: BrowserSession
let organizationId: string
let inviteUrl: string
let page: Page
const consoleErrors: string[] = []
let catalogId: string
let handedLinks: { pr: string; assessor: string }
const stamp = Date.now().toString(36)

beforeAll(async () => {
  onRelease(await useE2eDatabase())
  session = await openBrowser()
  onRelease(() => session.close())
  // the operator creates the organization and its first administrator in the console, as a person does
  await seedDemoOperator(DEMO_PASSWORD)
  const operator = await (await session.newContext()).newPage()
  await operator.goto(`${baseUrl}/login`)
  await operator.getByLabel('อีเมล').fill(DEMO_OPERATOR.email)
  await operator.getByLabel('รหัสผ่าน').fill(DEMO_PASSWORD)
  await operator.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
  await operator.waitForURL(`${baseUrl}/platform`)
  await open(operator, `${baseUrl}/platform/organizations/new`)
  await operator.getByLabel('ชื่อหน่วยงาน (ไทย)').fill('กรมทดสอบระบบ')
  await operator.getByLabel('ชื่อหน่วยงาน (อังกฤษ)').fill('Test Systems Department')
  await operator.getByLabel('รหัสหน่วยงาน (ภาษาอังกฤษพิมพ์เล็ก').fill(`dept-test-${stamp}`)
  await operator.getByLabel('อีเมลผู้ดูแลระบบคนแรก').fill(`admin-${stamp}@dept-test.saisaat.test`)
  await operator.getByLabel('ชื่อผู้ดูแลระบบคนแรก').fill('ผู้ดูแล กรมทดสอบ')
  const created = await submit(operator, () => operator.getByRole('button', { name: 'สร้างหน่วยงาน' }).click())
  expect(created.status()).toBe(200)
  const link = ((await operator.getByTestId('one-time-link').textContent()) ?? '').trim()
  organizationId = (await getOrganizationByCode(`dept-test-${stamp}`))!.id
  inviteUrl = link.replace(/^https?:\/\/[^/]+/, baseUrl)
  await operator.context().close()
  const context = await session.newContext()
  // axe-core before the page's scripts (the CSP refuses injected script tags), as the crawl does
  await context.addInitScript({
    content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
  })
  page = await context.newPage()
  // the set-up pages render without a console error or hydration warning
  page.on('console', (m) => {
    if (m.type() === 'error' || /hydrat|did not match/i.test(m.text())) consoleErrors.push(m.text())
  })
  page.on('pageerror', (e) => consoleErrors.push(e.message))
})
afterAll(release)

const UNITS = [
  ['SEC', 'สำนักงานเลขานุการกรม', 'สำนัก', ''],
  ['FIN', 'กองคลัง', 'กอง', ''],
  ['PROC', 'กลุ่มงานพัสดุ', 'กลุ่ม', 'FIN'],
  ['HR', 'กองการเจ้าหน้าที่', 'กอง', ''],
  ['HRD', 'ฝ่ายพัฒนาบุคลากร', 'ฝ่าย', 'HR'],
  ['PLAN', 'กองยุทธศาสตร์และแผนงาน', 'กอง', ''],
  ['PR', 'กลุ่มงานประชาสัมพันธ์', 'กลุ่ม', 'SEC'],
  ['IT', 'ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร', 'ศูนย์', ''],
  ['ACC', 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', 'ศูนย์', ''],
  ['AUD', 'กลุ่มตรวจสอบภายใน', 'กลุ่ม', ''],
  ['LAW', 'กองกฎหมาย', 'กอง', ''],
  ['REG1', 'สำนักงานภาค 1', 'ภูมิภาค', ''],
]

async function unitsWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  const ws = book.addWorksheet('หน่วยงาน')
  ws.addRow(['code', 'Thai name', 'kind', 'parent code'])
  for (const u of UNITS) ws.addRow(u)
  return Buffer.from(await book.xlsx.writeBuffer())
}

const PEOPLE_CSV = [
  'e-mail,name,role,unit codes',
  `fin-${stamp}@dept-test.saisaat.test,ผู้ประสาน กองคลัง,ผู้ประสานงาน,"FIN,PROC"`,
  `pr-${stamp}@dept-test.saisaat.test,ผู้ประสาน ประชาสัมพันธ์,coordinator,PR`,
  `hr-${stamp}@dept-test.saisaat.test,ผู้ประสาน การเจ้าหน้าที่,ผู้ประสานงาน,HR`,
  `assessor-${stamp}@dept-test.saisaat.test,ผู้ตรวจ กรมทดสอบ,ผู้ตรวจประเมิน,`,
  `exec-${stamp}@dept-test.saisaat.test,ผู้บริหาร กรมทดสอบ,executive,`,
].join('\r\n')

/** WCAG 2 / 2.1 A and AA violations axe finds on the page as it is now, named with the page's path. */
async function accessibility(): Promise<string[]> {
  const found = await page.evaluate(async () => {
    type Axe = { run: (d: Document, o: unknown) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> }
    const result = await (window as unknown as { axe: Axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  return found.map((v) => `${new URL(page.url()).pathname}: ${v}`)
}
const violations: string[] = []

/** Chooses the file in the step's upload form and presses import; resolves once the page shows the answer. */
async function upload(name: string, mimeType: string, buffer: Buffer) {
  await page.locator('input[type=file][name=file]').setInputFiles({ name, mimeType, buffer })
  await submit(page, () => page.getByRole('button', { name: 'นำเข้า', exact: true }).click())
}

describe('a new agency sets itself up', () => {
  it('its administrator completes the set-up and lands on the normal home page', async () => {
    // the invitation link: a password, then the home page sends the new administrator to the set-up
    await page.goto(inviteUrl)
    await page.getByLabel('รหัสผ่านใหม่').fill(PASSWORD)
    await page.getByLabel('ยืนยันรหัสผ่าน').fill(PASSWORD)
    await page.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
    await page.waitForURL(`${baseUrl}/setup`)
    await textBecomes(page.getByTestId('setup-progress'), 'เสร็จแล้ว 0 จาก 6 ขั้นตอน')
    violations.push(...(await accessibility()))

    // 1. profile
    await page.getByRole('link', { name: 'ไปที่ขั้นตอนนี้: ข้อมูลหน่วยงาน' }).click()
    await page.waitForURL(`${baseUrl}/setup/profile`)
    await hydrated(page)
    violations.push(...(await accessibility()))
    await page.getByLabel('รหัสหน่วยงานในระบบ ITAS').fill('12345')
    await page.getByRole('button', { name: 'บันทึกและยืนยัน' }).click()
    await page.waitForURL(`${baseUrl}/setup`)
    await textBecomes(page.getByTestId('setup-progress'), 'เสร็จแล้ว 1 จาก 6 ขั้นตอน')

    // 2. units: a bad sheet first (nothing saved, row and column named), then the 12 units
    await page.goto(`${baseUrl}/setup/units`)
    await hydrated(page)
    const bad = ['code,Thai name,kind,parent code', 'SEC,สำนักงานเลขานุการกรม,สำนัก,', 'FIN,กองคลัง,แผนก,SEC'].join('\r\n')
    await upload('units.csv', 'text/csv', Buffer.from(bad))
    await textBecomes(page.getByTestId('sheet-problems'), /แผ่นงาน units\.csv แถว 3 คอลัมน์ kind: ไม่รู้จักประเภท "แผนก"/)
    expect(await listUnits(organizationId)).toEqual([])
    await upload(
      'หน่วยงาน.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      await unitsWorkbook(),
    )
    await textBecomes(page.getByRole('status'), 'นำเข้าแล้ว 12 หน่วย')
    violations.push(...(await accessibility()))
    expect((await listUnits(organizationId)).map((u) => u.code).sort()).toEqual(UNITS.map((u) => u[0]).sort())

    // 3. people: five invited from a .csv, each link listed for hand-over
    await page.goto(`${baseUrl}/setup/people`)
    await hydrated(page)
    await upload('บุคลากร.csv', 'text/csv', Buffer.from(`\ufeff${PEOPLE_CSV}\r\n`))
    await textBecomes(page.getByRole('status').first(), /เชิญแล้ว 5 คน/)
    violations.push(...(await accessibility()))
    const links = await page.getByTestId('one-time-link').allTextContents()
    expect(links).toHaveLength(5)
    for (const link of links) expect(link).toMatch(/\/password\/[\w-]{40,}$/)
    const linkOf = async (who: string) =>
      (await page
        .getByTestId('handed-links')
        .getByRole('row')
        .filter({ hasText: `${who}-${stamp}@` })
        .getByTestId('one-time-link')
        .textContent())!
        .trim()
        .replace(/^https?:\/\/[^/]+/, baseUrl)
    handedLinks = { pr: await linkOf('pr'), assessor: await linkOf('assessor') }
    expect((await listPeople(organizationId)).length).toBe(6)

    // 4. the catalog of the fiscal year in progress, started from the built-in and published
    await page.goto(`${baseUrl}/setup/catalog`)
    await hydrated(page)
    violations.push(...(await accessibility()))
    await page.getByRole('button', { name: 'ใช้เกณฑ์นี้และเผยแพร่' }).click()
    await page.waitForURL(`${baseUrl}/setup/assignments`)
    const [catalog] = (await listCatalogs(organizationId)).filter((c) => c.status === 'published')
    expect(catalog.fiscalYear).toBe(fiscalYearOf(new Date()))
    catalogId = catalog.id

    // 5. assignments: nothing until the suggestions are accepted
    expect(await listAssignments(organizationId, catalog.id)).toEqual([])
    await hydrated(page)
    await submit(page, () => page.getByRole('button', { name: 'ยอมรับคำแนะนำทั้งหมด' }).click())
    await textBecomes(page.getByRole('status').first(), /มอบหมายแล้ว \d+ ข้อ/)
    violations.push(...(await accessibility()))
    const assignments = await listAssignments(organizationId, catalog.id)
    expect(assignments.length).toBeGreaterThanOrEqual(10)
    const byCode = new Map((await listUnits(organizationId)).map((u) => [u.code, u.id]))
    const unitOf = (code: string) => assignments.find((a) => a.itemCode === code)?.unitIds
    expect(unitOf('O11')).toEqual([byCode.get('PROC')]) // procurement
    expect(unitOf('O13')).toEqual([byCode.get('HR')]) // human resources
    expect(unitOf('O4')).toEqual([byCode.get('PR')]) // news on the website

    // 6. the calendar, labelled an estimate, saved as it is: the set-up is done, the home page is the normal one
    await page.goto(`${baseUrl}/setup/calendar`)
    await hydrated(page)
    await textBecomes(page.getByTestId('calendar-estimate'), /ประมาณการ/)
    violations.push(...(await accessibility()))
    await page.getByRole('button', { name: 'บันทึกปฏิทิน' }).click()
    await page.waitForURL(`${baseUrl}/`)
    await textBecomes(page.getByRole('heading', { level: 1 }), /ผู้ดูแล กรมทดสอบ/)
    const calendar = await getCalendar(organizationId, fiscalYearOf(new Date()))
    expect(calendar.phases.every((p) => p.startsOn && p.endsOn)).toBe(true)
    expect(calendar.unitDeadlines).toHaveLength(12)
    // and it stays the normal home page
    await page.goto(`${baseUrl}/`)
    expect(page.url()).toBe(`${baseUrl}/`)
    // the bad sheet's answer is a 400 (Chromium logs the failed request): anything else is a fault of a page
    expect(consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([])
    expect(violations).toEqual([])
  })

  it('a new coordinator joins, uploads evidence and submits a criterion; a new assessor approves it', async () => {
    const joined = async (link: string) => {
      const p = await (await session.newContext()).newPage()
      await p.goto(link)
      await p.getByLabel('รหัสผ่านใหม่').fill(PASSWORD)
      await p.getByLabel('ยืนยันรหัสผ่าน').fill(PASSWORD)
      await p.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
      await p.waitForURL(`${baseUrl}/`) // not an administrator: no set-up
      return p
    }
    // O4 (news on the website) went to public relations: its coordinator uploads one PDF and links it to both elements
    const coordinator = await joined(handedLinks.pr)
    await coordinator.goto(`${baseUrl}/evidence`)
    await hydrated(coordinator)
    await coordinator
      .locator('input[type=file]')
      .setInputFiles({ name: 'ข่าวประชาสัมพันธ์ 2570.pdf', mimeType: 'application/pdf', buffer: minimalPdf('news 2570') })
    const uploaded = coordinator.locator('[data-testid=upload-item][data-status=done]')
    await uploaded.waitFor()
    await uploaded.getByRole('link', { name: 'เปิด' }).click()
    await coordinator.getByRole('heading', { name: 'ข่าวประชาสัมพันธ์ 2570' }).waitFor()
    await hydrated(coordinator)
    const year = String(fiscalYearOf(new Date()))
    for (const element of ['O4 e1', 'O4 link']) {
      await coordinator
        .getByRole('textbox', { name: 'เลือกองค์ประกอบ (แคตตาล็อก · ข้อ · องค์ประกอบ)' })
        .fill(`${year} · ${element}`)
      await coordinator.getByRole('option', { name: new RegExp(`^${year} · ${element}:`) }).click()
      await coordinator.getByRole('button', { name: 'เชื่อมโยง', exact: true }).click()
      await coordinator
        .getByTestId('target-row')
        .filter({ hasText: `${element}:` })
        .waitFor()
    }
    await open(coordinator, `${baseUrl}/items/${catalogId}/O4`)
    await submit(coordinator, () => coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
    await textBecomes(coordinator.getByTestId('review-status'), 'ส่งตรวจแล้ว')

    const assessor = await joined(handedLinks.assessor)
    await open(assessor, `${baseUrl}/items/${catalogId}/O4`)
    await submit(assessor, async () => {
      for (const e of ['e1', 'link']) await assessor.getByLabel(`ครบถ้วน: ${e}`).check()
      await assessor.getByRole('button', { name: 'อนุมัติ' }).click()
    })
    await textBecomes(assessor.getByTestId('review-status'), 'อนุมัติแล้ว')
    await textBecomes(assessor.getByTestId('approved-banner'), /อนุมัติโดย ผู้ตรวจ กรมทดสอบ/)
    await coordinator.context().close()
    await assessor.context().close()
  })
})
