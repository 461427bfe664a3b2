/**
 * Sign-up in Chromium, with mail: a second app server on the same services (its own database and bucket),
 * configured with a local SMTP sink (the shared e2e server has no SMTP_URL; its other tests read links off the screen).
 * An agency asks, the requester confirms by the mailed link, an operator approves, and the requester
 * sets a password from the mailed invitation and lands on the first-run set-up; a declined request
 * gets the reason by mail.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { createOperator } from '#models/tenancy/operator.server'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { hydrated, open, openBrowser, submit, type BrowserSession } from '#test/support/browser'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { onRelease, release } from '#test/support/kit'
import { runBuiltApp, type RunningApp } from '#test/support/app-server'
import { startSmtpSink, type SmtpSink } from '#test/support/smtp-sink'

let session: BrowserSession
let org: TestOrg
let sink: SmtpSink
let app: RunningApp

beforeAll(async () => {
  // a database and a bucket of its own: this second server runs the background jobs too (packages, the store's
  // reconciliation), which must never take the shared e2e server's work or see its objects as orphans
  const services = inject('services')
  const storage = createStorage({ ...services.s3, bucket: 'e2e-signup', forcePathStyle: true })
  await ensureBucket(storage)
  await connectDatabase(services.mongoUri, { dbName: 'e2e-signup' })
  onRelease(() => disconnectDatabase())
  org = await createTestOrg('signup')
  session = await openBrowser()
  onRelease(() => session.close())
  sink = await startSmtpSink()
  onRelease(() => sink.close())
  app = await runBuiltApp(inject('buildDir'), {
    MONGODB_URI: `${services.mongoUri}e2e-signup`,
    S3_ENDPOINT: services.s3.endpoint,
    S3_REGION: services.s3.region,
    S3_BUCKET: 'e2e-signup',
    S3_ACCESS_KEY_ID: services.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
    SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
    SMTP_URL: sink.url,
  })
  onRelease(() => app.stop())
  await app.healthy()
  // the organization's administrator (who has a password) is also a platform operator
  await createOperator({ userId: null, userName: 'e2e' }, { email: org.people.admin.email, nameTh: 'ผู้ดูแล' })
})
afterAll(release)

const freshPage = async () => (await session.newContext()).newPage()

/** The newest mail to `email` whose text matches `pattern`; resolves when it has arrived. */
async function mailTo(email: string, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let count = 1; ; count++) {
    await sink.waitFor(count, 30_000)
    const found = [...sink.messages].reverse().find((m) => m.to.includes(email) && pattern.test(m.text))
    if (found) return found.text.match(pattern)!
  }
}

async function requestAccount(page: Page, fields: { nameTh: string; email: string }) {
  await open(page, `${app.baseUrl}/signup`)
  await page.getByLabel('ชื่อหน่วยงาน (ไทย)').fill(fields.nameTh)
  await page.getByLabel('ชื่อหน่วยงาน (อังกฤษ)').fill('Department of E2E Sign-up')
  await page.getByRole('textbox', { name: 'ประเภทหน่วยงาน' }).click()
  await page.getByRole('option', { name: 'กรม', exact: true }).click()
  await page.getByLabel('ชื่อ-สกุลผู้ขอ').fill('สมศรี ขอใช้งาน')
  await page.getByLabel('อีเมลทางราชการของผู้ขอ').fill(fields.email)
  await page.getByLabel('โทรศัพท์').fill('02-222-3333')
  const response = await submit(page, () => page.getByRole('button', { name: 'ส่งคำขอ' }).click())
  expect(response.status()).toBe(200)
  await page.getByRole('status').filter({ hasText: fields.email }).waitFor()
  // the confirmation link comes by mail only
  const [url] = await mailTo(fields.email, new RegExp(`${app.baseUrl}/signup/confirm/[\\w-]+`))
  await open(page, url)
  await submit(page, () => page.getByRole('button', { name: 'ยืนยันอีเมล' }).click())
  await page.getByRole('status').filter({ hasText: 'อยู่ระหว่างการพิจารณา' }).waitFor()
}

/** The operator's card of the request named `nameTh` on the queue page. */
async function operatorQueue(nameTh: string) {
  const page = await freshPage()
  await page.goto(`${app.baseUrl}/login`)
  await page.getByLabel('อีเมล').fill(org.people.admin.email)
  await page.getByLabel('รหัสผ่าน').fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
  await page.waitForURL((url) => url.pathname !== '/login')
  await open(page, `${app.baseUrl}/platform/requests`)
  const card = page.locator('.mantine-Card-root').filter({ hasText: nameTh })
  await card.getByText('รอพิจารณา').waitFor()
  return { page, card }
}

describe('an agency that asks for an account', () => {
  it('confirms by mail, is approved, and its requester sets a password and lands on the set-up', async () => {
    const email = 'head@e2e-signup.go.th'
    const requester = await freshPage()
    await requestAccount(requester, { nameTh: 'กรมทดสอบการสมัครใช้งาน', email })

    const { page, card } = await operatorQueue('กรมทดสอบการสมัครใช้งาน')
    await card.getByLabel('รหัสหน่วยงานที่จะสร้าง').fill('e2e-signup-dept')
    await submit(page, () => card.getByRole('button', { name: 'อนุมัติและเชิญผู้ขอเป็นผู้ดูแลระบบ' }).click())
    await page.getByRole('status').filter({ hasText: 'e2e-signup-dept' }).waitFor()
    expect(await getOrganizationByCode('e2e-signup-dept')).toMatchObject({ nameTh: 'กรมทดสอบการสมัครใช้งาน' })

    const [link] = await mailTo(email, new RegExp(`${app.baseUrl}/password/[\\w-]+`))
    await open(requester, link)
    await requester.getByLabel(/รหัสผ่านใหม่/).fill('a-long-enough-passphrase-2570')
    await requester.getByLabel('ยืนยันรหัสผ่าน').fill('a-long-enough-passphrase-2570')
    await requester.getByRole('button', { name: 'บันทึกรหัสผ่านและเข้าสู่ระบบ' }).click()
    await requester.waitForURL(`${app.baseUrl}/setup`)
    await hydrated(requester)
    expect(await requester.getByRole('heading', { level: 2 }).first().textContent()).toBeTruthy()
    await page.context().close()
    await requester.context().close()
  })

  it('declined: the reason arrives by mail and no organization is made', async () => {
    const email = 'someone@e2e-declined.example'
    const requester = await freshPage()
    await requestAccount(requester, { nameTh: 'บริษัทที่ไม่ใช่หน่วยงานรัฐ', email })
    const { page, card } = await operatorQueue('บริษัทที่ไม่ใช่หน่วยงานรัฐ')
    await card.getByLabel('เหตุผลที่ไม่อนุมัติ (ส่งถึงผู้ขอ)').fill('ไม่อยู่ในบัญชีหน่วยงานที่รับการประเมิน ITA')
    await submit(page, () => card.getByRole('button', { name: 'ไม่อนุมัติ' }).click())
    await page.getByRole('status').filter({ hasText: email }).waitFor()
    const [reason] = await mailTo(email, /ไม่อยู่ในบัญชีหน่วยงานที่รับการประเมิน ITA/)
    expect(reason).toBeTruthy()
    await page.context().close()
    await requester.context().close()
  })
})
