/**
 * The operators' console (/platform) through its route modules against the real database and S3:
 * only operators reach it (404 for anyone else, sign-in for nobody); an operator sees organizations'
 * metadata (people, storage, last activity) and never their evidence, and gets 404 on an
 * organization's own pages; creating an organization refuses each bad field by name and saves
 * nothing; suspension refuses the organization's open session naming the reason; every change is
 * in the platform's audit trail.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileEvidence } from '#models/evidence/records.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { findLink } from '#models/tenancy/auth.server'
import { createOperator, PLATFORM_AUDIT_SCOPE, type OperatorActor } from '#models/tenancy/operator.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { setPassword } from '#models/tenancy/user.server'
import { minimalPdf } from '#test/support/evidence-files'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, type Handler, provide, publishAndAssign, release, storedPdf } from '#test/support/kit'

const ORIGIN = 'http://127.0.0.1:3000'
const CLI: OperatorActor = { userId: null, userName: 'test set-up' }
const OPERATOR_EMAIL = 'console.operator@platform.saisaat.test'
let org: TestOrg
let pdfBytes: number
let evidenceTitle: string
let evidenceId: string
let catalogId: string
let operatorCookie: string
const route: Record<string, { loader?: Handler; action?: Handler }> = {}
let shellData: typeof import('#app/utils/shell.server').shellData

beforeAll(async () => {
  const provided = await provide({ org: 'console', bucket: true, env: { PUBLIC_URL: ORIGIN, SMTP_URL: '' } })
  org = provided.org
  delete process.env.SMTP_URL
  const modules = {
    login: import('#app/routes/login'),
    'platform._index': import('#app/routes/platform._index'),
    'platform.organizations.new': import('#app/routes/platform.organizations.new'),
    'platform.organizations.$organizationId': import('#app/routes/platform.organizations.$organizationId'),
    'evidence.$evidenceId': import('#app/routes/evidence.$evidenceId'),
    'evidence.$evidenceId.file': import('#app/routes/evidence.$evidenceId.file'),
    'items.$catalogId.$itemCode': import('#app/routes/items.$catalogId.$itemCode'),
    dashboard: import('#app/routes/dashboard'),
  }
  for (const [name, module] of Object.entries(modules))
    route[name] = (await module) as unknown as { loader?: Handler; action?: Handler }
  ;({ shellData } = await import('#app/utils/shell.server'))
  // the organization holds a PDF (bytes the console counts) and a text evidence linked to O1
  const { coordinator } = actorsOf(org)
  const pdf = minimalPdf('secret contents of the agency')
  pdfBytes = pdf.length
  evidenceTitle = 'บันทึกลับของหน่วยงาน'
  const stored = await storedPdf(provided.storage, org.organization.id, `${evidenceTitle}.pdf`, pdf)
  evidenceId = (await createFileEvidence(coordinator, stored)).id
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })).id
  await giveEvidence(coordinator, catalogId, 'O1', ['e1'])
  // an operator who is a member of nothing, signed in through the sign-in form
  const { user } = await createOperator(CLI, { email: OPERATOR_EMAIL, nameTh: 'ผู้ดูแลแพลตฟอร์ม ทดสอบ' })
  await setPassword({ ...CLI, organizationId: PLATFORM_AUDIT_SCOPE }, user.id, TEST_PASSWORD)
  const signedIn = await signIn(OPERATOR_EMAIL)
  expect(signedIn.status).toBe(302)
  expect(signedIn.headers.get('Location')).toBe('/platform')
  operatorCookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]
})
afterAll(release)

function signIn(email: string, password = TEST_PASSWORD) {
  const body = new URLSearchParams({ email, password, redirectTo: '/' })
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
  const request = new Request(`${ORIGIN}/login`, { method: 'POST', headers, body })
  return route.login.action!({ request, params: {}, context: { ip: '127.0.0.41' } })
}

/** A loader or action's answer: a returned or thrown Response (redirects and refusals are thrown). */
async function call(
  name: string,
  path: string,
  options: { cookie?: string; form?: Record<string, string>; params?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = options.cookie ? { Cookie: options.cookie } : {}
  const request = options.form
    ? new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: new URLSearchParams(options.form) })
    : new Request(`${ORIGIN}${path}`, { headers })
  const handler = options.form ? route[name].action! : route[name].loader!
  try {
    return await handler({ request, params: options.params ?? {}, context: { ip: '127.0.0.41' } })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** Every document count a refused request must leave as it was. */
async function counts() {
  const db = mongoose.connection.db!
  const names = ['organizations', 'users', 'memberships', 'audit_events', 'one_time_links']
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()])))
}

