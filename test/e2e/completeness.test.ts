/**
 * The completeness dashboard in Chromium through a whole review cycle: the coordinator submits,
 * the assessor returns with a comment, the coordinator resubmits, the assessor approves. After
 * each step the percentages and statuses on the screen and in the downloaded Excel file equal
 * what the database says item by item. The coordinator's inbox (and its badge) shows the returned
 * item; the filters work from the address bar.
 */
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MESSAGES } from '#app/i18n'
import { createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { getItemReview } from '#models/work/review.server'
import { type BrowserSession, signedInPage, submit, textBecomes } from '#test/support/browser'
import type { TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
const ITEMS = ['O1', 'O2']
let session: BrowserSession
let org: TestOrg
let catalogId: string

/** The Bangkok calendar day `days` from now. */
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10)

async function provide(itemCode: string, elementIds: string[]) {
  const actor = actorsOf(org).coordinator
  for (const elementId of elementIds) {
    const e = await createTextEvidence(actor, { title: `หลักฐาน ${itemCode} ${elementId}`, html: `<p>${elementId}</p>` })
    await linkEvidence(actor, e.id, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })
  }
}

beforeAll(async () => {
  ;({ org, session } = await provideE2e('complete-e2e'))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ITEMS, dueDate: dayIn(5) })).id
  await provide('O1', ['e1', 'e2', 'e3', 'link'])
  await provide('O2', ['e1'])
})
afterAll(release)

const pageAs = (role: 'coordinator' | 'assessor' | 'executive') => signedInPage(session, baseUrl, org.people[role])

/** Item by item, through the item page's own reader. */
async function fromDatabase() {
  const items = await Promise.all(
    ITEMS.map(async (code) => (await getItemReview(org.organization.id, catalogId, code))!),
  )
  const required = items.reduce((s, i) => s + i.elements.length, 0)
  const covered = items.reduce((s, i) => s + i.elements.filter((e) => !e.short).length, 0)
  const approved = items.filter((i) => i.status === 'approved').length
  return {
    statuses: Object.fromEntries(items.map((i) => [i.itemCode, MESSAGES.th[`review.status.${i.status}`]])),
    approvedPct: Math.round((approved / items.length) * 1000) / 10,
    evidencePct: Math.round((covered / required) * 1000) / 10,
  }
}

/** The dashboard as the executive sees it, and its Excel download, both against the database. */
async function dashboardAgrees(page: Page, step: string) {
  await page.goto(`${baseUrl}/completeness?catalog=${catalogId}`)
  const want = await fromDatabase()
  const overall = page.getByTestId('overall')
  expect(await overall.getByTestId('approved-pct').textContent(), step).toBe(`${want.approvedPct.toFixed(1)}%`)
  expect(await overall.getByTestId('evidence-pct').textContent(), step).toBe(`${want.evidencePct.toFixed(1)}%`)
  for (const code of ITEMS) {
    expect(await page.locator(`[data-item=${code}]`).getByTestId('row-status').textContent(), `${step} ${code}`).toBe(
      want.statuses[code],
    )
    expect(
      await page.locator(`[data-item=${code}] td[data-unit="${org.units[0].id}"]`).textContent(),
      `${step} ${code} cell`,
    ).toContain(want.statuses[code])
  }

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('excel').click()])
  expect(download.suggestedFilename()).toMatch(/^ความครบถ้วน-.*\.xlsx$/)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer)
  const matrix = book.getWorksheet('ตารางความครบถ้วน')!
  const excelStatus: Record<string, unknown> = {}
  matrix.eachRow((row, n) => {
    if (n > 1) excelStatus[String((row.values as unknown[])[1])] = (row.values as unknown[])[4]
  })
  expect(excelStatus, `${step} excel statuses`).toEqual(want.statuses)
  let overallRow: unknown[] = []
  book.getWorksheet('สรุป')!.eachRow((row) => {
    if ((row.values as unknown[])[1] === 'รวมทั้งหมด') overallRow = (row.values as unknown[]).slice(1)
  })
  expect([overallRow[3], overallRow[6]], `${step} excel percentages`).toEqual([want.approvedPct, want.evidencePct])
}

/** Waits for the item page to show this review status. */
const statusBecomes = (page: Page, status: string) => textBecomes(page.getByTestId('review-status'), status)

