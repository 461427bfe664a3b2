/**
 * One organization's administrator must not be able to take over an account another organization
 * relies on: adding a person by e-mail makes an invitation only that person can accept, and the
 * e-mail, names and password links of a shared person are refused. Driven through the routes'
 * own handlers, as the administrator's browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/audit.server'
import { createSession, findLink } from '#models/auth.server'
import { getPerson, getUserById, issuePasswordLink, listMembershipsOfUser, verifyPassword } from '#models/user.server'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { testEnv, useTestDatabase } from '#test/support/services'

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<Response>
const ORIGIN = 'http://127.0.0.1:3000'

let cleanup: () => Promise<void>
let a: TestOrg // the person's own organization
let b: TestOrg // the organization whose administrator tries the takeover
let routes: { people: Handler; person: Handler; password: Handler; passwordPage: Handler; invitations: Handler; login: Handler }

beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  Object.assign(process.env, testEnv())
  a = await createTestOrg('victim-org')
  b = await createTestOrg('attacker-org')
  routes = {
    people: (await import('#app/routes/admin.people._index')).action as unknown as Handler,
    person: (await import('#app/routes/admin.people.$userId')).action as unknown as Handler,
    password: (await import('#app/routes/password.$token')).action as unknown as Handler,
    passwordPage: (await import('#app/routes/password.$token')).loader as unknown as Handler,
    invitations: (await import('#app/routes/invitations')).action as unknown as Handler,
    login: (await import('#app/routes/login')).action as unknown as Handler,
  }
})
afterAll(() => cleanup())

async function cookieOf(userId: string, organizationId: string) {
  const { token } = await createSession({ userId, organizationId })
  const { commitSession } = await import('#app/utils/session.server')
  return (await commitSession(token)).split(';')[0]
}

function post(path: string, cookie: string | null, fields: Record<string, string>) {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
}

const context = { ip: '127.0.0.31' }

describe("another organization's administrator", () => {
  it('adding an existing person by e-mail only invites them: no membership, no link, nothing of theirs changed', async () => {
    const victim = a.people.coordinator
    const admin = await cookieOf(b.people.admin.id, b.organization.id)
    const response = await routes.people({
      request: post('/admin/people', admin, { email: victim.email, nameTh: 'ชื่อที่ผู้โจมตีตั้ง', role: 'admin' }),
      params: {},
      context,
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { link: unknown; invited: { email: string } | null }
    expect(body.link).toBeNull()
    expect(body.invited?.email).toBe(victim.email)
    // until the person accepts, B has no active membership of them and nothing of theirs changed
    const memberships = await listMembershipsOfUser(victim.id)
    expect(memberships.filter((m) => m.active).map((m) => m.organizationId)).toEqual([a.organization.id])
    expect(memberships.find((m) => m.organizationId === b.organization.id)).toMatchObject({ pending: true, active: false })
    expect((await getUserById(victim.id))?.nameTh).toBe(victim.nameTh)
    expect((await listAuditEvents(b.organization.id, { action: 'person.invite', targetId: victim.id })).events).toHaveLength(1)
  })

  it('is refused a password reset link, and an e-mail or name change, for a person shared with another organization', async () => {
    const victim = a.people.coordinator
    const admin = await cookieOf(b.people.admin.id, b.organization.id)
    const reset = await routes.person({ request: post(`/admin/people/${victim.id}`, admin, { intent: 'reset' }), params: { userId: victim.id }, context })
    expect(reset.status).toBe(409)
    expect(((await reset.json()) as { formError: string }).formError).toMatch(/หน่วยงานอื่น.* \/ .*another organization/)
    const invite = await routes.person({ request: post(`/admin/people/${victim.id}`, admin, { intent: 'invite' }), params: { userId: victim.id }, context })
    expect(invite.status).toBe(409)

    const change = await routes.person({
      request: post(`/admin/people/${victim.id}`, admin, { intent: 'save', email: 'attacker@attacker.test', nameTh: victim.nameTh, role: 'admin' }),
      params: { userId: victim.id },
      context,
    })
    expect(change.status).toBe(409)
    expect(((await change.json()) as { fieldErrors: Record<string, string> }).fieldErrors.email).toMatch(/another organization/)
    const rename = await routes.person({
      request: post(`/admin/people/${victim.id}`, admin, { intent: 'save', email: victim.email, nameTh: 'ชื่อใหม่', role: 'coordinator' }),
      params: { userId: victim.id },
      context,
    })
    expect(rename.status).toBe(409)
    const user = await getUserById(victim.id)
    expect(user).toMatchObject({ email: victim.email, nameTh: victim.nameTh })
    // and the account still opens with its own password only
    expect((await verifyPassword(victim.email, TEST_PASSWORD))?.id).toBe(victim.id)
    expect((await listAuditEvents(b.organization.id, { targetId: victim.id })).events.map((e) => e.action)).toEqual(['person.invite'])
  })

  it("stops a link its own organization's administrator issued before the person was shared", async () => {
    const person = a.people.executive
    const { token } = await issuePasswordLink({ ...a.actor, userId: a.people.admin.id, userName: a.people.admin.nameTh }, 'reset', person.id)
    expect(await findLink(token)).not.toBeNull()
    // B invites the person: A's administrator may have kept the link, so it must not set the password any more
    const admin = await cookieOf(b.people.admin.id, b.organization.id)
    await routes.people({ request: post('/admin/people', admin, { email: person.email, nameTh: person.nameTh, role: 'assessor' }), params: {}, context })
    const used = await routes.password({ request: post(`/password/${token}`, null, { password: 'a-fresh-long-passphrase', confirm: 'a-fresh-long-passphrase' }), params: { token }, context })
    expect(used.status).toBe(410)
    expect((await verifyPassword(person.email, TEST_PASSWORD))?.id).toBe(person.id)
  })
})

describe('the person themselves', () => {
  it('sees the invitation after signing in and joins only by accepting it', async () => {
    const victim = a.people.coordinator
    const signIn = await routes.login({ request: post('/login', null, { email: victim.email, password: TEST_PASSWORD, redirectTo: '/' }), params: {}, context })
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get('Location')).toBe('/invitations')

    // B's administrator cannot accept on their behalf: the route accepts only the signed-in person's invitations
    const admin = await cookieOf(b.people.admin.id, b.organization.id)
    const stranger = await routes.invitations({ request: post('/invitations', admin, { intent: 'accept', organizationId: b.organization.id }), params: {}, context })
      .then((r) => r.status, (thrown: Response) => thrown.status)
    expect(stranger).toBe(404)
    expect((await getPerson(b.organization.id, victim.id))?.membership).toMatchObject({ pending: true, active: false })

    const own = await cookieOf(victim.id, a.organization.id)
    const accepted = await routes.invitations({ request: post('/invitations', own, { intent: 'accept', organizationId: b.organization.id }), params: {}, context })
    expect(accepted.status).toBe(302)
    expect((await getPerson(b.organization.id, victim.id))?.membership).toMatchObject({ pending: false, active: true, role: 'admin' })
    const join = (await listAuditEvents(b.organization.id, { action: 'person.join', targetId: victim.id })).events
    expect(join).toHaveLength(1)
    expect(join[0].actorId).toBe(victim.id)
  })

  it('a reset link for an unshared person is audited with the issuer, and the password set in every organization', async () => {
    const person = a.people.assessor
    const admin = await cookieOf(a.people.admin.id, a.organization.id)
    const issued = await routes.person({ request: post(`/admin/people/${person.id}`, admin, { intent: 'reset' }), params: { userId: person.id }, context })
    expect(issued.status).toBe(200)
    const url = ((await issued.json()) as { link: { url: string } }).link.url
    const events = (await listAuditEvents(a.organization.id, { action: 'person.reset-link', targetId: person.id })).events
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorId: a.people.admin.id, actorName: a.people.admin.nameTh })

    const token = url.split('/password/')[1]
    const weak = await routes.password({ request: post(`/password/${token}`, null, { password: 'password2569', confirm: 'password2569' }), params: { token }, context })
    expect(weak.status).toBe(400)
    expect(((await weak.json()) as { fieldErrors: Record<string, string> }).fieldErrors.password).toMatch(/^รหัสผ่าน: .* \/ password: a commonly used password/)
    const set = await routes.password({ request: post(`/password/${token}`, null, { password: 'a-fresh-long-passphrase', confirm: 'a-fresh-long-passphrase' }), params: { token }, context })
    expect(set.status).toBe(302)
    const passwordSet = (await listAuditEvents(a.organization.id, { action: 'person.password-set', targetId: person.id })).events[0]
    expect(passwordSet.actorId).toBe(person.id)
    expect(passwordSet.changes.link.after).toBe(`reset · ${a.people.admin.nameTh}`)
  })
})
