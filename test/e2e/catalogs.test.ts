import ExcelJS from 'exceljs'
import { describe, expect, inject, it } from 'vitest'
import { assignItems, listAssignments } from '#models/work/assignment.server'
import { catalogToXlsx } from '#evidence/documents/catalog-workbook.server'
import type { ItaCatalog, KpiAgreementCatalog } from '#models/catalog/schema'
import { builtInCatalogs, getCatalog, listCatalogs, startFromBuiltIn } from '#models/catalog/catalog.server'
import { type BrowserSession, open, signedInPage, signIn, submit } from '#test/support/browser'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { withE2e } from '#test/support/e2e-db'
import { publishAndAssign } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg

withE2e('catalogs-e2e', (world) => ({ org, session } = world))

const pageAs = (role: 'admin' | 'coordinator') => signedInPage(session, baseUrl, org.people[role])

/** The administrator signed in, in a browser context of its own with JavaScript off (plain forms). */
async function adminWithoutJs() {
  const context = await session.browser.newContext({
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    javaScriptEnabled: false,
  })
  const page = await context.newPage()
  await signIn(page, baseUrl, org.people.admin.email, TEST_PASSWORD)
  return page
}

describe('catalogs in Chromium', () => {
  it('starts ITA 2569 from the built-in catalog, shows it as provisional in Thai, and serves it as Excel', async () => {
    const page = await pageAs('admin')
    await page.goto(`${baseUrl}/catalogs`)
    // the built-in catalogs are read by the built server bundle (not from the bundle's own folder)
    const card = page
      .locator('div')
      .filter({ hasText: 'ประจำปีงบประมาณ พ.ศ. 2569' })
      .filter({ has: page.getByRole('button', { name: 'ใช้สำหรับหน่วยงานของเรา' }) })
      .last()
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

  it(
    'rolls 2568 over to 2569: the review screen shows the diff, takes an override, assignments carry as "needs ' +
      're-confirmation"',
    async () => {
      const y2568 = await publishAndAssign(
        org,
        'ita-nacc-2568',
        { itemCodes: ['O16', 'O2'], dueDate: '2025-03-31' },
        { itemCodes: ['O14'], unitIds: [org.units[1].id], dueDate: '2025-03-31' },
      )
      const y2569 = (await listCatalogs(org.organization.id)).find((c) => c.fiscalYear === 2569)!

      const page = await pageAs('admin')
      await page.goto(`${baseUrl}/catalogs/${y2568.id}`)
      await page.getByRole('link', { name: 'เริ่มปีงบประมาณ พ.ศ. 2569 จากปีนี้' }).click()
      await page.getByRole('heading', { name: /ยกยอดจาก ปีงบประมาณ พ\.ศ\. 2568 ไปยัง ปีงบประมาณ พ\.ศ\. 2569/ }).waitFor()
      // the rows of one kind of change whose column `column` names the item `code`
      const rows = (change: string, column: number, code: string) =>
        page
          .locator(`tr[data-change="${change}"]`)
          .filter({ has: page.locator(`td:nth-child(${column}) b`, { hasText: new RegExp(`^${code}$`) }) })
      const renumbered = rows('renumbered', 2, 'O16')
      await expect(renumbered.textContent()).resolves.toMatch(/เปลี่ยนเลขข้อ.*O16.*O15/)
      await expect(rows('new', 3, 'O25').count()).resolves.toBe(1)
      await expect(rows('dropped', 2, 'O14').count()).resolves.toBe(1)

      // the administrator says the new O25 continues last year's O14 (proposed as dropped; 2569 O9 keeps 2568 O9's
      // wording)
      await page.getByLabel('ต่อจากข้อของปีเดิม (O25)').selectOption('O14')
      await page.getByRole('button', { name: 'ดูผลการจับคู่ที่เลือก' }).click()
      const o25 = page.locator('tr[data-to="O25"]')
      await o25.getByText('เลือกเอง').waitFor()
      await expect(o25.locator('td:nth-child(2) b').textContent()).resolves.toBe('O14')
      await expect(
        page
          .locator('tr[data-change="dropped"]')
          .filter({ has: page.locator('td:nth-child(2) b', { hasText: /^O14$/ }) })
          .count(),
      ).resolves.toBe(0)

      await submit(page, async () => {
        await page.getByRole('button', { name: 'ยืนยันการยกยอด' }).click()
        await page.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
      })
      await page.waitForURL(/\/assignments\?catalogId=/)
      await page.getByText('ยกยอดแล้ว: ยกงานที่มอบหมาย 3 รายการ (รอยืนยัน)').waitFor()
      await expect(page.locator('tr[data-code="O15"]').textContent()).resolves.toContain('ยกมาจากปีก่อน — รอยืนยัน')
      const carried = await listAssignments(org.organization.id, y2569.id)
      expect(carried.map((a) => [a.itemCode, a.status, a.carriedFrom?.itemCode]).sort()).toEqual([
        ['O15', 'carried', 'O16'],
        ['O2', 'carried', 'O2'],
        ['O25', 'carried', 'O14'],
      ])
      // last year is untouched and read-only
      expect((await listAssignments(org.organization.id, y2568.id)).every((a) => a.status === 'active')).toBe(true)
      await page.goto(`${baseUrl}/catalogs/${y2568.id}`)
      await page.getByText('ยกยอดไปปีถัดไปแล้ว').waitFor()
      await page.context().close()
    },
  )

  it(
    'assigns in bulk from the assignment screen and shows ' +
      "the coordinator only their units' items, soonest due " +
      'first, in Thai',
    async () => {
      const y2569 = (await listCatalogs(org.organization.id)).find((c) => c.fiscalYear === 2569)!
      const admin = await pageAs('admin')
      // live first: the date box is a script field, and what is typed before hydration may not be kept
      await open(admin, `${baseUrl}/assignments?catalogId=${y2569.id}`)
      await admin.getByRole('checkbox', { name: 'O1', exact: true }).check()
      await admin.getByRole('checkbox', { name: 'O3', exact: true }).check()
      await admin.getByRole('checkbox', { name: org.units[0].nameTh, exact: true }).check()
      await admin.getByLabel('กำหนดส่ง').fill('2026-01-15')
      await admin.getByRole('button', { name: 'มอบหมาย', exact: true }).click()
      await admin.getByText('มอบหมายแล้ว 2 รายการ').waitFor()
      await admin.context().close()
      // another unit's item, due earlier, must not show
      await assignItems(org.actor, {
        catalogId: y2569.id,
        itemCodes: ['O4'],
        unitIds: [org.units[1].id],
        dueDate: '2025-12-01',
      })

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
    },
  )

  it(
    'refuses a workbook with a bad row on the import screen, naming ' + 'sheet, row and column, and saves nothing',
    async () => {
      const source = builtInCatalogs().find((c) => c.key === 'ita-nacc-2568') as ItaCatalog
      const book = new ExcelJS.Workbook()
      await book.xlsx.load((await catalogToXlsx({ ...source, key: 'ita-e2e-import' })) as unknown as ArrayBuffer)
      book.getWorksheet('elements')!.getRow(12).getCell(17).value = 0 // minCount of one element
      const bad = Buffer.from(await book.xlsx.writeBuffer())
      const before = await listCatalogs(org.organization.id)

      const page = await pageAs('admin')
      await page.goto(`${baseUrl}/catalogs`)
      await page.locator('#catalog-file').setInputFiles({
        name: 'เกณฑ์-ผิด.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: bad,
      })
      await page.getByRole('button', { name: 'นำเข้า', exact: true }).click()
      await page.getByText('ปัญหาที่พบ (ยังไม่มีการบันทึก)').waitFor()
      await expect(page.getByRole('alert').textContent()).resolves.toContain('นำเข้าไม่สำเร็จ ไม่มีการบันทึกใด ๆ (1 ปัญหา)')
      await expect(page.getByTestId('import-problems').textContent()).resolves.toMatch(
        /^แผ่นงาน elements แถว 12 คอลัมน์ Q \(minCount\): ต้องไม่น้อยกว่า 1/,
      )
      expect(await listCatalogs(org.organization.id)).toEqual(before)
      await page.context().close()
    },
  )

  it(
    'edits a KPI agreement item by item: adds a KPI with its levels, and refuses a weight taking the sum above ' +
      '100',
    async () => {
      const draft = await startFromBuiltIn(org.actor, 'kpi-agreement-integrity-template')
      const page = await pageAs('admin')
      await page.goto(`${baseUrl}/catalogs/${draft.id}`)
      await expect(page.getByTestId('kpi-weight-total').textContent()).resolves.toBe(
        'น้ำหนักรวมทุกตัวชี้วัด: ร้อยละ 4 (ไม่เกิน 100)',
      )

      const add = page.locator('details').filter({ has: page.locator('summary', { hasText: /^เพิ่มตัวชี้วัด$/ }) })
      await add.locator('summary').click()
      await add.getByLabel('รหัสตัวชี้วัด').fill('7.3')
      await add.getByLabel('ชื่อตัวชี้วัด (ไทย)').fill('ระดับความสำเร็จของการเปิดเผยข้อมูลสาธารณะ')
      await add.getByLabel('ชื่อตัวชี้วัด (อังกฤษ)').fill('Open data success level')
      await add.getByLabel('น้ำหนัก (ร้อยละ)').fill('3')
      await add.getByLabel('ผู้กำกับดูแลตัวชี้วัด').fill('รองอธิบดีฝ่ายบริหาร')
      await add.getByLabel('ผู้จัดเก็บข้อมูล').fill('กลุ่มงานประชาสัมพันธ์')
      await add.getByLabel('คำอธิบายตัวชี้วัด').fill('เผยแพร่ข้อมูลตามเกณฑ์ OIT ครบถ้วนและทันเวลา')
      await add.getByLabel('รอบ 9 เดือน').uncheck()
      const steps = [
        'แต่งตั้งคณะทำงาน',
        'รวบรวมข้อมูลที่ต้องเผยแพร่\nจัดทำแผนการเผยแพร่',
        'เผยแพร่ข้อมูลบนเว็บไซต์',
        'ตรวจสอบความครบถ้วน',
        'รายงานผลต่อผู้บริหาร',
      ]
      for (const [i, text] of steps.entries()) await add.getByLabel(`ระดับ ${i + 1}: ขั้นตอน`).fill(text)
      await add.locator('form').getByRole('button', { name: 'เพิ่มตัวชี้วัด' }).click()

      const card = page.locator('[data-kpi="7.3"]')
      await card.waitFor()
      await expect(card.textContent()).resolves.toMatch(/7\.3 ระดับความสำเร็จของการเปิดเผยข้อมูลสาธารณะ.*น้ำหนัก ร้อยละ 3/)
      await expect(card.getByText('รวบรวมข้อมูลที่ต้องเผยแพร่ · จัดทำแผนการเผยแพร่').isVisible()).resolves.toBe(true)
      await expect(page.getByTestId('kpi-weight-total').textContent()).resolves.toContain('ร้อยละ 7')
      const saved = (await getCatalog(org.organization.id, draft.id))!.content as KpiAgreementCatalog
      expect(saved.kpis.at(-1)).toMatchObject({
        code: '7.3',
        weight: 3,
        reportingRounds: [6, 12],
        scoring: { kind: 'milestone' },
      })

      // 2 + 2 + 97 = 101: refused in the KPI's own form, with the field named, nothing saved
      const edit = card.locator('details').filter({ has: page.locator('summary', { hasText: /^แก้ไข 7\.3$/ }) })
      await edit.locator('summary').click()
      await edit.getByLabel('น้ำหนัก (ร้อยละ)').fill('97')
      await edit.locator('form').getByRole('button', { name: 'บันทึก' }).click()
      await edit.getByRole('alert').waitFor()
      await expect(edit.getByRole('alert').textContent()).resolves.toBe(
        'น้ำหนัก: น้ำหนักรวมทุกตัวชี้วัดต้องไม่เกิน 100 (จะเป็น 101)',
      )
      await expect(edit.getByLabel('น้ำหนัก (ร้อยละ)').getAttribute('aria-invalid')).resolves.toBe('true')
      await expect(edit.getByLabel('น้ำหนัก (ร้อยละ)').inputValue()).resolves.toBe('97')
      expect((await getCatalog(org.organization.id, draft.id))!.content).toEqual(saved)
      await page.context().close()

      // the same refusal without JavaScript: a plain post answers with the form open again, as typed
      const noJs = await adminWithoutJs()
      await noJs.goto(`${baseUrl}/catalogs/${draft.id}`)
      const form = noJs
        .locator('[data-kpi="7.3"] details')
        .filter({ has: noJs.locator('summary', { hasText: /^แก้ไข 7\.3$/ }) })
      await form.locator('summary').click()
      await form.getByLabel('น้ำหนัก (ร้อยละ)').fill('97')
      await form.locator('form').getByRole('button', { name: 'บันทึก' }).click()
      const reopened = noJs.locator('[data-kpi="7.3"] details[open]')
      await reopened.getByRole('alert').waitFor()
      await expect(reopened.getByRole('alert').textContent()).resolves.toBe(
        'น้ำหนัก: น้ำหนักรวมทุกตัวชี้วัดต้องไม่เกิน 100 (จะเป็น 101)',
      )
      await expect(reopened.getByLabel('น้ำหนัก (ร้อยละ)').inputValue()).resolves.toBe('97')
      expect((await getCatalog(org.organization.id, draft.id))!.content).toEqual(saved)
      await noJs.context().close()
    },
  )

  it(
    'assigns KPIs with a due date per reporting round and owners, in ' + 'plain forms that work without JavaScript',
    async () => {
      const kpiCatalog = (await listCatalogs(org.organization.id)).find((c) => c.kind === 'kpi-agreement')!
      const page = await adminWithoutJs()
      await page.goto(`${baseUrl}/assignments?catalogId=${kpiCatalog.id}`)
      // the 12-month round is prefilled with 30 Sep of the fiscal year; leave it empty: refused, naming it
      // without JavaScript the date box itself is the field: it shows the Buddhist era, and the server reads its text
      await expect(page.getByLabel('กำหนดส่ง รอบ 6 เดือน').inputValue()).resolves.toBe('31 มี.ค. 2569')
      // 7.1 to the second unit, the coordinator its owner, due at the 12-month round as `due` says
      const assignDue = async (due: string) => {
        await page.getByLabel('กำหนดส่ง รอบ 12 เดือน').fill(due)
        await page.getByRole('checkbox', { name: '7.1', exact: true }).check()
        await page.getByRole('checkbox', { name: org.units[1].nameTh, exact: true }).check()
        const owners = page.getByRole('group', { name: 'ผู้รับผิดชอบ' })
        await owners.getByRole('checkbox', { name: org.people.coordinator.nameTh }).check()
        await page.getByRole('button', { name: 'มอบหมาย', exact: true }).click()
      }
      await assignDue('')
      await page.getByRole('alert').waitFor()
      await expect(page.getByRole('alert').textContent()).resolves.toContain(
        'กำหนดส่งรอบ 12 เดือน: จำเป็นต้องกรอก (7.1 รายงานรอบนี้)',
      )
      expect(await listAssignments(org.organization.id, kpiCatalog.id)).toEqual([])

      await assignDue('15/9/69')
      await page.getByText('มอบหมายแล้ว 1 รายการ').waitFor()
      // the page streams: the notice can arrive before the table below it, so wait for the row's last round
      await page.locator('tr[data-code="7.1"] [data-testid="due-dates"] p').nth(2).waitFor()
      await expect(page.locator('tr[data-code="7.1"] [data-testid="due-dates"] p').allInnerTexts()).resolves.toEqual([
        'รอบ 6 เดือน: 31 มี.ค. 2569',
        'รอบ 9 เดือน: 30 มิ.ย. 2569',
        'รอบ 12 เดือน: 15 ก.ย. 2569',
      ])
      const [a] = await listAssignments(org.organization.id, kpiCatalog.id)
      expect(a).toMatchObject({ itemCode: '7.1', unitIds: [org.units[1].id], ownerIds: [org.people.coordinator.id] })
      expect(a.dueDates.map((d) => d.round)).toEqual(['6', '9', '12'])
      await page.context().close()
    },
  )
})
