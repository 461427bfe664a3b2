/**
 * Platform operators against the real database: an operator is created with a one-time link and is
 * a member of nothing; organizations are created through the model and through `npm run operator`
 * (refusals name the flag and save nothing); parent links refuse a circle; a suspended organization's
 * people cannot sign in or keep using an open session, its reminders and packages wait, and
 * reactivation restores all of it.
 */
import { execFile } from 'node:child_process'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '#scripts/services'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { findLink } from '#models/tenancy/auth.server'
import {
  cancelPackageJob,
  checkPackageRequest,
  listQueuedPackageJobs,
  requestPackageJob,
} from '#models/reporting/package-job.server'
import {
  createOperator,
  createOrganization,
  isOperator,
  listOrganizationsForOperators,
  PLATFORM_AUDIT_SCOPE,
  setOrganizationParent,
  setOrganizationSuspended,
  type OperatorActor,
} from '#models/tenancy/operator.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import {
  acceptInvitation,
  addPerson,
  getUserByEmail,
  linkMaySetPassword,
  listMembershipsOfUser,
  setMembershipActive,
} from '#models/tenancy/user.server'
import { sendDueReminders } from '#models/work/reminder.server'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { type Handler, provide, publishAndAssign, release, sessionCookie } from '#test/support/kit'
import { startSmtpSink } from '#test/support/smtp-sink'

const CLI: OperatorActor = { userId: null, userName: 'test operator' }
const ORIGIN = 'http://127.0.0.1:3000'
let uri: string
let org: TestOrg
let login: Handler
let setPasswordRoute: Handler
let getSignedIn: typeof import('#app/utils/session.server').getSignedIn

beforeAll(async () => {
  const db = await provide()
  uri = db.uri
  // the routes read their configuration from the environment; no SMTP: links are printed
  delete process.env.SMTP_URL
  Object.assign(process.env, { MONGODB_URI: uri, S3_BUCKET: 'operator-test', PUBLIC_URL: ORIGIN })
  org = await createTestOrg('tenant')
  login = (await import('#app/routes/login')).action as unknown as Handler
  setPasswordRoute = (await import('#app/routes/password.$token')).action as unknown as Handler
  ;({ getSignedIn } = await import('#app/utils/session.server'))
})
afterAll(release)

/** `npm run operator -- …` as a child process against this file's database. */
function operator(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return operatorWith({ SMTP_URL: '' }, ...args)
}

function operatorWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/operator.ts', ...args],
      { cwd: ROOT, env: { ...process.env, MONGODB_URI: uri, S3_BUCKET: 'operator-test', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/** Every document count that a refused command must leave as it was. */
async function counts() {
  const db = mongoose.connection.db!
  const names = ['organizations', 'users', 'memberships', 'audit_events', 'one_time_links', 'platform_operators']
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await db.collection(n).countDocuments()])))
}

function signIn(email: string, password = TEST_PASSWORD) {
  const request = new Request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, redirectTo: '/' }),
  })
  return login({ request, params: {}, context: { ip: '127.0.0.31' } })
}

