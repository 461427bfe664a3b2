/**
 * The clarification round in Chromium: an administrator imports preliminary OIT results from a
 * CSV (a bad file first: refused naming the row and column, nothing saved), the coordinator of
 * the assigned unit drafts a clarification of the criterion that did not pass, referencing a
 * link with its snapshot's fetch time, and an assessor approves it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { getClarification, listClarifications } from '#models/work/clarification.server'
import { saveCalendar } from '#models/work/calendar.server'
import { type BrowserSession, signedInPage, submit, textBecomes } from '#test/support/browser'
import type { TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, checkedLink, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string

/** A Bangkok calendar day `days` from now, as the calendar form sends it. */
const bangkokDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)

beforeAll(async () => {
  ;({ org, session } = await provideE2e('clarify-e2e'))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1', 'O2'] })).id
  // the window closes in 10 days, counting today
  await saveCalendar(org.actor, {
    fiscalYear: 2569,
    phases: [{ kind: 'clarification', startsOn: bangkokDay(-1), endsOn: bangkokDay(9) }],
  })
  const coordinator = actorsOf(org).coordinator
  await checkedLink(
    coordinator,
    { url: 'https://www.example.go.th/about/structure', title: 'แผนผังโครงสร้างบนเว็บไซต์' },
    {
      fetchedAt: new Date('2026-05-20T09:30:00+07:00'),
      responseMs: 90,
      sha256: 'b'.repeat(64),
      size: 2048,
    },
  )
})
afterAll(release)

const pageAs = (role: 'admin' | 'coordinator' | 'assessor') => signedInPage(session, baseUrl, org.people[role])

