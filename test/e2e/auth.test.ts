import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { type BrowserSession, open, signedInPage } from '#test/support/browser'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { withE2e } from '#test/support/e2e-db'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg

withE2e('auth', (world) => ({ org, session } = world))

const navLabels = async (page: Page) =>
  (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim())
const ADMIN_ONLY = ['ข้อมูลหน่วยงาน', 'หน่วยงานย่อย', 'บุคลากร', 'บันทึกการเปลี่ยนแปลง']

async function freshPage() {
  return (await session.newContext()).newPage()
}

describe('signing in', () => {
  it('shows each role only its own navigation', async () => {
    for (const role of ['admin', 'coordinator', 'assessor', 'executive'] as const) {
      const page = await signedInPage(session, baseUrl, org.people[role])
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(org.people[role].nameTh)
      const labels = await navLabels(page)
      expect(labels).toContain('หน้าแรก')
      for (const item of ADMIN_ONLY) expect(labels.includes(item), `${role} / ${item}`).toBe(role === 'admin')
      // and the page itself is refused, not just hidden
      const response = await page.goto(`${baseUrl}/admin/people`)
      expect(response?.status(), role).toBe(role === 'admin' ? 200 : 403)
      await page.context().close()
    }
  })

  it('answers a wrong password with a Thai message', async () => {
    const page = await freshPage()
    await page.goto(`${baseUrl}/login`)
    await page.getByLabel('อีเมล').fill(org.people.executive.email)
    await page.getByLabel('รหัสผ่าน').fill('not the password')
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toBe('อีเมลหรือรหัสผ่านไม่ถูกต้อง')
    expect(page.url()).toContain('/login')
    await page.context().close()
  })

  it('throttles the sixth rapid wrong attempt, even with the right password', async () => {
    const target = (await createTestOrg('throttle')).people.assessor
    const page = await freshPage()
    await page.goto(`${baseUrl}/login`)
    const attempt = async (password: string) => {
      await page.getByLabel('อีเมล').fill(target.email)
      await page.getByLabel('รหัสผ่าน').fill(password)
      await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
      await page.getByRole('alert').waitFor()
      const text = (await page.getByRole('alert').textContent()) ?? ''
      await page.goto(`${baseUrl}/login`)
      return text
    }
    for (let i = 1; i <= 5; i++) expect(await attempt(`wrong-${i}`)).toBe('อีเมลหรือรหัสผ่านไม่ถูกต้อง')
    expect(await attempt('wrong-6')).toMatch(/หลายครั้งเกินไป กรุณารออีก 1[45] นาที/)
    expect(await attempt(TEST_PASSWORD)).toMatch(/หลายครั้งเกินไป/)
    await page.context().close()
  })
})

describe('ending sessions', () => {
  it('signing out ends the sessions on every device at the next request', async () => {
    const person = org.people.assessor
    const laptop = await signedInPage(session, baseUrl, person)
    const phone = await signedInPage(session, baseUrl, person)
    await laptop.getByRole('button', { name: person.nameTh }).click()
    await laptop.getByRole('menuitem', { name: 'ออกจากระบบ' }).click()
    await laptop.waitForURL(`${baseUrl}/login`)
    await phone.goto(`${baseUrl}/`)
    await expect(phone.getByRole('link', { name: 'เข้าสู่ระบบ' }).first().isVisible()).resolves.toBe(true)
    expect(await phone.getByRole('navigation').count()).toBe(0)
    const { events } = await listAuditEvents(org.organization.id, { actorId: person.id, action: 'auth.sign-out' })
    expect(events.length).toBeGreaterThan(0)
    await laptop.context().close()
    await phone.context().close()
  })

  it("an administrator's deactivation ends the person's session at once", async () => {
    const fresh = await createTestOrg('deactivate')
    const coordinator = await signedInPage(session, baseUrl, fresh.people.coordinator)
    const admin = await signedInPage(session, baseUrl, fresh.people.admin)
    // live first: before hydration the confirm button submits without asking
    await open(admin, `${baseUrl}/admin/people/${fresh.people.coordinator.id}`)
    await admin.getByRole('button', { name: 'ระงับการใช้งาน' }).click()
    // the confirmation names what will happen
    await expect(admin.getByRole('dialog').textContent()).resolves.toContain('สิ้นสุดทันที')
    await admin.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
    await admin.getByRole('button', { name: 'เปิดใช้งานอีกครั้ง' }).waitFor()

    const response = await coordinator.goto(`${baseUrl}/admin/units`)
    expect(coordinator.url()).toContain('/login')
    expect(response?.status()).toBe(200)
    // and the sign-in form refuses the deactivated person with a reason
    await coordinator.getByLabel('อีเมล').fill(fresh.people.coordinator.email)
    await coordinator.getByLabel('รหัสผ่าน').fill(TEST_PASSWORD)
    await coordinator.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
    await expect(coordinator.getByRole('alert').textContent()).resolves.toMatch(/ไม่มีสิทธิ์ใช้งานในหน่วยงานใด/)
    await coordinator.context().close()
    await admin.context().close()
  })
})