describe('completeness dashboard in Chromium', () => {
  it('agrees with the database and its Excel export after submit, return, resubmit and approve', async () => {
    const executive = await pageAs('executive')
    await executive.getByRole('link', { name: 'ความครบถ้วน', exact: true }).click()
    await executive.getByRole('heading', { name: 'ความครบถ้วนของหลักฐาน' }).waitFor()
    await dashboardAgrees(executive, 'before')

    const coordinator = await pageAs('coordinator')
    // due in 5 days: in the coordinator's inbox and flagged in my work
    await coordinator.goto(`${baseUrl}/my-work`)
    await expect(coordinator.getByTestId('due-soon').first().textContent()).resolves.toBe('ครบกำหนดใน 5 วัน')
    await coordinator.goto(`${baseUrl}/items/${catalogId}/O1`)
    await submit(coordinator, () => coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
    await statusBecomes(coordinator, 'ส่งตรวจแล้ว')
    await dashboardAgrees(executive, 'submitted')

    const assessor = await pageAs('assessor')
    await expect(assessor.getByTestId('inbox-badge').textContent()).resolves.toBe('1')
    await assessor.goto(`${baseUrl}/items/${catalogId}/O1`)
    await submit(assessor, async () => {
      await assessor.getByLabel('ความเห็นถึงผู้ประสานงาน (จำเป็นเมื่อส่งกลับ)').fill('กรุณาแนบฉบับลงนาม')
      await assessor.getByRole('button', { name: 'ส่งกลับให้แก้ไข' }).click()
      await assessor.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
    })
    await statusBecomes(assessor, 'ส่งกลับให้แก้ไข')
    await dashboardAgrees(executive, 'returned')

    // the coordinator finds the returned item in the inbox (O2 is due within 7 days too)
    await coordinator.goto(`${baseUrl}/inbox`)
    await expect(coordinator.getByTestId('inbox-returned').getByTestId('inbox-item').textContent()).resolves.toMatch(
      /^O1 /,
    )
    await expect(coordinator.getByTestId('inbox-due').getByTestId('inbox-item').textContent()).resolves.toMatch(
      /^O2 .*ครบกำหนดใน 5 วัน/,
    )
    await expect(coordinator.getByTestId('inbox-badge').textContent()).resolves.toBe('2')
    await coordinator.getByTestId('inbox-returned').getByRole('link', { name: /^O1 / }).click()
    await coordinator.waitForURL(`${baseUrl}/items/${catalogId}/O1`)
    await submit(coordinator, () => coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
    await statusBecomes(coordinator, 'ส่งตรวจแล้ว')
    await dashboardAgrees(executive, 'resubmitted')

    await assessor.reload()
    await submit(assessor, async () => {
      for (const e of ['e1', 'e2', 'e3', 'link']) await assessor.getByLabel(`ครบถ้วน: ${e}`).check()
      await assessor.getByRole('button', { name: 'อนุมัติ' }).click()
    })
    await statusBecomes(assessor, 'อนุมัติแล้ว')
    await dashboardAgrees(executive, 'approved')
    await expect(executive.getByTestId('overall').getByTestId('approved-pct').textContent()).resolves.toBe('50.0%')

    // filters from the address bar, without JavaScript needed: only the approved item
    await executive.goto(`${baseUrl}/completeness?catalog=${catalogId}&status=approved`)
    await expect(executive.getByTestId('matrix').locator('[data-item]').count()).resolves.toBe(1)
    await executive.goto(`${baseUrl}/completeness?catalog=${catalogId}&status=lost`)
    await expect(executive.getByRole('alert').textContent()).resolves.toContain('สถานะ: ไม่รู้จักสถานะนี้')

    // the coordinator's inbox is now down to the item still due
    await coordinator.goto(`${baseUrl}/inbox`)
    expect(await coordinator.getByTestId('inbox-returned').count()).toBe(0)
    for (const p of [executive, coordinator, assessor]) await p.context().close()
  })

  it('refuses the dashboard to a coordinator (403)', async () => {
    const coordinator = await pageAs('coordinator')
    const response = await coordinator.goto(`${baseUrl}/completeness`)
    expect(response?.status()).toBe(403)
    expect((await coordinator.request.get(`${baseUrl}/completeness.xlsx`)).status()).toBe(403)
    await coordinator.context().close()
  })
})
