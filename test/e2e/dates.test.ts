/**
 * The Buddhist-era date box in Chromium, on the assignment screen: a date typed the way Thai
 * dates are written is stored as that day and shown back in the Buddhist era; a year that is
 * neither era (a BE year pushed 543 years on) is refused naming the field, and nothing is saved.
 */
import { describe, expect, inject, it } from 'vitest'
import { listAssignments } from '#models/work/assignment.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { bangkokDayValue } from '#models/dates'
import { type BrowserSession, signedInPage } from '#test/support/browser'
import type { TestOrg } from '#test/support/fixtures'
import { withE2e } from '#test/support/e2e-db'
import { publishAndAssign } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string

// 31 January of next year (31/01/2570 while this was written): always within five years of today
const ce = Number(bangkokDayValue(new Date()).slice(0, 4)) + 1
const be = ce + 543

withE2e(
  'dates-e2e',
  (world) => ({ org, session } = world),
  async () => {
    catalogId = (await publishAndAssign(org, 'ita-nacc-2569')).id
  },
)

describe('Buddhist-era date entry in Chromium', () => {
  it(
    `stores 31/01/${be} typed into the due date as ${ce}-01-31 and shows it as "31 ม.ค. ${be}"; refuses ` +
      `31/01/${be + 543} naming the field`,
    async () => {
      const page = await signedInPage(session, baseUrl, org.people.admin)
      await page.goto(`${baseUrl}/assignments?catalogId=${catalogId}`)
      // the page is live once the box hands its name to the hidden ISO input
      await page.locator('#assign input[type="hidden"][name="dueDate"]').waitFor({ state: 'attached' })
      const box = page.getByRole('textbox', { name: 'กำหนดส่ง' })

      await box.fill(`31/01/${be}`)
      await box.press('Tab')
      await expect(box.inputValue()).resolves.toBe(`31 ม.ค. ${be}`)
      await expect(page.locator('#assign input[type="hidden"][name="dueDate"]').inputValue()).resolves.toBe(
        `${ce}-01-31`,
      )
      // the item to the first unit, with the date in the box
      const assign = async (code: string) => {
        await page.getByRole('checkbox', { name: code, exact: true }).check()
        const units = page.getByRole('group', { name: 'หน่วยงานที่รับผิดชอบ' })
        await units.getByRole('checkbox', { name: org.units[0].nameTh }).check()
        await page.getByRole('button', { name: 'มอบหมาย', exact: true }).click()
      }
      await assign('O1')
      await page.getByText('มอบหมายแล้ว 1 รายการ').waitFor()
      await expect(page.locator('tr[data-code="O1"] [data-testid="due-dates"]').textContent()).resolves.toBe(
        `31 ม.ค. ${be}`,
      )
      const [saved] = await listAssignments(org.organization.id, catalogId)
      expect(saved).toMatchObject({ itemCode: 'O1', dueDate: new Date(`${ce}-01-31T00:00:00+07:00`).toISOString() })

      // a CE year read as BE and then written back as BE again: not a year of either era
      const audits = (await listAuditEvents(org.organization.id, { targetType: 'assignment' })).total
      await box.fill(`31/01/${be + 543}`)
      await box.press('Tab')
      await page.getByText(`ปี ${be + 543} ไม่ถูกต้อง: ใช้ปี พ.ศ. (เช่น 2570) หรือ ค.ศ. 1900–2200`).waitFor()
      await assign('O2')
      await page.getByRole('alert').waitFor()
      await expect(page.getByRole('alert').textContent()).resolves.toContain(`กำหนดส่ง: ปี ${be + 543} ไม่ถูกต้อง`)
      await expect(box.getAttribute('aria-invalid')).resolves.toBe('true')
      expect(await listAssignments(org.organization.id, catalogId)).toEqual([saved])
      expect((await listAuditEvents(org.organization.id, { targetType: 'assignment' })).total).toBe(audits)
      await page.context().close()
    },
  )
})