const orgPage = (id: string) => ({ params: { organizationId: id }, path: `/platform/organizations/${id}` })

describe('who reaches the console', () => {
  it('sends a visitor to sign in, and answers 404 to a signed-in person who is not an operator', async () => {
    const anonymous = await call('platform._index', '/platform')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toBe('/login?redirectTo=%2Fplatform')
    const admin = (await signIn(org.people.admin.email)).headers.get('Set-Cookie')!.split(';')[0]
    expect((await call('platform._index', '/platform', { cookie: admin })).status).toBe(404)
    const { path, params } = orgPage(org.organization.id)
    expect((await call('platform.organizations.$organizationId', path, { cookie: admin, params })).status).toBe(404)
    const before = await counts()
    const suspend = { intent: 'suspend', reason: 'ลองระงับเอง / trying' }
    const post = await call('platform.organizations.$organizationId', path, { cookie: admin, params, form: suspend })
    expect(post.status).toBe(404)
    expect((await getOrganizationByCode(org.organization.code))?.suspended).toBeNull()
    expect(await counts()).toEqual(before)
  })

  it('gives an operator the console entry in the shell and the console as home', async () => {
    const shell = await shellData(new Request(`${ORIGIN}/evidence`, { headers: { Cookie: operatorCookie } }))
    expect(shell.me).toBeNull()
    expect(shell.operator?.email).toBe(OPERATOR_EMAIL)
    expect(shell.nav.map((n) => n.to)).toEqual(['/platform'])
    const home = await shellData(new Request(`${ORIGIN}/`, { headers: { Cookie: operatorCookie } })).catch(
      (r: unknown) => r as Response,
    )
    expect((home as Response).status).toBe(302)
    expect((home as Response).headers.get('Location')).toBe('/platform')
  })
})

describe('metadata only', () => {
  it('lists each organization with people, storage used and last activity, and nothing of its evidence', async () => {
    const answer = await call('platform._index', '/platform', { cookie: operatorCookie })
    expect(answer.status).toBe(200)
    const text = await answer.text()
    const { organizations } = JSON.parse(text) as { organizations: Record<string, unknown>[] }
    const mine = organizations.find((o) => o.code === org.organization.code)!
    expect(mine).toMatchObject({ people: 4, storageBytes: pdfBytes, suspended: null })
    expect(mine.lastActivity).not.toBeNull()
    expect(text).not.toContain(evidenceTitle)
    expect(text).not.toContain(org.people.coordinator.email)
  })

  it('searches by code or name', async () => {
    const byCode = await call('platform._index', `/platform?q=${org.organization.code.toUpperCase()}`, {
      cookie: operatorCookie,
    })
    const codes = ((await byCode.json()) as { organizations: { code: string }[] }).organizations.map((o) => o.code)
    expect(codes).toEqual([org.organization.code])
    const none = await call('platform._index', '/platform?q=ไม่มีหน่วยงานนี้', { cookie: operatorCookie })
    expect(((await none.json()) as { organizations: unknown[] }).organizations).toEqual([])
  })

  it("answers 404 to an operator who is not a member on the organization's evidence, items and dashboard", async () => {
    const cookie = operatorCookie
    const evidence = { evidenceId }
    const item = { catalogId, itemCode: 'O1' }
    const answers = await Promise.all([
      call('evidence.$evidenceId', `/evidence/${evidenceId}`, { cookie, params: evidence }),
      call('evidence.$evidenceId.file', `/evidence/${evidenceId}/file`, { cookie, params: evidence }),
      call('items.$catalogId.$itemCode', `/items/${catalogId}/O1`, { cookie, params: item }),
      call('dashboard', '/dashboard', { cookie }),
    ])
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404])
    for (const a of answers) expect(await a.text()).not.toContain('secret contents')
  })

  it("shows one organization's metadata page, and 404 for an id that is no organization", async () => {
    const { path, params } = orgPage(org.organization.id)
    const answer = await call('platform.organizations.$organizationId', path, { cookie: operatorCookie, params })
    const { organization } = (await answer.json()) as { organization: Record<string, unknown> }
    expect(organization).toMatchObject({ code: org.organization.code, people: 4, administrators: 1 })
    const unknown = orgPage('0123456789abcdef01234567')
    const missing = await call('platform.organizations.$organizationId', unknown.path, {
      cookie: operatorCookie,
      params: unknown.params,
    })
    expect(missing.status).toBe(404)
  })
})

