/**
 * Sign-up requests through the routes' own handlers, with mail through a local SMTP sink: an agency
 * asks on the public page, the requester confirms by the mailed link, an operator approves (the
 * organization is created and the requester invited as its administrator) or declines with a
 * reason that is mailed. Refusals name the field and the rule and keep nothing.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { createSession } from '#models/tenancy/auth.server'
import { createOperator, PLATFORM_AUDIT_SCOPE } from '#models/tenancy/operator.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { confirmSignup, requestSignup } from '#models/tenancy/signup.server'
import { getUserByEmail, listMembershipsOfUser } from '#models/tenancy/user.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { type Handler, provide, release, sessionCookie } from '#test/support/kit'
import { startSmtpSink, type SmtpSink } from '#test/support/smtp-sink'

const ORIGIN = 'http://127.0.0.1:3000'
let sink: SmtpSink
let org: TestOrg
let operatorCookie: string
let routes: { signup: Handler; confirm: Handler; requests: Handler; queue: Handler; password: Handler; login: Handler }

beforeAll(async () => {
  sink = await startSmtpSink()
  const db = await provide()
  Object.assign(process.env, { MONGODB_URI: db.uri, S3_BUCKET: 'signup-test', SMTP_URL: sink.url, PUBLIC_URL: ORIGIN })
  org = await createTestOrg('existing')
  const { user } = await createOperator(
    { userId: null, userName: 'cli' },
    { email: 'ops@platform.test', nameTh: 'ผู้ดูแลแพลตฟอร์ม' },
  )
  const { commitSession } = await import('#app/utils/session.server')
  operatorCookie = (await commitSession((await createSession({ userId: user.id, organizationId: null })).token)).split(
    ';',
  )[0]
  routes = {
    signup: (await import('#app/routes/signup')).action as unknown as Handler,
    confirm: (await import('#app/routes/signup_.confirm.$token')).action as unknown as Handler,
    requests: (await import('#app/routes/platform.requests')).action as unknown as Handler,
    queue: (await import('#app/routes/platform.requests')).loader as unknown as Handler,
    password: (await import('#app/routes/password.$token')).action as unknown as Handler,
    login: (await import('#app/routes/login')).action as unknown as Handler,
  }
})
afterAll(async () => {
  await sink.close()
  await release()
})

let address = 0
/** Each request comes from its own loopback address unless told, so the per-address limit stays out of the way. */
const context = (ip?: string) => ({ ip: ip ?? `127.0.1.${++address}` })

function post(path: string, cookie: string | null, fields: Record<string, string>) {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
}

const request = (email: string, extra: Record<string, string> = {}) => ({
  nameTh: 'กรมทดสอบการสมัคร',
  nameEn: 'Department of Sign-up Tests',
  agencyType: 'department',
  itasCode: '1234',
  requesterName: 'สมหญิง ทดสอบ',
  email,
  phone: '02-111-2222',
  ...extra,
})

const signup = (fields: Record<string, string>, ip?: string) =>
  routes.signup({ request: post('/signup', null, fields), params: {}, context: context(ip) })

const requestsCount = () => mongoose.connection.collection('signup_requests').countDocuments()
const organizationsCount = () => mongoose.connection.collection('organizations').countDocuments()

/** The confirmation token mailed to `email` (the newest such mail). */
async function mailedToken(email: string, path: RegExp): Promise<string> {
  await sink.waitFor(1)
  const mail = [...sink.messages].reverse().find((m) => m.to.includes(email) && path.test(m.text))
  if (!mail) throw new Error(`no mail to ${email} matching ${path}`)
  return mail.text.match(path)![1]
}

async function confirmed(email: string, ip?: string) {
  expect((await signup(request(email), ip)).status).toBe(200)
  const token = await mailedToken(email, /\/signup\/confirm\/([\w-]+)/)
  const response = await routes.confirm({
    request: post(`/signup/confirm/${token}`, null, {}),
    params: { token },
    context: context(),
  })
  expect(response.status).toBe(200)
  const doc = await mongoose.connection.collection('signup_requests').findOne({ email })
  return doc!._id.toString()
}

const decide = (fields: Record<string, string>, cookie = operatorCookie) =>
  routes.requests({ request: post('/platform/requests', cookie, fields), params: {}, context: context() })

