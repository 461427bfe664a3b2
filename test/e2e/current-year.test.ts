/**
 * The current year in Chromium. An administrator starts fiscal year 2570 from the published 2569
 * catalog with no file to import: the rollover page makes the 2570 draft by the year shift, lists
 * the texts whose year moved, takes the review's confirmation (assignments carried), and once the
 * 2570 catalog is published its dashboard compares it with 2569. How sure each item is shows on
 * the catalog page and on the dashboard. And no figure is shown beside a band it does not reach:
 * a total of 84.995 is shown as 85.00 and rated ผ่าน, not ต้องปรับปรุง.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { assignItems, listAssignments } from '#models/work/assignment.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { builtInCatalogs, getCatalog, importCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { formatFiscalYear } from '#models/dates'
import { createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import { saveSurveyResults } from '#models/reporting/survey.server'
import { formatScore, itaCatalogFromCatalog, projectIta, publishedScore, scoreIta } from '#scoring/index'
import { type BrowserSession, open, openBrowser, signedInPage, submit, textBecomes } from '#test/support/browser'
import { useE2eDatabase } from '#test/support/e2e-db'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorsOf, publishAndAssign } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let disconnect: () => Promise<void>
const due = `${new Date().getUTCFullYear() + 2}-12-31`

/** Evidence on every element, submitted by the coordinator, approved by the assessor: the item counts. */
async function approve(org: TestOrg, catalogId: string, code: string) {
  const coordinator = actorsOf(org).coordinator
  const assessor = actorsOf(org).assessor
  const item = (await getItemReview(org.organization.id, catalogId, code))!
  const e = await createTextEvidence(coordinator, { title: `หลักฐาน ${code}`, html: `<p>${code}</p>` })
  for (const el of item.elements)
    await linkEvidence(
      coordinator,
      e.id,
      { catalogId, itemCode: code, elementId: el.id },
      { resolveTarget: resolveOrganizationTarget },
    )
  await submitItem(coordinator, catalogId, code)
  await approveItem(assessor, catalogId, code, { ticks: item.elements.map((x) => ({ elementId: x.id, ticked: true })) })
}

async function pageAs(org: TestOrg, role: 'admin' | 'executive'): Promise<Page> {
  const page = await signedInPage(session, baseUrl, org.people[role])
  return page
}

beforeAll(async () => {
  disconnect = await useE2eDatabase()
  session = await openBrowser()
})
afterAll(async () => {
  await session?.close()
  await disconnect?.()
})