describe('creating an organization', () => {
  const good = {
    code: 'dept-console',
    nameTh: 'กรมทดสอบคอนโซล',
    nameEn: 'Department of Console Tests',
    agencyType: 'department',
    itasCode: '15001',
    linkDomains: 'https://www.console.go.th/about\nconsole.go.th',
    parentCode: '',
    adminEmail: 'first.admin@console.go.th',
    adminName: 'ผู้ดูแลคนแรก',
  }
  const create = (form: Record<string, string>) =>
    call('platform.organizations.new', '/platform/organizations/new', { cookie: operatorCookie, form })

  it.each([
    ['a blank Thai name', { nameTh: ' ' }, 'nameTh', /Thai name is required/],
    ['a Thai name over 200 characters', { nameTh: 'ก'.repeat(201) }, 'nameTh', /at most 200/],
    ['a code with capitals and spaces', { code: 'Dept Console' }, 'code', /code must be 2–40 lowercase/],
    ['a code already taken', { code: 'CODE_OF_ORG' }, 'code', /is already taken/],
    ['an unknown agency type', { agencyType: 'company' }, 'agencyType', /unknown agency type/],
    ['an ITAS code with spaces', { itasCode: '15 001' }, 'itasCode', /ITAS agency code: letters, digits/],
    ['a web domain that is not one', { linkDomains: 'console dot go th' }, 'linkDomains', /not a domain name/],
    ['an unknown parent', { parentCode: 'no-such-parent' }, 'parentCode', /parent: no organization has the code/],
    ['an administrator e-mail that is not one', { adminEmail: 'first.admin' }, 'adminEmail', /e-mail|email/i],
    ['an administrator e-mail without a name', { adminName: '' }, 'adminName', /admin name: required/],
    ['an administrator name without an e-mail', { adminEmail: '' }, 'adminEmail', /admin e-mail: required/],
  ])('refuses %s, naming the field, and saves nothing', async (_, change, field, message) => {
    const form = { ...good, ...change }
    if (form.code === 'CODE_OF_ORG') form.code = org.organization.code
    const before = await counts()
    const answer = await create(form)
    expect([400, 409]).toContain(answer.status)
    const { fieldErrors } = (await answer.json()) as { fieldErrors: Record<string, string> }
    expect(fieldErrors[field]).toMatch(message)
    // Thai too: every refusal is bilingual
    expect(fieldErrors[field]).toMatch(/[\u0E00-\u0E7F]/)
    expect(await counts()).toEqual(before)
    expect(await getOrganizationByCode(good.code)).toBeNull()
  })

  it('creates it with its ITAS code, domains and first administrator, showing the one-time link', async () => {
    const answer = await create({ ...good, parentCode: org.organization.code })
    expect(answer.status).toBe(200)
    const body = (await answer.json()) as {
      created: { id: string; code: string }
      admin: { email: string; link: { url: string; mailed: boolean } }
    }
    expect(body.created.code).toBe('dept-console')
    expect(body.admin.link.mailed).toBe(false)
    const token = body.admin.link.url.replace(`${ORIGIN}/password/`, '')
    expect((await findLink(token))?.kind).toBe('invite')
    const stored = (await getOrganizationByCode('dept-console'))!
    expect(stored).toMatchObject({
      itasCode: '15001',
      linkDomains: ['www.console.go.th', 'console.go.th'],
      parentId: org.organization.id,
    })
    const { events } = await listAuditEvents(PLATFORM_AUDIT_SCOPE, { action: 'organization.create' })
    expect(events[0]).toMatchObject({ targetId: stored.id, actorName: 'ผู้ดูแลแพลตฟอร์ม ทดสอบ' })
  })
})