describe('a sign-up request', () => {
  it(
    'is confirmed by the mailed link, approved by an operator, and its requester sets a password and signs in as ' +
      'administrator',
    async () => {
      const email = 'head@signup-dept.go.th'
      const id = await confirmed(email)
      const queue = (await (
        await routes.queue({
          request: new Request(`${ORIGIN}/platform/requests`, { headers: { Cookie: operatorCookie } }),
          params: {},
          context: context(),
        })
      ).json()) as { requests: { id: string; status: string }[] }
      expect(queue.requests.find((r) => r.id === id)?.status).toBe('pending')

      const approved = await decide({ intent: 'approve', id, code: 'signup-dept' })
      expect(approved.status).toBe(200)
      const organization = await getOrganizationByCode('signup-dept')
      expect(organization).toMatchObject({ nameTh: 'กรมทดสอบการสมัคร', agencyType: 'department' })
      const user = await getUserByEmail(email)
      expect((await listMembershipsOfUser(user!.id)).map((m) => [m.organizationId, m.role])).toEqual([
        [organization!.id, 'admin'],
      ])
      // the invitation went by mail, not onto the operator's screen
      expect(((await approved.json()) as { approved: { link: string | null } }).approved.link).toBeNull()
      const token = await mailedToken(email, /\/password\/([\w-]+)/)
      const password = 'a-long-enough-passphrase-2570'
      const set = await routes.password({
        request: post(`/password/${token}`, null, { password, confirm: password }),
        params: { token },
        context: context(),
      })
      expect(set.status).toBe(302)
      const login = await routes.login({
        request: post('/login', null, { email, password }),
        params: {},
        context: context(),
      })
      expect(login.status).toBe(302)
      expect(login.headers.get('Set-Cookie')).toContain('saisaat_session=')

      const platform = (await listAuditEvents(PLATFORM_AUDIT_SCOPE, { targetId: id })).events.map((e) => e.action)
      expect(platform.sort()).toEqual(['signup.approve', 'signup.confirm', 'signup.request'])
      expect((await listAuditEvents(organization!.id, { action: 'signup.approve' })).events).toHaveLength(1)
    },
  )

  it('declined with a reason: the reason is mailed and nothing is created', async () => {
    const email = 'someone@not-an-agency.example'
    const id = await confirmed(email)
    const before = await organizationsCount()
    const response = await decide({ intent: 'decline', id, reason: 'ไม่ใช่หน่วยงานของรัฐตามบัญชีของ ป.ป.ช.' })
    expect(response.status).toBe(200)
    const mail = [...sink.messages].reverse().find((m) => m.to.includes(email) && m.text.includes('ป.ป.ช.'))
    expect(mail?.text).toContain('ไม่ใช่หน่วยงานของรัฐตามบัญชีของ ป.ป.ช.')
    expect(await organizationsCount()).toBe(before)
    expect(await getUserByEmail(email)).toBeNull()
    // decided once: a second decision is refused
    const again = await decide({ intent: 'approve', id, code: 'not-an-agency' })
    expect(again.status).toBe(409)
    expect(await getOrganizationByCode('not-an-agency')).toBeNull()
  })
})