async function importCsv(page: Page, content: string) {
  await page
    .getByLabel('ไฟล์ CSV')
    .setInputFiles({ name: 'oit.csv', mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') })
  await page.getByRole('button', { name: 'นำเข้า', exact: true }).click()
}

describe('clarification round in Chromium', () => {
  it(
    'admin imports preliminary results, coordinator drafts a clarification referencing a snapshot, assessor ' +
      'approves',
    async () => {
      const admin = await pageAs('admin')
      await admin.getByRole('link', { name: 'ชี้แจงผลเบื้องต้น' }).click()
      await admin.getByRole('heading', { name: 'ผลการประเมิน OIT เบื้องต้นและการชี้แจงเพิ่มเติม' }).waitFor()
      await expect(admin.getByTestId('clarification-window').textContent()).resolves.toContain('เหลืออีก 10 วัน')

      // a file with a bad row is refused whole, naming the row and the column
      await importCsv(admin, 'รหัสข้อ,ผล,ความเห็น\nO1,ไม่ผ่าน,ไม่พบแผนผัง\nO2,ผ่านบางส่วน,\n')
      const refusal = admin.getByRole('alert').filter({ hasText: 'นำเข้าไม่ได้' })
      await refusal.waitFor()
      await expect(refusal.textContent()).resolves.toMatch(/แถว 3 คอลัมน์ ผล: ต้องเป็น "ผ่าน" หรือ "ไม่ผ่าน"/)
      expect((await listClarifications(org.organization.id, catalogId))!.rows).toEqual([])

      await importCsv(admin, '\uFEFFรหัสข้อ,ผล,ความเห็น\nO1,ไม่ผ่าน,ไม่พบแผนผังโครงสร้างที่เป็นปัจจุบัน\nO2,ผ่าน,\n')
      await admin.getByRole('status').filter({ hasText: 'นำเข้าแล้ว 2 ข้อ' }).waitFor()
      const o1 = admin.getByTestId('clarification-row').filter({ hasText: 'O1' })
      await expect(o1.getByTestId('preliminary-result').textContent()).resolves.toBe('ไม่ผ่าน')
      await expect(o1.textContent()).resolves.toContain('ไม่พบแผนผังโครงสร้างที่เป็นปัจจุบัน')
      await expect(o1.getByTestId('clarification-status').textContent()).resolves.toBe('ยังไม่ได้ร่าง')
      await expect(o1.textContent()).resolves.toContain(org.units[0].nameTh)
      await admin.context().close()

      // the coordinator of the assigned unit drafts the clarification
      const coordinator = await pageAs('coordinator')
      await coordinator.goto(`${baseUrl}/clarifications`)
      await coordinator.getByRole('link', { name: /^O1 / }).click()
      await coordinator.waitForURL(`${baseUrl}/clarifications/${catalogId}/O1`)
      await expect(coordinator.getByTestId('assessor-comment').textContent()).resolves.toBe(
        'ไม่พบแผนผังโครงสร้างที่เป็นปัจจุบัน',
      )
      await coordinator.getByLabel('คำชี้แจง').fill('แผนผังโครงสร้างเผยแพร่บนเว็บไซต์ตั้งแต่ 20 พ.ค. 2569')
      // nothing chosen: refused, naming the references
      await coordinator.getByRole('button', { name: 'บันทึกร่างคำชี้แจง' }).click()
      await coordinator.getByRole('alert').filter({ hasText: 'เลือกลิงก์ที่เผยแพร่แล้วอย่างน้อย 1 รายการ' }).first().waitFor()
      expect((await getClarification(org.organization.id, catalogId, 'O1'))!.clarification).toBeNull()
      await coordinator.getByLabel('คำชี้แจง').fill('แผนผังโครงสร้างเผยแพร่บนเว็บไซต์ตั้งแต่ 20 พ.ค. 2569')
      await coordinator.getByRole('checkbox', { name: /แผนผังโครงสร้างบนเว็บไซต์/ }).check()
      await coordinator.getByRole('button', { name: 'บันทึกร่างคำชี้แจง' }).click()
      await coordinator.getByRole('status').filter({ hasText: 'บันทึกร่างคำชี้แจงแล้ว' }).waitFor()
      await expect(coordinator.getByTestId('clarification-status').textContent()).resolves.toBe('ร่าง รอผู้ตรวจประเมิน')
      const reference = coordinator.getByTestId('clarification-reference')
      await expect(reference.textContent()).resolves.toMatch(/แผนผังโครงสร้างบนเว็บไซต์.*สำเนาหน้าเว็บเมื่อ 20 พ.ค. 2569 09:30/)
      await expect(reference.getByRole('link', { name: /สำเนาหน้าเว็บเมื่อ/ }).getAttribute('href')).resolves.toMatch(
        /^\/evidence\/[0-9a-f]{24}\/snapshot\/0$/,
      )
      await coordinator.context().close()

      // the assessor approves it
      const assessor = await pageAs('assessor')
      await assessor.goto(`${baseUrl}/clarifications/${catalogId}/O1`)
      await expect(assessor.getByTestId('clarification').textContent()).resolves.toContain(
        'แผนผังโครงสร้างเผยแพร่บนเว็บไซต์ตั้งแต่ 20 พ.ค. 2569',
      )
      await submit(assessor, async () => {
        await assessor.getByLabel('ความเห็นถึงผู้ประสานงาน (จำเป็นเมื่อส่งกลับ)').fill('อ้างอิงครบถ้วน')
        await assessor.getByRole('button', { name: 'อนุมัติคำชี้แจง' }).click()
      })
      await textBecomes(assessor.getByTestId('clarification-status'), 'อนุมัติแล้ว')
      await expect(assessor.getByTestId('clarification-decided').textContent()).resolves.toContain(
        `อนุมัติแล้ว โดย ${org.people.assessor.nameTh}`,
      )
      expect(await assessor.getByRole('button', { name: 'อนุมัติคำชี้แจง' }).count()).toBe(0)
      const stored = (await getClarification(org.organization.id, catalogId, 'O1'))!.clarification!
      expect(stored).toMatchObject({
        status: 'approved',
        decidedByName: org.people.assessor.nameTh,
        draftedByName: org.people.coordinator.nameTh,
      })
      expect(stored.references.map((r) => r.fetchedAt)).toEqual(['2026-05-20T02:30:00.000Z'])
      await assessor.goto(`${baseUrl}/clarifications`)
      await expect(
        assessor
          .getByTestId('clarification-row')
          .filter({ hasText: 'O1' })
          .getByTestId('clarification-status')
          .textContent(),
      ).resolves.toBe('อนุมัติแล้ว')
      await assessor.context().close()
    },
  )
})