describe('starting fiscal year 2570 from 2569, no file import', () => {
  let org: TestOrg
  let y2569: string
  let y2570: string
  let admin: Page
  const SURVEYS: Record<string, string> = { 1: '92', 2: '90', 3: '91', 4: '89', 5: '94', 6: '88', 7: '86', 8: '90' }

  beforeAll(async () => {
    org = await createTestOrg('year-e2e')
    const catalog = await publishAndAssign(org, 'ita-nacc-2569')
    y2569 = catalog.id
    await assignItems(org.actor, {
      catalogId: y2569,
      itemCodes: ['O1', 'O3', 'O11'],
      unitIds: [org.units[0].id],
      dueDate: due,
    })
    await approve(org, y2569, 'O1')
    await approve(org, y2569, 'O3')
    await saveSurveyResults(actorsOf(org).executive, y2569, SURVEYS)
    admin = await pageAs(org, 'admin')
  })

  it(
    'makes the 2570 draft by the year shift, shows what the shift changed, and carries the assignments on ' +
      'confirmation',
    async () => {
      const source = (await getCatalog(org.organization.id, y2569))!.content as ItaCatalog
      const o11 = listCriteria(source).find((c) => c.criterion.code === 'O11')!.criterion.title.th
      expect(o11).toContain('พ.ศ. 2569')

      await open(admin, `${baseUrl}/catalogs/${y2569}`)
      await admin.getByRole('link', { name: 'เริ่มปีงบประมาณ พ.ศ. 2570 จากปีนี้' }).click()
      await admin.waitForURL(`${baseUrl}/catalogs/${y2569}/rollover`)
      // no 2570 catalog yet: the page says so and offers to make one from this year
      await admin.getByText('ยังไม่มีแค็ตตาล็อกของปีงบประมาณ พ.ศ. 2570').waitFor()
      await submit(admin, () => admin.getByRole('button', { name: 'สร้างแค็ตตาล็อกของปีงบประมาณ พ.ศ. 2570 จากปีนี้' }).click())
      await admin.waitForURL(/\/rollover\?to=[0-9a-f]{24}$/)
      y2570 = new URL(admin.url()).searchParams.get('to')!
      const made = (await getCatalog(org.organization.id, y2570))!
      expect([made.fiscalYear, made.status, made.key]).toEqual([2570, 'draft', 'ita-nacc-2570'])

      // the texts whose year moved, O11's title among them, before the usual review
      const changes = admin.getByTestId('year-shift-changes')
      await expect(changes.locator('summary').textContent()).resolves.toMatch(/^ข้อความที่เปลี่ยนเพราะเลื่อนปี \(\d+ แห่ง\)$/)
      const row = changes
        .locator('tr')
        .filter({ has: admin.locator('td:first-child', { hasText: /^O11$/ }) })
        .filter({ hasText: o11 })
        .first()
      await expect(row.locator('td').nth(2).textContent()).resolves.toBe(o11.replace('พ.ศ. 2569', 'พ.ศ. 2570'))
      await admin.getByRole('heading', { name: 'ยกยอดจาก ปีงบประมาณ พ.ศ. 2569 ไปยัง ปีงบประมาณ พ.ศ. 2570' }).waitFor()
      // every item is matched to itself: the year shift keeps the codes
      await expect(admin.getByTestId('rollover-counts').textContent()).resolves.toContain('ข้อใหม่: 0')
      await expect(admin.locator('tr[data-to="O11"] td:nth-child(2) b').textContent()).resolves.toBe('O11')

      await submit(admin, async () => {
        await admin.getByRole('button', { name: 'ยืนยันการยกยอด' }).click()
        await admin.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
      })
      await admin.waitForURL(/\/assignments\?catalogId=/)
      await admin.getByText('ยกยอดแล้ว: ยกงานที่มอบหมาย 3 รายการ (รอยืนยัน)').waitFor()
      const carried = await listAssignments(org.organization.id, y2570)
      expect(carried.map((a) => [a.itemCode, a.status]).sort()).toEqual([
        ['O1', 'carried'],
        ['O11', 'carried'],
        ['O3', 'carried'],
      ])
    },
  )

  it("publishes 2570, shows each item's confidence, and the 2570 dashboard compares with 2569", async () => {
    expect(y2570).toBeTruthy()
    await open(admin, `${baseUrl}/catalogs/${y2570}`)
    await admin.getByRole('heading', { name: (await getCatalog(org.organization.id, y2570))!.nameTh }).waitFor()
    await submit(admin, async () => {
      await admin.getByRole('button', { name: 'เผยแพร่', exact: true }).click()
      await admin.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
    })
    await admin.getByText('แค็ตตาล็อกนี้เผยแพร่แล้วจึงแก้ไขไม่ได้').waitFor()

    // each criterion carries a confidence badge; a year made by the year shift is a guess: all unconfirmed
    const badgesOf = () =>
      admin
        .locator('tr[id]')
        .evaluateAll((rows) =>
          Object.fromEntries(rows.map((r) => [r.id, r.querySelector('[data-confidence]')?.textContent ?? null])),
        )
    const content = (await getCatalog(org.organization.id, y2570))!.content as ItaCatalog
    const codes = listCriteria(content).map((c) => c.criterion.code)
    const badges = await badgesOf()
    expect(codes.filter((c) => badges[c] !== 'ยังไม่ยืนยัน')).toEqual([])
    await expect(admin.getByTestId('confidence-summary').textContent()).resolves.toContain('ยังไม่ยืนยัน')
    // 2569 itself shows what was known of it: O1 from one source, O2 unconfirmed
    await open(admin, `${baseUrl}/catalogs/${y2569}`)
    await admin.getByTestId('confidence-summary').waitFor()
    const badges2569 = await badgesOf()
    expect([badges2569.O1, badges2569.O2]).toEqual(['จากแหล่งเดียว', 'ยังไม่ยืนยัน'])

    // what the dashboard should show: 2569 with O1 and O3 approved; 2570 with nothing approved yet and 2569's survey
    // results as estimates
    const surveys = Object.entries(SURVEYS).map(([n, s]) => ({ indicatorCode: n, score: Number(s) }))
    const before2569 = (await getCatalog(org.organization.id, y2569))!.content as ItaCatalog
    const before = projectIta(itaCatalogFromCatalog(before2569), {
      criteria: [
        { code: 'O1', status: 'approved' },
        { code: 'O3', status: 'approved' },
      ],
      surveys,
    }).approvedOnly
    const now = projectIta(itaCatalogFromCatalog(content), { criteria: [], surveys }).approvedOnly
    const delta = now.total - before.total
    expect(delta).toBeLessThan(0)

    await open(admin, `${baseUrl}/dashboard?year=2570`)
    const approved = admin.getByTestId('scenario-approved')
    await expect(approved.getByTestId('total').textContent()).resolves.toBe(formatScore(now.total, 2))
    const trend = admin.getByTestId('trend')
    await expect(trend.textContent()).resolves.toContain(
      `${formatFiscalYear(2569)}: ${formatScore(before.total, 2)} (${before.band.label.th})`,
    )
    await expect(trend.textContent()).resolves.toContain(
      `${formatFiscalYear(2570)}: ${formatScore(now.total, 2)} (${now.band.label.th})`,
    )
    await expect(admin.getByTestId('trend-delta').textContent()).resolves.toBe(
      `เปลี่ยนแปลง ${formatScore(delta, 2)} คะแนน`,
    )
    // how sure: the weights are unconfirmed, so every projected point rests on them; O7's content is unknown
    await expect(admin.getByTestId('unconfirmed-points').textContent()).resolves.toBe(
      `${formatScore(now.total, 2)} จาก ${formatScore(now.total, 2)} คะแนนที่คาดการณ์ (เฉพาะข้อที่อนุมัติแล้ว) ขึ้นกับข้อ ` +
        `การจัดกลุ่ม หรือน้ำหนักที่ยังไม่ยืนยัน`,
    )
    await expect(admin.getByTestId('placeholder-unknown').textContent()).resolves.toMatch(/^ไม่ทราบ: O7 /)
    // the 2569 catalog stays as it was: read-only, rolled over
    expect(
      (await listCatalogs(org.organization.id))
        .filter((c) => c.kind === 'ita')
        .map((c) => [c.fiscalYear, c.status])
        .sort(),
    ).toEqual([
      [2569, 'published'],
      [2570, 'published'],
    ])
    await admin.context().close()
  })
})

