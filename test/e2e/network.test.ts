/**
 * The network view in Chromium: the executive of a province with three local administrations beneath it (one well
 * advanced, one started, one without this year's catalog) finds the network in the menu, sees the distribution of
 * projected ratings, sorts the table by projected total, opens an administration's read-only dashboard, and
 * downloads the Excel file, whose totals are those on the screen.
 */
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { setOrganizationParent } from '#models/tenancy/operator.server'
import { getItemReview } from '#models/work/review.server'
import { type BrowserSession, hydrated, signedInPage } from '#test/support/browser'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, giveEvidence, publishAndAssign, release, submitAndApprove } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let province: TestOrg
let children: TestOrg[]

beforeAll(async () => {
  ;({ org: province, session } = await provideE2e('net-province'))
  children = [await createTestOrg('net-lao-1'), await createTestOrg('net-lao-2'), await createTestOrg('net-lao-3')]
  for (const c of children)
    await setOrganizationParent(
      { userId: null, userName: 'e2e set-up' },
      c.organization.code,
      province.organization.code,
    )
  const codes = ['O1', 'O2', 'O3', 'O4']
  for (const [i, c] of children.slice(0, 2).entries()) {
    const catalog = await publishAndAssign(c, 'ita-nacc-2570', { itemCodes: codes })
    for (const code of codes.slice(0, i === 0 ? 3 : 1)) {
      const elements = (await getItemReview(c.organization.id, catalog.id, code))!.elements
      await giveEvidence(
        actorsOf(c).coordinator,
        catalog.id,
        code,
        elements.map((e) => e.id),
      )
      await submitAndApprove(c, catalog.id, code)
    }
  }
}, 240_000)
afterAll(release)

describe('the network view', () => {
  it('shows the distribution, sorts by total, opens a read-only dashboard, downloads the Excel', async () => {
    const page = await signedInPage(session, baseUrl, province.people.executive)
    await page.getByRole('navigation').getByRole('link', { name: 'เครือข่ายหน่วยงาน' }).click()
    await page.waitForURL(/\/network$/)
    await hydrated(page)
    const distribution = page.getByTestId('network-distribution')
    expect(await distribution.textContent()).toContain('การกระจายของระดับผลการประเมินที่คาดการณ์')
    const counted = await distribution
      .getByTestId('distribution-counts')
      .locator('td[data-scenario="approvedOnly"]')
      .allTextContents()
    expect(counted.map(Number).reduce((a, b) => a + b, 0)).toBe(2)
    expect(await page.getByTestId('network-row').count()).toBe(3)

    await page.locator('a[data-sort="total"]').click()
    await page.waitForURL(/sort=total&dir=desc/)
    await hydrated(page)
    const totals = (await page.getByTestId('row-total').allTextContents()).map((t) => (t === '—' ? -1 : Number(t)))
    expect(totals).toEqual([...totals].sort((a, b) => b - a))
    expect(totals[0]).toBeGreaterThan(totals[1])
    const first = page.getByTestId('network-row').first()
    expect(await first.getAttribute('data-code')).toBe(children[0].organization.code)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('network-excel').click()])
    expect(download.suggestedFilename()).toMatch(/^เครือข่าย-.*\.xlsx$/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('หน่วยงาน')!
    const excelTotals = [3, 4, 5].map((r) => sheet.getRow(r).getCell(5).value ?? null)
    expect(excelTotals.map((v) => (v === null ? -1 : Number(v)))).toEqual(totals)

    await first.getByRole('link').first().click()
    await page.waitForURL(new RegExp(`/network/${children[0].organization.id}`))
    await hydrated(page)
    const banner = await page.getByTestId('network-read-only').textContent()
    expect(banner).toContain(children[0].organization.nameTh)
    // read-only: no link into the child's items, which are not the viewer's
    expect(await page.locator('a[href^="/items/"]').count()).toBe(0)
  }, 180_000)
})