describe('refusals name the field and the rule, and keep nothing', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['an empty Thai name', { nameTh: '' }, 'nameTh'],
    ['a Thai name over 200 characters', { nameTh: 'ก'.repeat(201) }, 'nameTh'],
    ['an unknown agency type', { agencyType: 'company' }, 'agencyType'],
    ['an ITAS code with spaces', { itasCode: '12 34' }, 'itasCode'],
    ['an empty requester name', { requesterName: '' }, 'requesterName'],
    ['an e-mail without a domain', { email: 'head@' }, 'email'],
    ['an empty e-mail', { email: '' }, 'email'],
    ['a phone with letters', { phone: '02-abc-defg' }, 'phone'],
    ['a phone with too few digits', { phone: '1234' }, 'phone'],
  ]
  for (const [what, change, field] of cases)
    it(`refuses ${what}`, async () => {
      const before = await requestsCount()
      const sent = sink.messages.length
      const response = await signup(request('valid@refusals.go.th', change))
      expect(response.status).toBe(400)
      const body = (await response.json()) as { fieldErrors: Record<string, string> }
      expect(Object.keys(body.fieldErrors)).toEqual([field])
      expect(body.fieldErrors[field]).toMatch(/ \/ /) // Thai and English
      expect(await requestsCount()).toBe(before)
      expect(sink.messages.length).toBe(sent)
    })

  it('answers a filled honeypot as if sent, and keeps and mails nothing', async () => {
    const before = await requestsCount()
    const sent = sink.messages.length
    const response = await signup({ ...request('robot@spam.example'), website: 'http://spam.example' })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { sent: string }).sent).toBe('robot@spam.example')
    expect(await requestsCount()).toBe(before)
    expect(sink.messages.length).toBe(sent)
  })

  it('throttles one e-mail address to 2 requests an hour and one network address to 5', async () => {
    const email = 'eager@throttle.go.th'
    expect((await signup(request(email))).status).toBe(200)
    expect((await signup(request(email))).status).toBe(200)
    const before = await requestsCount()
    const third = await signup(request(email))
    expect(third.status).toBe(429)
    expect(((await third.json()) as { formError: string }).formError).toContain('hour')
    expect(await requestsCount()).toBe(before)

    const ip = '127.0.9.9'
    for (let i = 0; i < 5; i++) expect((await signup(request(`person${i}@one-address.go.th`), ip)).status).toBe(200)
    const sixth = await signup(request('person5@one-address.go.th'), ip)
    expect(sixth.status).toBe(429)
    expect(
      await mongoose.connection.collection('signup_requests').countDocuments({ email: 'person5@one-address.go.th' }),
    ).toBe(0)
  })

  it('lets no burst of requests sent at once past the limit of an e-mail address', async () => {
    const email = 'burst@throttle.go.th'
    const answers = await Promise.all(Array.from({ length: 6 }, () => signup(request(email))))
    const kept = await mongoose.connection.collection('signup_requests').countDocuments({ email })
    expect(kept).toBeLessThanOrEqual(2)
    expect(answers.filter((r) => r.status === 200)).toHaveLength(kept)
    expect(answers.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(4)
    // and a confirmation link is sent only for a kept request
    const mailed = sink.messages.filter((m) => m.to.includes(email))
    expect(mailed.length).toBeLessThanOrEqual(kept)
  })

  it('refuses unknown, used and expired confirmation links alike (404)', async () => {
    const confirm = (token: string) =>
      routes.confirm({ request: post(`/signup/confirm/${token}`, null, {}), params: { token }, context: context() })
    await expect(confirm('no-such-token-at-all-aaaaaaaaaaaaaaaaaaaaaa')).rejects.toMatchObject({ status: 404 })
    const made = await requestSignup(request('twice@confirm.go.th'), { ip: '127.0.2.1', userAgent: '' })
    expect((await confirm(made.token)).status).toBe(200)
    await expect(confirm(made.token)).rejects.toMatchObject({ status: 404 })
    const late = await requestSignup(request('late@confirm.go.th'), { ip: '127.0.2.2', userAgent: '' })
    const tomorrow = new Date(Date.now() + 25 * 3600_000)
    await expect(confirmSignup(late.token, { ip: '', userAgent: '' }, tomorrow)).rejects.toMatchObject({ status: 404 })
  })

  it('refuses to approve an unconfirmed request, a bad or taken code, and a decline without a reason', async () => {
    const unconfirmed = await requestSignup(request('unconfirmed@decide.go.th'), { ip: '127.0.3.1', userAgent: '' })
    const before = await organizationsCount()
    const early = await decide({ intent: 'approve', id: unconfirmed.request.id, code: 'early-dept' })
    expect(early.status).toBe(409)

    const id = await confirmed('waiting@decide.go.th')
    const bad = await decide({ intent: 'approve', id, code: 'Has Spaces' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { fieldErrors: Record<string, string>; id: string }).fieldErrors.code).toContain(
      'code',
    )
    const taken = await decide({ intent: 'approve', id, code: org.organization.code })
    expect(taken.status).toBe(409)
    expect(((await taken.json()) as { id: string }).id).toBe(id)
    const short = await decide({ intent: 'decline', id, reason: 'ไม่' })
    expect(short.status).toBe(400)
    expect(((await short.json()) as { fieldErrors: Record<string, string> }).fieldErrors.reason).toContain('10')
    expect(await organizationsCount()).toBe(before)
    const doc = await mongoose.connection.collection('signup_requests').findOne({ email: 'waiting@decide.go.th' })
    expect(doc?.status).toBe('pending')
  })
})

describe('the queue of requests', () => {
  it('is not there for anyone but an operator (404), and sends a signed-out visitor to sign in', async () => {
    const admin = await sessionCookie(org.organization.id, org.people.admin.id)
    const get = (cookie: string | null) =>
      routes.queue({
        request: new Request(`${ORIGIN}/platform/requests`, { headers: cookie ? { Cookie: cookie } : {} }),
        params: {},
        context: context(),
      })
    await expect(get(admin)).rejects.toMatchObject({ status: 404 })
    await expect(get(null)).rejects.toMatchObject({ status: 302 })
    const id = await confirmed('guarded@queue.go.th')
    await expect(decide({ intent: 'approve', id, code: 'guarded-dept' }, admin)).rejects.toMatchObject({ status: 404 })
    expect(await getOrganizationByCode('guarded-dept')).toBeNull()
  })
})