describe("an organization's page", () => {
  const act = async (form: Record<string, string>, code = 'dept-console') => {
    const { path, params } = orgPage((await getOrganizationByCode(code))!.id)
    return call('platform.organizations.$organizationId', path, { cookie: operatorCookie, params, form })
  }

  it('refuses a parent that would make a circle and an unknown intent, changing nothing', async () => {
    const before = await counts()
    // dept-console is under the console org: the console org cannot go under it
    const circle = await act({ intent: 'parent', parentCode: 'dept-console' }, org.organization.code)
    expect(circle.status).toBe(400)
    expect(((await circle.json()) as { fieldErrors: Record<string, string> }).fieldErrors.parentCode).toMatch(
      /would make a circle/,
    )
    expect((await act({ intent: 'rename' })).status).toBe(400)
    expect(await counts()).toEqual(before)
    const unlinked = await act({ intent: 'parent', parentCode: '' })
    expect(unlinked.status).toBe(200)
    expect((await getOrganizationByCode('dept-console'))?.parentId).toBeNull()
  })

  it('invites another administrator, refusing a bad e-mail by its field', async () => {
    const before = await counts()
    const bad = await act({ intent: 'invite', adminEmail: 'no-at-sign', adminName: 'คนที่สอง' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { fieldErrors: Record<string, string> }).fieldErrors.adminEmail).toBeTruthy()
    expect(await counts()).toEqual(before)
    const again = await act({ intent: 'invite', adminEmail: 'first.admin@console.go.th', adminName: 'ซ้ำ' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { fieldErrors: Record<string, string> }).fieldErrors.adminEmail).toMatch(/already/)
    const ok = await act({ intent: 'invite', adminEmail: 'second.admin@console.go.th', adminName: 'คนที่สอง' })
    expect(((await ok.json()) as { admin: { link: { url: string } } }).admin.link.url).toContain('/password/')
    const { events } = await listAuditEvents(PLATFORM_AUDIT_SCOPE, { action: 'organization.admin-invite' })
    expect(events[0].changes.admin).toEqual({ before: null, after: 'second.admin@console.go.th' })
  })

  it("suspends with a reason (a blank one refused); the organization's open session then sees it", async () => {
    const memberCookie = (await signIn(org.people.coordinator.email)).headers.get('Set-Cookie')!.split(';')[0]
    const before = await counts()
    const blank = await act({ intent: 'suspend', reason: '  ' }, org.organization.code)
    expect(blank.status).toBe(400)
    expect(((await blank.json()) as { fieldErrors: Record<string, string> }).fieldErrors.reason).toMatch(
      /reason: required/,
    )
    expect(await counts()).toEqual(before)

    const reason = 'ค้างชำระค่าบริการ / unpaid service fee'
    expect((await act({ intent: 'suspend', reason }, org.organization.code)).status).toBe(200)
    // the next page of the open session: the shell names the reason (not the general "access denied")
    const shell = await shellData(new Request(`${ORIGIN}/dashboard`, { headers: { Cookie: memberCookie } }))
    expect(shell.me).toBeNull()
    expect(shell.refusal).toContain('ถูกระงับการใช้งานโดยผู้ดูแลแพลตฟอร์ม: ค้างชำระค่าบริการ')
    expect(shell.refusal).toContain('is suspended by the platform operators: ' + reason)
    const refused = await signIn(org.people.coordinator.email)
    expect(refused.status).toBe(403)
    expect(JSON.stringify(await refused.json())).toContain('unpaid service fee')
    // the console shows the badge and the reason; the operator keeps the console
    const list = await call('platform._index', '/platform', { cookie: operatorCookie })
    const row = (
      (await list.json()) as { organizations: { code: string; suspended: { reason: string } | null }[] }
    ).organizations.find((o) => o.code === org.organization.code)!
    expect(row.suspended?.reason).toBe(reason)

    expect((await act({ intent: 'reactivate' }, org.organization.code)).status).toBe(200)
    expect((await signIn(org.people.coordinator.email)).status).toBe(302)
    const { events } = await listAuditEvents(PLATFORM_AUDIT_SCOPE, { targetType: 'organization' })
    const mine = events.filter((e) => e.targetId === org.organization.id).map((e) => e.action)
    expect(mine.slice(0, 2)).toEqual(['organization.reactivate', 'organization.suspend'])
  })
})
