import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { assignItems, listAssignments } from '#models/assignment.server'
import { listCatalogs, publishCatalog, startFromBuiltIn } from '#models/catalog.server'
import { openBrowser, signIn, type BrowserSession } from '#test/support/browser'
import { useE2eDatabase } from '#test/support/e2e-db'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let disconnect: () => Promise<void>

beforeAll(async () => {
  disconnect = await useE2eDatabase()
  org = await createTestOrg('catalogs-e2e')
  session = await openBrowser()
})
afterAll(async () => {
  await session?.close()
  await disconnect?.()
})

async function pageAs(role: 'admin' | 'coordinator') {
  const page = await (await session.newContext()).newPage()
  await signIn(page, baseUrl, org.people[role].email, TEST_PASSWORD)
  return page
}

describe('catalogs in Chromium', () => {
  it('starts ITA 2569 from the built-in catalog, shows it as provisional in Thai, and serves it as Excel', async () => {
    const page = await pageAs('admin')
    await page.goto(`${baseUrl}/catalogs`)
    // the built-in catalogs are read by the built server bundle (not from the bundle's own folder)
    const card = page.locator('div').filter({ hasText: 'ประจำปีงบประมาณ พ.ศ. 2569' }).filter({ has: page.getByRole('button', { name: 'ใช้สำหรับหน่วยงานของเรา' }) }).last()
    await card.getByRole('button', { name: 'ใช้สำหรับหน่วยงานของเรา' }).click()
    await page.waitForURL(/\/catalogs\/[0-9a-f]{24}$/)
    await page.getByText('ฉบับร่าง').first().waitFor()
    await expect(page.getByText('ข้อมูลเบื้องต้น').first().isVisible()).resolves.toBe(true)
    await expect(page.getByText('ปีงบประมาณ พ.ศ. 2569').first().isVisible()).resolves.toBe(true)
    await expect(page.getByText(/สำนักงาน ป\.ป\.ช\. กำลังปรับปรุงกรอบการประเมินปี 2569/).isVisible()).resolves.toBe(true)

    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Excel' }).click()
    expect((await download).suggestedFilename()).toBe('ita-nacc-2569-v1.xlsx')
    await page.context().close()
  })

  it('rolls 2568 over to 2569: the review screen shows the diff, assignments carry as "needs re-confirmation"', async () => {
    const y2568 = await startFromBuiltIn(org.actor, 'ita-nacc-2568')
    await publishCatalog(org.actor, y2568.id)
    await assignItems(org.actor, { catalogId: y2568.id, itemCodes: ['O16', 'O2'], unitIds: [org.units[0].id], dueDate: '2025-03-31' })
    const y2569 = (await listCatalogs(org.organization.id)).find((c) => c.fiscalYear === 2569)!

    const page = await pageAs('admin')
    await page.goto(`${baseUrl}/catalogs/${y2568.id}`)
    await page.getByRole('link', { name: 'เริ่มปีงบประมาณ 2569 จากปีนี้' }).click()
    await page.getByRole('heading', { name: /ยกยอดจาก ปีงบประมาณ พ\.ศ\. 2568 ไปยัง ปีงบประมาณ พ\.ศ\. 2569/ }).waitFor()
    const renumbered = page.locator('tr[data-change="renumbered"]').filter({ has: page.locator('td:nth-child(2) b', { hasText: /^O16$/ }) })
    await expect(renumbered.textContent()).resolves.toMatch(/เปลี่ยนเลขข้อ.*O16.*O15/)
    await expect(page.locator('tr[data-change="new"]').filter({ has: page.locator('td:nth-child(3) b', { hasText: /^O25$/ }) }).count()).resolves.toBe(1)
    await expect(page.locator('tr[data-change="dropped"]').filter({ has: page.locator('td:nth-child(2) b', { hasText: /^O9$/ }) }).count()).resolves.toBe(1)

    await page.getByRole('button', { name: 'ยืนยันการยกยอด' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
    await page.waitForURL(/\/assignments\?catalogId=/)
    await page.getByText('ยกยอดแล้ว: ยกงานที่มอบหมาย 2 รายการ (รอยืนยัน)').waitFor()
    await expect(page.locator('tr[data-code="O15"]').textContent()).resolves.toContain('ยกมาจากปีก่อน — รอยืนยัน')
    expect((await listAssignments(org.organization.id, y2569.id)).map((a) => [a.itemCode, a.status]).sort()).toEqual([['O15', 'carried'], ['O2', 'carried']])
    // last year is untouched and read-only
    expect((await listAssignments(org.organization.id, y2568.id)).every((a) => a.status === 'active')).toBe(true)
    await page.goto(`${baseUrl}/catalogs/${y2568.id}`)
    await page.getByText('ยกยอดไปปีถัดไปแล้ว').waitFor()
    await page.context().close()
  })

  it('assigns in bulk from the assignment screen and shows the coordinator only their units\' items, soonest due first, in Thai', async () => {
    const y2569 = (await listCatalogs(org.organization.id)).find((c) => c.fiscalYear === 2569)!
    const admin = await pageAs('admin')
    await admin.goto(`${baseUrl}/assignments?catalogId=${y2569.id}`)
    await admin.getByRole('checkbox', { name: 'O1', exact: true }).check()
    await admin.getByRole('checkbox', { name: 'O3', exact: true }).check()
    await admin.getByRole('checkbox', { name: org.units[0].nameTh }).check()
    await admin.getByLabel('กำหนดส่ง').fill('2026-01-15')
    await admin.getByRole('button', { name: 'มอบหมาย', exact: true }).click()
    await admin.getByText('มอบหมายแล้ว 2 รายการ').waitFor()
    await admin.context().close()
    // another unit's item, due earlier, must not show
    await assignItems(org.actor, { catalogId: y2569.id, itemCodes: ['O4'], unitIds: [org.units[1].id], dueDate: '2025-12-01' })

    const page = await pageAs('coordinator')
    await page.goto(`${baseUrl}/my-work`)
    await page.getByRole('heading', { name: 'งานของฉัน' }).waitFor()
    const items = page.getByTestId('work-item')
    const titles = await items.evaluateAll((els) => els.map((e) => e.querySelector('p')?.textContent?.split(' ')[0]))
    expect(titles).toEqual(['O1', 'O3', 'O2', 'O15'])
    const due = await page.getByTestId('due').allTextContents()
    expect(due.slice(0, 2)).toEqual(['15 มกราคม 2569', '15 มกราคม 2569'])
    expect(due.slice(2)).toEqual(['31 มีนาคม 2569', '31 มีนาคม 2569']) // carried from 31 Mar 2568, one year on
    await expect(page.getByText('ยกมาจากปีก่อน — รอยืนยัน').count()).resolves.toBe(2)
    await page.context().close()
  })
})
