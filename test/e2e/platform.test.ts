/**
 * The operators' console in Chromium, with no script between the steps: the demo operator signs in
 * and lands on /platform, creates "กรมทดสอบระบบ" with its first administrator and sees the one-time
 * link; the administrator sets a password and signs in; the operator suspends the organization (after
 * confirming) and the administrator's next page names the reason; reactivation lets them in again.
 * The demo agency's data does not change.
 */
import { createHash, randomBytes } from 'node:crypto'
import mongoose from 'mongoose'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { getOrganizationByCode, type Organization } from '#models/tenancy/organization.server'
import { getUserByEmail } from '#models/tenancy/user.server'
import { DEMO_PASSWORD, seedDemo } from '#scripts/seed'
import { DEMO_OPERATOR, seedDemoOperator } from '#scripts/seed-operator'
import { hydrated, openBrowser, submit, textBecomes, type BrowserSession } from '#test/support/browser'
import { useE2eDatabase } from '#test/support/e2e-db'
import { onRelease, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let demo: Organization

/** A hash of every document of the organization (sessions and sign-in counters aside). */
async function snapshotOf(organizationId: string): Promise<string> {
  const db = mongoose.connection.db!
  const hash = createHash('sha256')
  const oid = new mongoose.Types.ObjectId(organizationId)
  for (const name of (await db.listCollections().toArray()).map((c) => c.name).sort()) {
    if (name === 'sessions' || name === 'login_failures') continue
    const docs = await db.collection(name).find({ organizationId: oid }).sort({ _id: 1 }).toArray()
    hash.update(name).update(JSON.stringify(docs))
  }
  return hash.update(JSON.stringify(await db.collection('organizations').findOne({ _id: oid }))).digest('hex')
}

beforeAll(async () => {
  onRelease(await useE2eDatabase())
  // the demo agency and its operator, as `npm run local` seeds them (both safe to run again)
  demo = (await seedDemo()).organization
  await seedDemoOperator(DEMO_PASSWORD)
  session = await openBrowser()
  onRelease(() => session.close())
})
afterAll(release)

async function signInAs(page: Page, email: string, password: string) {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('อีเมล').fill(email)
  await page.getByLabel('รหัสผ่าน').fill(password)
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
}

describe('the operator console', () => {
  it('creates an organization with its administrator, suspends and reactivates it; the demo is untouched', async () => {
    const demoBefore = await snapshotOf(demo.id)
    const suffix = randomBytes(3).toString('hex')
    const code = `dept-systest-${suffix}`
    const adminEmail = `admin-${suffix}@systest.go.th`

    // the operator signs in and lands on the console, with its entry in the menu
    const operator = await (await session.newContext()).newPage()
    await signInAs(operator, DEMO_OPERATOR.email, DEMO_PASSWORD)
    await operator.waitForURL(`${baseUrl}/platform`)
    await operator.getByRole('navigation').getByRole('link', { name: 'แพลตฟอร์ม' }).waitFor()
    await operator.getByTestId('org-demo').waitFor()

    // create กรมทดสอบระบบ with its first administrator: the one-time link is shown (no SMTP_URL)
    await operator.getByRole('link', { name: 'สร้างหน่วยงาน' }).click()
    await operator.waitForURL(`${baseUrl}/platform/organizations/new`)
    await hydrated(operator)
    await operator.getByLabel('ชื่อหน่วยงาน (ไทย)').fill('กรมทดสอบระบบ')
    await operator.getByLabel('ชื่อหน่วยงาน (อังกฤษ)').fill('Department of System Testing')
    await operator.getByLabel('รหัสหน่วยงาน (ภาษาอังกฤษพิมพ์เล็ก').fill(code)
    await operator.getByLabel('รหัสหน่วยงานในระบบ ITAS').fill('15099')
    await operator.getByLabel('อีเมลผู้ดูแลระบบคนแรก').fill(adminEmail)
    await operator.getByLabel('ชื่อผู้ดูแลระบบคนแรก').fill('สมหญิง ทดสอบระบบ')
    const created = await submit(operator, () => operator.getByRole('button', { name: 'สร้างหน่วยงาน' }).click())
    expect(created.status()).toBe(200)
    const link = ((await operator.getByTestId('one-time-link').textContent()) ?? '').trim()
    expect(link).toMatch(new RegExp(`/password/[A-Za-z0-9_-]{20,}$`))
    const organization = (await getOrganizationByCode(code))!
    expect(organization).toMatchObject({ nameTh: 'กรมทดสอบระบบ', itasCode: '15099', suspended: null })

    // the administrator sets a password through the link and is signed in
    const admin = await (await session.newContext()).newPage()
    await admin.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl))
    await admin.getByLabel('รหัสผ่านใหม่').fill('Kaowpad-Gai-2570!')
    await admin.getByLabel('ยืนยันรหัสผ่าน').fill('Kaowpad-Gai-2570!')
    await admin.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
    await admin.waitForURL((url) => !url.pathname.startsWith('/password'))
    await admin.getByRole('button', { name: 'สมหญิง ทดสอบระบบ' }).waitFor()

    // suspend, after confirming: the badge and the reason show
    await operator.getByRole('link', { name: 'ไปที่หน้าหน่วยงาน' }).click()
    await operator.waitForURL(`${baseUrl}/platform/organizations/${organization.id}`)
    await hydrated(operator)
    const reason = 'ยังไม่ได้ลงนามข้อตกลงการใช้บริการ'
    await operator.getByLabel('เหตุผลที่ระงับ').fill(reason)
    await operator.getByRole('button', { name: 'ระงับการใช้งาน' }).click()
    const suspended = await submit(operator, () => operator.getByRole('button', { name: 'ยืนยัน', exact: true }).click())
    expect(suspended.status()).toBe(200)
    await textBecomes(operator.getByTestId('suspended-reason'), new RegExp(reason))
    expect((await getOrganizationByCode(code))?.suspended?.reason).toBe(reason)

    // the administrator's next page names the reason, in place of the page
    await admin.goto(`${baseUrl}/admin/people`)
    await textBecomes(admin.getByTestId('session-refusal'), new RegExp(`ถูกระงับการใช้งานโดยผู้ดูแลแพลตฟอร์ม: ${reason}`))
    await signInAs(admin, adminEmail, 'Kaowpad-Gai-2570!')
    await textBecomes(admin.getByRole('alert'), new RegExp(reason))

    // reactivate, after confirming: the administrator signs in again
    await operator.getByRole('button', { name: 'เปิดใช้งานอีกครั้ง' }).click()
    const reactivated = await submit(operator, () =>
      operator.getByRole('button', { name: 'ยืนยัน', exact: true }).click(),
    )
    expect(reactivated.status()).toBe(200)
    await operator.getByTestId('suspended-reason').waitFor({ state: 'detached' })
    await signInAs(admin, adminEmail, 'Kaowpad-Gai-2570!')
    await admin.waitForURL((url) => !url.pathname.startsWith('/login'))

    // both in the organization's own trail, by the operator
    const operatorUser = (await getUserByEmail(DEMO_OPERATOR.email))!
    const { events } = await listAuditEvents(organization.id, { actorId: operatorUser.id })
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['organization.create', 'organization.suspend', 'organization.reactivate']),
    )
    expect(await snapshotOf(demo.id), "the demo agency's data changed").toBe(demoBefore)
  })
})
