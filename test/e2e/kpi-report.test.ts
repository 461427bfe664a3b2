/**
 * KPI round reporting in Chromium: the coordinator of the assigned unit ticks the steps of the
 * 6-month round (the score follows the ticks live, computed by the engine in the browser), writes
 * what was done and saves; the executive certifies it; the coordinator can no longer edit it; the
 * report PDF downloads with the certified round's score.
 */
import { execFileSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import { getKpiReport } from '#models/reporting/kpi-report.server'
import { type BrowserSession, hydrated, signedInPage, submit, textBecomes } from '#test/support/browser'
import type { TestOrg } from '#test/support/fixtures'
import { withE2e } from '#test/support/e2e-db'
import { publishAndAssign } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string
let planId: string

withE2e(
  'kpi-e2e',
  (world) => ({ org, session } = world),
  async () => {
    catalogId = (await publishAndAssign(org, 'kpi-agreement-integrity-template', { itemCodes: ['7.1'] })).id
    planId = (await publishAndAssign(org, 'integrity-policy-plan', { itemCodes: ['1/1.1'] })).id
  },
)

const pageAs = (role: 'coordinator' | 'executive') => signedInPage(session, baseUrl, org.people[role])

describe('KPI round report in Chromium', () => {
  it('coordinator fills round 6, executive certifies, the report PDF downloads', async () => {
    const coordinator = await pageAs('coordinator')
    await coordinator.goto(`${baseUrl}/kpis`)
    await coordinator.getByRole('link', { name: /^7\.1 / }).click()
    await coordinator.waitForURL(`${baseUrl}/kpis/${catalogId}/7.1`)
    await coordinator.getByText('ยังไม่มีการรายงานผลรอบนี้').waitFor()
    await hydrated(coordinator)
    // the live score follows the ticks: level 1 needs its three steps
    await coordinator.getByLabel(/^L1\.1 /).check()
    await coordinator.getByLabel(/^L1\.2 /).check()
    await expect(coordinator.getByTestId('score').textContent()).resolves.toBe('0.0000')
    await coordinator.getByLabel(/^L1\.3 /).check()
    await expect(coordinator.getByTestId('score').textContent()).resolves.toBe('1.0000')
    await expect(coordinator.getByTestId('weighted-score').textContent()).resolves.toBe('0.0200')
    await coordinator.getByLabel('การดำเนินงานในระดับ 1').fill('ทบทวนผลการดำเนินงานปีที่ผ่านมาและวิเคราะห์ความเสี่ยงแล้ว')
    await coordinator.getByLabel('คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ').fill('ประชุมคณะทำงานครั้งที่ 1/2569')
    await submit(coordinator, () => coordinator.getByRole('button', { name: 'บันทึกรายงานรอบนี้' }).click())
    await coordinator.getByRole('status').filter({ hasText: 'บันทึกรายงานแล้ว' }).waitFor()
    await textBecomes(coordinator.getByTestId('certification'), /รอการรับรอง/)
    // a coordinator never sees the certification buttons
    expect(await coordinator.getByRole('button', { name: 'รับรอง', exact: true }).count()).toBe(0)

    const executive = await pageAs('executive')
    await executive.goto(`${baseUrl}/kpis/${catalogId}/7.1?round=6`)
    await hydrated(executive)
    expect(await executive.getByRole('button', { name: 'บันทึกรายงานรอบนี้' }).count()).toBe(0)
    await submit(executive, async () => {
      await executive.getByRole('button', { name: 'รับรอง', exact: true }).click()
      await executive.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
    })
    await executive.getByRole('status').filter({ hasText: 'บันทึกผลการรับรองแล้ว' }).waitFor()
    await textBecomes(executive.getByTestId('certification'), new RegExp(`รับรองแล้ว โดย ${org.people.executive.nameTh}`))
    const stored = (await getKpiReport(org.organization.id, catalogId, '7.1', 6))!
    expect([stored.certification, stored.stepsDone]).toEqual(['approved', ['L1.1', 'L1.2', 'L1.3']])

    // certified: the coordinator reads it, and can no longer save it
    await coordinator.reload()
    await coordinator.getByText('รายงานรอบนี้ได้รับการรับรองแล้ว แก้ไขไม่ได้').waitFor()
    expect(await coordinator.getByRole('button', { name: 'บันทึกรายงานรอบนี้' }).count()).toBe(0)

    const [download] = await Promise.all([
      executive.waitForEvent('download'),
      executive.getByRole('link', { name: 'รายงาน PDF' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('kpi-agreement-integrity-template-2569-round-6.pdf')
    const text = execFileSync('pdftotext', [(await download.path())!, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    for (const expected of ['รอบ 6 เดือน', 'ตัวชี้วัดที่ 7.1', '1.0000', '0.0200', 'ประชุมคณะทำงานครั้งที่ 1/2569', 'รับรองแล้ว'])
      expect(text, expected).toContain(expected.replace(/\s+/g, ''))
  })

  it('the host unit’s coordinator records plan progress, which the Excel report carries', async () => {
    const coordinator = await pageAs('coordinator')
    await coordinator.goto(`${baseUrl}/progress?catalog=${planId}&round=6`)
    await hydrated(coordinator)
    // only the measure assigned to the coordinator's unit has a form
    expect(await coordinator.getByRole('button', { name: 'บันทึก', exact: true }).count()).toBe(1)
    await coordinator.getByLabel('วิธีดำเนินการ').fill('ประชุมชี้แจงบุคลากรทุกกอง')
    await coordinator.getByRole('button', { name: 'บันทึก', exact: true }).click()
    // the result is required: refused, naming the field
    await coordinator.getByText('ผลการดำเนินงาน: จำเป็นต้องกรอก').first().waitFor()
    await coordinator.getByLabel('ผลการดำเนินงาน').fill('ดำเนินการแล้วเสร็จครบทุกกอง')
    await coordinator.getByRole('button', { name: 'บันทึก', exact: true }).click()
    await coordinator.getByRole('status').filter({ hasText: 'บันทึกความก้าวหน้าแล้ว' }).waitFor()

    const response = await coordinator.request.get(`${baseUrl}/reports/${planId}.xlsx?round=6`)
    expect(response.status()).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await response.body()) as unknown as ArrayBuffer)
    const row = book.getWorksheet('ผลการดำเนินงาน')!.getRow(3).values as string[]
    expect(row).toEqual(expect.arrayContaining([org.units[0].nameTh, 'ดำเนินการแล้วเสร็จครบทุกกอง']))
  })
})