describe('a total of 84.995 on the dashboard', () => {
  // IIT and EIT of one survey indicator each at 88.325, OIT of five criteria with four approved (80):
  // (88.325 × 30 + 88.325 × 30 + 80 × 40) / 100 = 84.995, shown as 85.00 and so rated ผ่าน (85), not ต้องปรับปรุง
  let org: TestOrg
  let catalogId: string
  let engine: ReturnType<typeof itaCatalogFromCatalog>
  const SURVEY = '88.325'

  beforeAll(async () => {
    org = await createTestOrg('round-e2e')
    const base = builtInCatalogs().find((c) => c.key === 'ita-nacc-2569') as ItaCatalog
    // five criteria whose elements each need one piece of evidence
    const five = listCriteria(base)
      .map((c) => c.criterion)
      .filter((c) => !c.placeholder && c.elements.every((e) => e.minCount === 1))
      .slice(0, 5)
    expect(five).toHaveLength(5)
    const [iit, eit, oit] = base.tools
    const checklist = oit.indicators.find((d) => d.kind === 'checklist')!
    if (checklist.kind !== 'checklist') throw new Error('OIT checklist expected')
    const content: ItaCatalog = {
      ...base,
      key: 'ita-rounding-e2e',
      name: { th: 'ITA ทดสอบการปัดคะแนน', en: 'ITA rounding test' },
      tools: [
        { ...iit, indicators: [iit.indicators[0]] },
        { ...eit, indicators: [eit.indicators[0]] },
        { ...oit, indicators: [{ ...checklist, subIndicators: [{ ...checklist.subIndicators[0], criteria: five }] }] },
      ],
    }
    expect(content.tools.map((t) => [t.code, t.weight])).toEqual([
      ['IIT', 30],
      ['EIT', 30],
      ['OIT', 40],
    ])
    const catalog = await importCatalog(org.actor, content)
    await publishCatalog(org.actor, catalog.id)
    catalogId = catalog.id
    engine = itaCatalogFromCatalog((await getCatalog(org.organization.id, catalogId))!.content as ItaCatalog)
    const approvedCodes = five.slice(0, 4).map((c) => c.code)
    await assignItems(org.actor, { catalogId, itemCodes: approvedCodes, unitIds: [org.units[0].id], dueDate: due })
    for (const code of approvedCodes) await approve(org, catalogId, code)
    const survey = Object.fromEntries(content.tools.slice(0, 2).map((t) => [String(t.indicators[0].number), SURVEY]))
    await saveSurveyResults(actorsOf(org).executive, catalogId, survey)
  })

  it('shows 85.00 rated ผ่าน', async () => {
    // the figure before rounding is below the 85 cut-off; the engine bands the published (two-decimal) figure
    const raw = (Number(SURVEY) * 30 + Number(SURVEY) * 30 + 80 * 40) / 100
    expect(raw).toBe(84.995)
    expect(raw).toBeLessThan(85)
    expect(publishedScore(raw)).toBe(85)
    const surveys = engine.tools.flatMap((t) =>
      t.indicators.filter((d) => d.kind === 'survey').map((d) => ({ indicatorCode: d.code, score: Number(SURVEY) })),
    )
    const criteria = engine.tools.flatMap((t) =>
      t.indicators.flatMap((d) => (d.kind === 'checklist' ? d.subIndicators.flatMap((s) => s.criteria) : [])),
    )
    const result = scoreIta(engine, { criteria: criteria.map((c, i) => ({ code: c.code, passed: i < 4 })), surveys })
    expect(result.tools.map((t) => t.score)).toEqual([88.33, 88.33, 80])
    expect([result.total, result.band.label.th]).toEqual([85, 'ผ่าน'])

    const page = await pageAs(org, 'executive')
    await page.goto(`${baseUrl}/dashboard?year=2569`)
    const approved = page.getByTestId('scenario-approved')
    await textBecomes(approved.getByTestId('total'), '85.00')
    await expect(approved.getByTestId('band').textContent()).resolves.toBe('ผ่าน')
    // nowhere on the page is the total rated below what it shows
    await expect(page.getByText('ต้องปรับปรุง', { exact: true }).count()).resolves.toBe(0)
    await page.context().close()
  })
})