describe('platform operators', () => {
  it('creates an operator who belongs to no organization and sets a password through the one-time link', async () => {
    const { user, link } = await createOperator(CLI, { email: 'Op.One@platform.saisaat.test', nameTh: 'ผู้ดูแลแพลตฟอร์ม' })
    expect(user.email).toBe('op.one@platform.saisaat.test')
    expect(await isOperator(user.id)).toBe(true)
    expect(await listMembershipsOfUser(user.id)).toEqual([])
    const stored = await findLink(link!.token)
    expect(stored?.kind).toBe('invite')
    expect(await linkMaySetPassword(stored!)).toBe(true)
    const body = new URLSearchParams({ password: 'Kaowpad-Gai-2570!', confirm: 'Kaowpad-Gai-2570!' })
    const request = new Request(`${ORIGIN}/password/${link!.token}`, { method: 'POST', body })
    const answer = await setPasswordRoute({ request, params: { token: link!.token }, context: { ip: '127.0.0.1' } })
    expect(answer.status).toBe(302)
    expect((await getUserByEmail(user.email))?.hasPassword).toBe(true)
    expect(await findLink(link!.token)).toBeNull()
    const { events } = await listAuditEvents(PLATFORM_AUDIT_SCOPE, { action: 'operator.create' })
    expect(events.map((e) => e.targetLabel)).toContain(user.email)
    // the same person again is refused by the field
    await expect(createOperator(CLI, { email: user.email, nameTh: 'x' })).rejects.toMatchObject({
      status: 409,
      fieldErrors: { email: expect.stringContaining('operator') },
    })
  })

  it('refuses a signed-in person who is not an operator', async () => {
    const admin = { userId: org.people.admin.id, userName: 'admin' }
    await expect(
      createOrganization(admin, { code: 'not-allowed', nameTh: 'ไม่ได้', agencyType: 'department' }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(listOrganizationsForOperators(admin)).rejects.toMatchObject({ status: 403 })
    expect(await getOrganizationByCode('not-allowed')).toBeNull()
  })

  it('lists organizations with metadata only', async () => {
    const list = await listOrganizationsForOperators(CLI)
    const mine = list.find((o) => o.code === org.organization.code)!
    expect(mine.people).toBe(4)
    expect(mine.lastActivity).not.toBeNull()
    expect(Object.keys(mine).sort()).toEqual(
      [
        'agencyType',
        'code',
        'id',
        'lastActivity',
        'nameEn',
        'nameTh',
        'parentCode',
        'people',
        'storageBytes',
        'suspended',
      ].sort(),
    )
  })
})

describe('organizations through the model', () => {
  it('creates one with a parent and its first administrator, audited in the platform, it and its parent', async () => {
    const { organization, admin } = await createOrganization(CLI, {
      code: 'dept-model',
      nameTh: 'กรมทดสอบโมเดล',
      nameEn: 'Model Test Department',
      agencyType: 'department',
      parentCode: org.organization.code,
      adminEmail: 'first.admin@dept-model.saisaat.test',
      adminName: 'ผู้ดูแลคนแรก',
    })
    expect(organization.parentId).toBe(org.organization.id)
    const link = await findLink(admin!.link!.token)
    expect(link?.organizationId).toBe(organization.id)
    for (const scope of [PLATFORM_AUDIT_SCOPE, organization.id, org.organization.id]) {
      const { events } = await listAuditEvents(scope, { action: 'organization.create' })
      expect(events.map((e) => e.targetId)).toContain(organization.id)
    }
    const { events } = await listAuditEvents(organization.id, { action: 'person.add' })
    expect(events.map((e) => e.targetLabel)).toEqual(['first.admin@dept-model.saisaat.test'])
  })

  it('links a parent, refusing itself and a circle, audited in both organizations', async () => {
    await createOrganization(CLI, { code: 'ministry-a', nameTh: 'กระทรวงเอ', agencyType: 'ministry' })
    await createOrganization(CLI, { code: 'dept-b', nameTh: 'กรมบี', agencyType: 'department' })
    await createOrganization(CLI, { code: 'div-c', nameTh: 'กองซี', agencyType: 'other', parentCode: 'dept-b' })
    const b = await setOrganizationParent(CLI, 'dept-b', 'ministry-a')
    const a = (await getOrganizationByCode('ministry-a'))!
    expect(b.parentId).toBe(a.id)
    for (const scope of [a.id, b.id]) {
      const { events } = await listAuditEvents(scope, { action: 'organization.parent' })
      expect(events[0].changes.parent).toEqual({ before: null, after: 'ministry-a' })
    }
    // ministry-a under div-c would make a → c → b → a
    await expect(setOrganizationParent(CLI, 'ministry-a', 'div-c')).rejects.toMatchObject({
      fieldErrors: { parentCode: expect.stringContaining('circle') },
    })
    await expect(setOrganizationParent(CLI, 'dept-b', 'dept-b')).rejects.toMatchObject({
      fieldErrors: { parentCode: expect.stringContaining('itself') },
    })
    expect((await getOrganizationByCode('ministry-a'))!.parentId).toBeNull()
    // unlinking with an empty parent
    expect((await setOrganizationParent(CLI, 'dept-b', '')).parentId).toBeNull()
  })
})

describe('npm run operator', () => {
  it('creates an operator and prints the set-password link', async () => {
    const r = await operator('create', '--email', 'cli.op@platform.saisaat.test', '--name', 'ผู้ดูแล CLI')
    expect(r.code).toBe(0)
    const token = /\/password\/([\w-]+)/.exec(r.stdout)![1]
    expect((await findLink(token))?.userId).toBe((await getUserByEmail('cli.op@platform.saisaat.test'))!.id)
  })

  it('mails the link instead of printing it when SMTP_URL is set', async () => {
    const sink = await startSmtpSink()
    try {
      const email = 'mailed.op@platform.saisaat.test'
      const r = await operatorWith({ SMTP_URL: sink.url }, 'create', '--email', email, '--name', 'ผู้ดูแลทางอีเมล')
      expect(r.code).toBe(0)
      expect(r.stdout).not.toContain('/password/')
      // the sink records a message before answering, and the command waits for the answer before exiting
      const [mail] = sink.messages
      expect(mail.to).toEqual([email])
      const token = /\/password\/([\w-]+)/.exec(mail.text)![1]
      expect((await findLink(token))?.userId).toBe((await getUserByEmail(email))!.id)
    } finally {
      await sink.close()
    }
  })

  it('creates an organization and invites its administrator', async () => {
    const r = await operator(
      ...['org', 'create', '--code', 'dept-cli', '--name-th', 'กรมทดสอบระบบ', '--name-en', 'Test Systems Department'],
      ...['--type', 'department', '--parent', 'ministry-a'],
      ...['--admin-email', 'admin@dept-cli.saisaat.test', '--admin-name', 'ผู้ดูแล กรมทดสอบ'],
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const created = (await getOrganizationByCode('dept-cli'))!
    expect(created.nameTh).toBe('กรมทดสอบระบบ')
    expect(created.parentId).toBe((await getOrganizationByCode('ministry-a'))!.id)
    const token = /\/password\/([\w-]+)/.exec(r.stdout)![1]
    expect((await findLink(token))?.organizationId).toBe(created.id)
  })

  const good = ['--name-th', 'กรมใหม่', '--name-en', 'New Department', '--type', 'department']
  const refused: [string, string[], RegExp][] = [
    ['a duplicate code', ['org', 'create', '--code', 'dept-cli', ...good], /--code: .*already taken/],
    ['a code with capitals', ['org', 'create', '--code', 'Dept New', ...good], /--code: .*lowercase/],
    [
      'an unknown type',
      ['org', 'create', '--code', 'dept-new', '--name-th', 'ก', '--name-en', 'x', '--type', 'club'],
      /--type: .*unknown agency type/,
    ],
    [
      'an unknown parent',
      ['org', 'create', '--code', 'dept-new', ...good, '--parent', 'nowhere'],
      /--parent: .*nowhere/,
    ],
    [
      'a bad admin e-mail',
      ['org', 'create', '--code', 'dept-new', ...good, '--admin-email', 'not-an-email', '--admin-name', 'ก'],
      /--admin-email: .*not a valid address/,
    ],
    [
      'an admin e-mail without a name',
      ['org', 'create', '--code', 'dept-new', ...good, '--admin-email', 'a@dept-new.saisaat.test'],
      /--admin-name: .*required/,
    ],
    [
      'an empty Thai name',
      ['org', 'create', '--code', 'dept-new', '--name-th', ' ', '--name-en', 'x', '--type', 'department'],
      /--name-th: .*Thai name is required/,
    ],
    [
      'a missing English name',
      ['org', 'create', '--code', 'dept-new', '--name-th', 'ก', '--type', 'ministry'],
      /--name-en: required/,
    ],
    ['an unknown flag', ['org', 'create', '--code', 'dept-new', ...good, '--colour', 'red'], /--colour/],
    ['a parent circle', ['org', 'parent', '--code', 'ministry-a', '--parent', 'dept-cli'], /--parent: .*circle/],
    ['a bad operator e-mail', ['create', '--email', 'nobody', '--name', 'ก'], /--email: .*not a valid address/],
    ['a blank suspension reason', ['org', 'suspend', '--code', 'dept-cli', '--reason', ' '], /--reason: .*required/],
  ]
  it.each(refused)('refuses %s naming the flag, saving nothing', async (_, args, message) => {
    const before = await counts()
    const r = await operator(...args)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(message)
    expect(await counts()).toEqual(before)
  })
})

/** A new organization in which `person` is also an active member, with `role`. */
async function memberElsewhere(
  person: { id: string; email: string; nameTh: string },
  role: 'executive' | 'assessor',
  organization: { code: string; nameTh: string },
) {
  const { organization: made } = await createOrganization(CLI, { ...organization, agencyType: 'other' })
  const inMade = { organizationId: made.id, userId: null, userName: 'test set-up' }
  await addPerson(inMade, { email: person.email, nameTh: person.nameTh, role })
  await acceptInvitation({ userId: person.id, userName: person.nameTh }, made.id)
  return made
}

describe('suspension', () => {
  let suspended: TestOrg
  beforeAll(async () => {
    suspended = await createTestOrg('suspended')
  })
  const reason = 'ค้างชำระค่าบริการ / unpaid service fee'

  it('refuses sign-in and the open session, naming the reason; reactivation restores both', async () => {
    const email = suspended.people.coordinator.email
    const cookie = await sessionCookie(suspended.organization.id, suspended.people.coordinator.id)
    const request = () => new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } })
    expect((await getSignedIn(request()))?.organization?.id).toBe(suspended.organization.id)

    await setOrganizationSuspended(CLI, suspended.organization.code, reason)
    const refusedSignIn = await signIn(email)
    expect(refusedSignIn.status).toBe(403)
    expect(JSON.stringify(await refusedSignIn.json())).toContain('unpaid service fee')
    const refusal = await getSignedIn(request()).catch((r: unknown) => r)
    expect(refusal).toBeInstanceOf(Response)
    expect((refusal as Response).status).toBe(403)
    expect(await (refusal as Response).text()).toContain('is suspended by the platform operators: ' + reason)
    // the open session has ended: nothing is signed in with that cookie any more
    expect(await getSignedIn(request())).toBeNull()

    await setOrganizationSuspended(CLI, suspended.organization.code, null)
    expect((await signIn(email)).status).toBe(302)
    const { events } = await listAuditEvents(suspended.organization.id, { targetType: 'organization' })
    expect(events.map((e) => e.action)).toEqual(['organization.reactivate', 'organization.suspend'])
    expect(events[1].changes.reason).toEqual({ before: null, after: reason })
  })

  it('lets a member of another, active organization sign in there', async () => {
    const person = org.people.executive
    const home = await memberElsewhere(person, 'executive', { code: 'second-home', nameTh: 'บ้านที่สอง' })
    await setOrganizationSuspended(CLI, org.organization.code, 'ทดสอบ / testing')
    try {
      expect((await signIn(org.people.admin.email)).status).toBe(403)
      const answer = await signIn(person.email)
      expect(answer.status).toBe(302)
      const cookie = answer.headers.get('Set-Cookie')!.split(';')[0]
      const signedIn = await getSignedIn(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } }))
      expect(signedIn?.organization?.id).toBe(home.id)
    } finally {
      await setOrganizationSuspended(CLI, org.organization.code, null)
    }
  })

  it("moves an open session whose organization's membership ended to the person's other organization", async () => {
    const person = suspended.people.assessor
    const second = await memberElsewhere(person, 'assessor', { code: 'second-desk', nameTh: 'โต๊ะที่สอง' })
    const cookie = await sessionCookie(suspended.organization.id, person.id)
    const request = () => new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } })
    expect((await getSignedIn(request()))?.organization?.id).toBe(suspended.organization.id)

    await setMembershipActive(suspended.actor, person.id, false)
    const moved = await getSignedIn(request())
    expect(moved?.organization?.id).toBe(second.id)
    expect(moved?.membership?.organizationId).toBe(second.id)
  })

  it('skips the reminders and packages of a suspended organization until it is reactivated', async () => {
    const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10)
    const catalog = await publishAndAssign(suspended, 'ita-nacc-2569', { itemCodes: ['O1'], dueDate: dayIn(7) })
    const mailed: string[] = []
    const send = async (to: string) => void mailed.push(to)
    const coordinator = suspended.people.coordinator.email

    const job = await requestPackageJob(suspended.actor, { fiscalYear: catalog.fiscalYear, round: 12 })
    await setOrganizationSuspended(CLI, suspended.organization.code, reason)
    // a package queued before the suspension waits: no runner takes it
    expect((await listQueuedPackageJobs()).map((j) => j.id)).not.toContain(job.id)
    await sendDueReminders({ send, publicUrl: ORIGIN, log: () => {} })
    expect(mailed).not.toContain(coordinator)
    await expect(
      checkPackageRequest(suspended.organization.id, { fiscalYear: catalog.fiscalYear, round: 12 }),
    ).rejects.toMatchObject({ status: 403, message: expect.stringContaining(reason) })

    await setOrganizationSuspended(CLI, suspended.organization.code, null)
    expect((await listQueuedPackageJobs()).map((j) => j.id)).toContain(job.id)
    await cancelPackageJob(suspended.actor, job.id)
    await sendDueReminders({ send, publicUrl: ORIGIN, log: () => {} })
    expect(mailed).toContain(coordinator)
    await expect(
      checkPackageRequest(suspended.organization.id, { fiscalYear: catalog.fiscalYear, round: 12 }),
    ).resolves.toMatchObject({ fiscalYear: catalog.fiscalYear })
  })
})
