/**
 * The executive dashboard in Chromium: an executive finds it first in the menu, sees the
 * projected ITA total and rating the engine gives for the agency's data, ticks a criterion in
 * the what-if and sees the total change at once, resets it, and nothing reaches the server: no
 * request is sent and every collection of the database is identical before and after.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { getCatalog } from '#models/catalog/catalog.server'
import type { ItaCatalog as CatalogContent } from '#models/catalog/schema'
import { createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { saveKpiReport } from '#models/reporting/kpi-report.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import { saveSurveyResults } from '#models/reporting/survey.server'
import { formatScore, itaCatalogFromCatalog, projectIta, scoreIta, stepCode } from '#scoring/index'
import { type BrowserSession, hydrated, signedInPage, signIn, textBecomes } from '#test/support/browser'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string
let content: CatalogContent
const SURVEYS: Record<string, string> = { 1: '92', 2: '90', 3: '91', 4: '89', 5: '94', 6: '88', 7: '86', 8: '90' }

/** Every document of every collection, in a stable order. */
async function databaseDump(): Promise<string> {
  const db = mongoose.connection.db!
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort()
  const parts: string[] = []
  for (const name of names)
    parts.push(name, mongoose.mongo.BSON.EJSON.stringify(await db.collection(name).find({}).sort({ _id: 1 }).toArray()))
  return parts.join('\n')
}

beforeAll(async () => {
  ;({ org, session } = await provideE2e('dash-e2e'))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569')).id
  content = (await getCatalog(org.organization.id, catalogId))!.content as CatalogContent
  await assignItems(org.actor, {
    catalogId,
    itemCodes: ['O1', 'O2'],
    unitIds: [org.units[0].id],
    dueDate: `${new Date().getUTCFullYear() + 2}-12-31`,
  })
  // O1 fully evidenced, submitted and approved
  const coordinator = actorsOf(org).coordinator
  const assessor = actorsOf(org).assessor
  const item = (await getItemReview(org.organization.id, catalogId, 'O1'))!
  const e = await createTextEvidence(coordinator, { title: 'หลักฐาน O1', html: '<p>O1</p>' })
  for (const el of item.elements)
    await linkEvidence(
      coordinator,
      e.id,
      { catalogId, itemCode: 'O1', elementId: el.id },
      { resolveTarget: resolveOrganizationTarget },
    )
  await submitItem(coordinator, catalogId, 'O1')
  await approveItem(assessor, catalogId, 'O1', { ticks: item.elements.map((x) => ({ elementId: x.id, ticked: true })) })
  await saveSurveyResults(actorsOf(org).executive, catalogId, SURVEYS)
  // the KPI agreement: 7.1 reported at 12 months with the steps of levels 1–3 done (level 3), 7.2 not reported
  const agreement = await publishAndAssign(org, 'kpi-agreement-integrity-template', {
    itemCodes: ['7.1', '7.2'],
    dueDate: `${new Date().getUTCFullYear() + 2}-12-31`,
  })
  const k71 = (await getCatalog(org.organization.id, agreement.id))!.content
  if (k71.kind !== 'kpi-agreement' || k71.kpis[0].scoring.kind !== 'milestone')
    throw new Error('milestone KPI 7.1 expected')
  const upTo3 = k71.kpis[0].scoring.levels
    .filter((l) => l.level <= 3)
    .flatMap((l) => l.steps.map((_, i) => stepCode(l.level, i)))
  await saveKpiReport(
    coordinator,
    { organizationId: org.organization.id, role: 'coordinator', unitIds: [org.units[0].id], active: true },
    agreement.id,
    '7.1',
    12,
    { stepsDone: upTo3 },
  )
})
afterAll(release)