describe('administration', () => {
  it('adds a unit and a person; the invitee sets a password through the one-time link', async () => {
    const fresh = await createTestOrg('invite')
    const admin = await signedInPage(session, baseUrl, fresh.people.admin)

    await admin.goto(`${baseUrl}/admin/units`)
    await admin.getByLabel('ชื่อภาษาไทย').fill('กองตรวจสอบภายใน')
    await admin.getByRole('button', { name: 'เพิ่มหน่วยงานย่อย' }).click()
    await admin.getByRole('link', { name: 'กองตรวจสอบภายใน' }).waitFor()

    // the browser accepts "a@b"; the server's rule names the field
    await admin.goto(`${baseUrl}/admin/people`)
    await admin.getByLabel('อีเมล').fill('a@b')
    await admin.getByLabel('ชื่อ-สกุล (ไทย)').fill('บุคคล ทดสอบ')
    await admin.getByRole('button', { name: 'เพิ่มบุคลากร' }).click()
    await expect(admin.getByRole('alert').textContent()).resolves.toMatch(/อีเมล: รูปแบบไม่ถูกต้อง/)

    const email = `invitee-${Date.now()}@invite.saisaat.test`
    await admin.getByLabel('อีเมล').fill(email)
    await admin.getByLabel('ชื่อ-สกุล (ไทย)').fill('ผู้ได้รับเชิญ ทดสอบ')
    await admin.getByRole('button', { name: 'เพิ่มบุคลากร' }).click()
    const link = (await admin.getByTestId('one-time-link').textContent())!.trim()
    expect(link).toMatch(/\/password\/[\w-]{40,}$/)

    // both changes are in the audit trail, on screen and in the CSV export
    await admin.goto(`${baseUrl}/admin/audit?action=unit.create`)
    await expect(admin.getByRole('table').textContent()).resolves.toContain('กองตรวจสอบภายใน')
    const csv = await admin.request.get(`${baseUrl}/admin/audit.csv?action=person.add`)
    expect(csv.headers()['content-type']).toContain('text/csv')
    const body = await csv.body()
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // BOM: Excel reads the Thai text
    const text = body.toString('utf8')
    expect(text).toContain(email)
    expect(text).not.toContain('unit.create')
    await admin.context().close()

    const invitee = await freshPage()
    await invitee.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl))
    await expect(invitee.getByRole('heading', { level: 2 }).textContent()).resolves.toContain('ตั้งรหัสผ่าน')
    await invitee.getByLabel('รหัสผ่านใหม่').fill('short')
    await invitee.getByLabel('ยืนยันรหัสผ่าน').fill('short')
    await invitee.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
    await invitee.getByText('รหัสผ่าน: ต้องยาวอย่างน้อย 10 ตัวอักษร').waitFor()
    await invitee.getByLabel('รหัสผ่านใหม่').fill('a-long-enough-password')
    await invitee.getByLabel('ยืนยันรหัสผ่าน').fill('a-long-enough-password')
    await invitee.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
    await invitee.waitForURL(`${baseUrl}/`)
    await expect(invitee.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('ผู้ได้รับเชิญ')
    // the link works once
    await invitee.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl))
    await expect(invitee.getByRole('alert').textContent()).resolves.toContain('ลิงก์นี้ใช้ไม่ได้')
    await invitee.context().close()
  })
})