describe('executive dashboard in Chromium', () => {
  it('shows the projected total and rating, and the what-if changes them without saving anything', async () => {
    const engine = itaCatalogFromCatalog(content)
    const surveys = Object.entries(SURVEYS).map(([n, s]) => ({ indicatorCode: n, score: Number(s) }))
    const expected = projectIta(engine, { criteria: [{ code: 'O1', status: 'approved' }], surveys })
    const withO2 = scoreIta(engine, {
      criteria: [
        { code: 'O1', passed: true },
        { code: 'O2', passed: true },
      ],
      surveys,
    })
    expect(withO2.total).toBeGreaterThan(expected.approvedOnly.total)

    const page = await (await session.newContext()).newPage()
    // server-rendered charts must hydrate cleanly: no error in the browser console
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    await signIn(page, baseUrl, org.people.executive.email, TEST_PASSWORD)
    // first in the menu after home
    const menu = page.getByRole('navigation').getByRole('link')
    await expect(menu.nth(1).textContent()).resolves.toContain('แดชบอร์ดผู้บริหาร')
    await menu.nth(1).click()
    await page.waitForURL(`${baseUrl}/dashboard`)

    const approved = page.getByTestId('scenario-approved')
    await expect(approved.getByTestId('total').textContent()).resolves.toBe(formatScore(expected.approvedOnly.total, 2))
    await expect(approved.getByTestId('band').textContent()).resolves.toBe(expected.approvedOnly.band.label.th)
    // the item whose approval gains most heads the list (2569's 9.1 now has five items, so O2 is not among the first
    // 15)
    const top = expected.ranking[0].code
    await expect(
      page
        .getByTestId('blockers')
        .getByRole('link', { name: new RegExp(`^${top} `) })
        .getAttribute('href'),
    ).resolves.toBe(`/items/${catalogId}/${top}`)
    // how sure the projection is: the 2569 weights are unconfirmed, so all projected points rest on them; O7 is unknown
    await expect(page.getByTestId('unconfirmed-points').textContent()).resolves.toContain(
      `${formatScore(expected.approvedOnly.total, 2)} จาก ${formatScore(expected.approvedOnly.total, 2)} คะแนน`,
    )
    await expect(page.getByTestId('placeholder-unknown').textContent()).resolves.toMatch(/^ไม่ทราบ: O7 /)
    await expect(page.getByTestId('survey-notice').textContent()).resolves.toContain('กรอกครบแล้ว')

    const before = await databaseDump()
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() !== 'GET') posts.push(`${r.method()} ${r.url()}`)
    })
    // the server sends the what-if's card with a note, not the simulator, which the browser renders
    const served = await (await page.request.get(page.url())).text()
    expect(served).toContain('data-testid="whatif-loading"')
    expect(served).not.toContain('data-testid="whatif-total"')
    const whatif = page.getByTestId('whatif')
    const total = whatif.getByTestId('whatif-total')
    await expect(total.textContent()).resolves.toBe(formatScore(expected.approvedOnly.total, 2))
    // the what-if is computed in the page: a box ticked before hydration changes nothing
    await hydrated(page)
    // keyboard: focus the criterion's checkbox and press space
    await whatif.getByRole('checkbox', { name: /^O2 / }).focus()
    await page.keyboard.press('Space')
    await textBecomes(total, formatScore(withO2.total, 2))
    await expect(whatif.getByTestId('whatif-delta').textContent()).resolves.toBe(
      `+${formatScore(withO2.total - expected.approvedOnly.total, 2)}`,
    )
    await whatif.getByTestId('whatif-reset').click()
    await textBecomes(total, formatScore(expected.approvedOnly.total, 2))

    // KPI table in the shape of the AMLO per-KPI report, and a what-if on its steps
    const kpi = page.getByTestId('kpi-table')
    const row71 = kpi.getByTestId('kpi-row').filter({ hasText: '7.1' })
    await expect(row71.locator('td').nth(3).textContent()).resolves.toBe('3.0000')
    await expect(row71.locator('td').nth(4).textContent()).resolves.toBe('0.0600')
    await expect(kpi.getByTestId('kpi-whatif-total').textContent()).resolves.toBe('0.0600')
    await kpi.getByRole('checkbox', { name: /^7\.1 L4\.1 / }).check()
    await textBecomes(kpi.getByTestId('kpi-whatif-total'), '0.0800')

    // Thai digits on request
    await page.getByRole('switch', { name: 'แสดงเลขไทย' }).check()
    await textBecomes(approved.getByTestId('total'), /^[๐-๙]+\.[๐-๙]{2}$/)

    await expect(page.getByTestId('chart-tools').locator('.recharts-bar-rectangle').count()).resolves.toBe(3)
    expect(errors).toEqual([])
    expect(posts).toEqual([])
    expect(await databaseDump()).toBe(before)
    await page.context().close()
  })

  it('imports survey results from CSV on the surveys page, refusing a bad file by row and column', async () => {
    const page = await signedInPage(session, baseUrl, org.people.executive)
    await page.goto(`${baseUrl}/surveys?year=2569`)
    const before = await databaseDump()
    await page
      .getByLabel('ไฟล์ CSV')
      .setInputFiles({ name: 'eit.csv', mimeType: 'text/csv', buffer: Buffer.from('ตัวชี้วัด,คะแนน\n6,80\n7,ดีมาก\n') })
    await page.getByRole('button', { name: 'นำเข้าจากไฟล์ CSV' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'นำเข้าไม่ได้' })
    await alert.waitFor()
    await expect(alert.textContent()).resolves.toContain('แถว 3 คอลัมน์ 2 (คะแนน): "ดีมาก"')
    expect(await databaseDump()).toBe(before)

    await page
      .getByLabel('ไฟล์ CSV')
      .setInputFiles({ name: 'eit.csv', mimeType: 'text/csv', buffer: Buffer.from('6,80\n7,82.5\n') })
    await page.getByRole('button', { name: 'นำเข้าจากไฟล์ CSV' }).click()
    await page.getByRole('status').filter({ hasText: 'นำเข้าแล้ว' }).waitFor()
    await expect(page.getByLabel(/^EIT 7 /).inputValue()).resolves.toBe('82.5')
    await page.context().close()
  })

  it('is refused to coordinators', async () => {
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    const response = await page.goto(`${baseUrl}/dashboard`)
    expect(response?.status()).toBe(403)
    await page.context().close()
  })
})
