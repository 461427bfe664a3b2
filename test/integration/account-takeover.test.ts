/**
 * One organization's administrator must not be able to take over an account another organization
 * relies on: adding a person by e-mail makes an invitation only that person can accept, and the
 * e-mail, names and password links of a shared person are refused. Driven through the routes'
 * own handlers, as the administrator's browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { findLink } from '#models/tenancy/auth.server'
import {
  addPerson,
  getPerson,
  linkMaySetPassword,
  setPassword,
  getUserById,
  issuePasswordLink,
  listMembershipsOfUser,
  listPeople,
  updatePerson,
  verifyPassword,
} from '#models/tenancy/user.server'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { type Handler, provide, release, sessionCookie } from '#test/support/kit'
import { testEnv } from '#test/support/services'

const ORIGIN = 'http://127.0.0.1:3000'

let a: TestOrg // the person's own organization
let b: TestOrg // the organization whose administrator tries the takeover
let routes: {
  people: Handler
  person: Handler
  password: Handler
  passwordPage: Handler
  invitations: Handler
  login: Handler
}

beforeAll(async () => {
  await provide()
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
afterAll(release)

async function cookieOf(userId: string, organizationId: string) {
  return sessionCookie(organizationId, userId)
}

function post(path: string, cookie: string | null, fields: Record<string, string>) {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
}

const context = { ip: '127.0.0.31' }

/** The password form of link `token` posted with no session, `password` typed in both boxes. */
const setByLink = (token: string, password: string) =>
  routes.password({
    request: post(`/password/${token}`, null, { password, confirm: password }),
    params: { token },
    context,
  })

describe("another organization's administrator", () => {
  it(
    'adding an existing person by e-mail only invites them: no membership, no link, nothing of theirs changed ' +
      'or shown',
    async () => {
      const victim = a.people.coordinator
      // the person's own organization knows their phone and position
      const own = { ...a.actor, userId: a.people.admin.id, userName: a.people.admin.nameTh }
      await updatePerson(own, victim.id, {
        email: victim.email,
        nameTh: victim.nameTh,
        position: 'นักวิชาการเงินและบัญชี',
        phone: '02-123-4567',
        role: 'coordinator',
        unitIds: victim.membership.unitIds,
      })
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
      expect(memberships.find((m) => m.organizationId === b.organization.id)).toMatchObject({
        pending: true,
        active: false,
      })
      expect((await getUserById(victim.id))?.nameTh).toBe(victim.nameTh)
      const invited = (await listAuditEvents(b.organization.id, { action: 'person.invite', targetId: victim.id }))
        .events
      expect(invited).toHaveLength(1)
      // B sees the e-mail and what its administrator typed: not the person's name, phone, position, or password state
      const seen = {
        email: victim.email,
        nameTh: 'ชื่อที่ผู้โจมตีตั้ง',
        nameEn: '',
        position: '',
        phone: '',
        hasPassword: false,
      }
      expect(await getPerson(b.organization.id, victim.id)).toMatchObject(seen)
      expect((await listPeople(b.organization.id)).find((p) => p.id === victim.id)).toMatchObject(seen)
      const trail = JSON.stringify(invited[0])
      for (const secret of [victim.nameTh, '02-123-4567', 'นักวิชาการเงินและบัญชี']) expect(trail).not.toContain(secret)
      // and nothing of the invitation reaches the person's own organization
      expect(
        (await listAuditEvents(a.organization.id, { action: 'person.invite', targetId: victim.id })).events,
      ).toHaveLength(0)
    },
  )

  it(
    'is refused a password link and an e-mail change for an invited person, and renaming changes only its own ' +
      'note',
    async () => {
      const victim = a.people.coordinator
      const admin = await cookieOf(b.people.admin.id, b.organization.id)
      for (const intent of ['reset', 'invite']) {
        const refused = await routes.person({
          request: post(`/admin/people/${victim.id}`, admin, { intent }),
          params: { userId: victim.id },
          context,
        })
        expect(refused.status).toBe(409)
        // the refusal does not tell that the person belongs to another organization
        const message = ((await refused.json()) as { formError: string }).formError
        expect(message).toMatch(/ยังไม่ได้ตอบรับคำเชิญ.* \/ .*has not accepted the invitation/)
        expect(message).not.toMatch(/another organization/)
      }

      const change = await routes.person({
        request: post(`/admin/people/${victim.id}`, admin, {
          intent: 'save',
          email: 'attacker@attacker.test',
          nameTh: victim.nameTh,
          role: 'admin',
        }),
        params: { userId: victim.id },
        context,
      })
      expect(change.status).toBe(409)
      expect(((await change.json()) as { fieldErrors: Record<string, string> }).fieldErrors.email).toMatch(
        /^อีเมล: .* \/ e-mail: can change once the person has joined/,
      )
      const rename = await routes.person({
        request: post(`/admin/people/${victim.id}`, admin, {
          intent: 'save',
          email: victim.email,
          nameTh: 'ชื่อใหม่',
          role: 'admin',
        }),
        params: { userId: victim.id },
        context,
      })
      expect(rename.status).toBe(200)
      expect(await getPerson(b.organization.id, victim.id)).toMatchObject({
        nameTh: 'ชื่อใหม่',
        membership: { pending: true },
      })
      const user = await getUserById(victim.id)
      expect(user).toMatchObject({ email: victim.email, nameTh: victim.nameTh })
      // and the account still opens with its own password only
      expect((await verifyPassword(victim.email, TEST_PASSWORD))?.id).toBe(victim.id)
      expect(
        (await listAuditEvents(b.organization.id, { targetId: victim.id })).events.map((e) => e.action).sort(),
      ).toEqual(['person.invite', 'person.update'])
      expect(
        (await listAuditEvents(a.organization.id, { action: 'person.update', targetId: victim.id })).events,
      ).toHaveLength(1) // A's own phone change only
    },
  )

  it(
    "does not block the person's own organization by inviting them; its administrator's link used cancels " +
      'the invitation',
    async () => {
      const person = a.people.executive
      const { token } = await issuePasswordLink(
        { ...a.actor, userId: a.people.admin.id, userName: a.people.admin.nameTh },
        'reset',
        person.id,
      )
      const admin = await cookieOf(b.people.admin.id, b.organization.id)
      await routes.people({
        request: post('/admin/people', admin, { email: person.email, nameTh: 'ผู้บริหาร', role: 'assessor' }),
        params: {},
        context,
      })
      // an invitation is not a membership: A still looks after its own person
      const own = { ...a.actor, userId: a.people.admin.id, userName: a.people.admin.nameTh }
      await expect(
        updatePerson(own, person.id, {
          email: person.email,
          nameTh: `${person.nameTh} (แก้คำผิด)`,
          role: 'executive',
          unitIds: [],
        }),
      ).resolves.toMatchObject({ nameTh: `${person.nameTh} (แก้คำผิด)` })
      const used = await setByLink(token, 'a-fresh-long-passphrase')
      expect(used.status).toBe(302)
      // A's administrator may be the one now signed in as the person: B's invitation is gone, and B is told why
      expect(await getPerson(b.organization.id, person.id)).toBeNull()
      const cancelled = (
        await listAuditEvents(b.organization.id, { action: 'person.invite-cancel', targetId: person.id })
      ).events
      expect(cancelled).toHaveLength(1)
      expect(JSON.stringify(cancelled[0].changes)).toMatch(/invite them again/)
    },
  )

  it(
    'stops a link once the person joined another organization, even when its issuer took the ' +
      "forgot-password form's name",
    async () => {
      // a second administrator of A: the one who plays the trick
      const admin = await addPerson(a.actor, {
        email: `admin2-${a.people.admin.email}`,
        nameTh: 'ผู้ดูแล คนที่สอง',
        role: 'admin',
        unitIds: [],
      })
      const actor = { ...a.actor, userId: admin.id, userName: admin.nameTh }
      const person = await addPerson(actor, {
        email: `reviewer-${a.people.assessor.email}`,
        nameTh: 'ผู้ทบทวน ภายนอก',
        role: 'assessor',
        unitIds: [],
      })
      await setPassword(actor, person.id, TEST_PASSWORD)
      // A's administrator renames themselves after the forgot-password form and hands out an invitation link
      const spoof = 'แบบฟอร์มลืมรหัสผ่าน / forgot-password form'
      const renamed = await updatePerson(actor, admin.id, {
        email: admin.email,
        nameTh: spoof,
        role: 'admin',
        unitIds: [],
      })
      expect(renamed.nameTh).toBe(spoof)
      const { token } = await issuePasswordLink({ ...actor, userName: spoof }, 'reset', person.id)
      // the person is invited by B and accepts, signed in as themselves
      const bAdmin = await cookieOf(b.people.admin.id, b.organization.id)
      await routes.people({
        request: post('/admin/people', bAdmin, { email: person.email, nameTh: 'ผู้ตรวจ', role: 'assessor' }),
        params: {},
        context,
      })
      const self = await cookieOf(person.id, a.organization.id)
      expect(
        (
          await routes.invitations({
            request: post('/invitations', self, { intent: 'accept', organizationId: b.organization.id }),
            params: {},
            context,
          })
        ).status,
      ).toBe(302)
      // the link no longer opens the page nor sets the password
      expect(await findLink(token)).toBeNull()
      expect(
        await (
          await routes.passwordPage({ request: new Request(`${ORIGIN}/password/${token}`), params: { token }, context })
        ).json(),
      ).toEqual({ valid: false })
      const used = await setByLink(token, 'a-fresh-long-passphrase')
      expect(used.status).toBe(410)
      expect((await verifyPassword(person.email, TEST_PASSWORD))?.id).toBe(person.id)
      // an administrator's link is judged as one whatever its issuer is called (links stored before this rule included)
      const spoofed = {
        userId: person.id,
        organizationId: a.organization.id,
        issuer: { by: 'admin' as const, userId: admin.id, organizationId: a.organization.id, name: spoof },
      }
      expect(await linkMaySetPassword(spoofed)).toBe(false)
    },
  )
})

describe('the person themselves', () => {
  it('sees the invitation after signing in and joins only by accepting it', async () => {
    const victim = a.people.coordinator
    const signIn = await routes.login({
      request: post('/login', null, { email: victim.email, password: TEST_PASSWORD, redirectTo: '/' }),
      params: {},
      context,
    })
    expect(signIn.status).toBe(302)
    expect(signIn.headers.get('Location')).toBe('/invitations')

    // B's administrator cannot accept on their behalf: the route accepts only the signed-in person's invitations
    const admin = await cookieOf(b.people.admin.id, b.organization.id)
    const stranger = await routes
      .invitations({
        request: post('/invitations', admin, { intent: 'accept', organizationId: b.organization.id }),
        params: {},
        context,
      })
      .then(
        (r) => r.status,
        (thrown: Response) => thrown.status,
      )
    expect(stranger).toBe(404)
    expect((await getPerson(b.organization.id, victim.id))?.membership).toMatchObject({ pending: true, active: false })

    const own = await cookieOf(victim.id, a.organization.id)
    const accepted = await routes.invitations({
      request: post('/invitations', own, { intent: 'accept', organizationId: b.organization.id }),
      params: {},
      context,
    })
    expect(accepted.status).toBe(302)
    expect((await getPerson(b.organization.id, victim.id))?.membership).toMatchObject({
      pending: false,
      active: true,
      role: 'admin',
    })
    // recorded in the organization joined and in the person's own
    for (const organizationId of [b.organization.id, a.organization.id]) {
      const join = (await listAuditEvents(organizationId, { action: 'person.join', targetId: victim.id })).events
      expect(join).toHaveLength(1)
      expect(join[0].actorId).toBe(victim.id)
      expect(join[0].changes.organization.after).toContain(b.organization.nameTh)
    }
  })

  it(
    'a reset link for an unshared person is audited with the issuer, ' + 'and the password set in every organization',
    async () => {
      const person = a.people.assessor
      const admin = await cookieOf(a.people.admin.id, a.organization.id)
      const issued = await routes.person({
        request: post(`/admin/people/${person.id}`, admin, { intent: 'reset' }),
        params: { userId: person.id },
        context,
      })
      expect(issued.status).toBe(200)
      const url = ((await issued.json()) as { link: { url: string } }).link.url
      const events = (await listAuditEvents(a.organization.id, { action: 'person.reset-link', targetId: person.id }))
        .events
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ actorId: a.people.admin.id, actorName: a.people.admin.nameTh })

      const token = url.split('/password/')[1]
      const weak = await setByLink(token, 'password2569')
      expect(weak.status).toBe(400)
      expect(((await weak.json()) as { fieldErrors: Record<string, string> }).fieldErrors.password).toMatch(
        /^รหัสผ่าน: .* \/ password: a commonly used password/,
      )
      const set = await setByLink(token, 'a-fresh-long-passphrase')
      expect(set.status).toBe(302)
      const passwordSet = (
        await listAuditEvents(a.organization.id, { action: 'person.password-set', targetId: person.id })
      ).events[0]
      expect(passwordSet.actorId).toBe(person.id)
      expect(passwordSet.changes.link.after).toBe(`reset · ${a.people.admin.nameTh}`)
    },
  )
})
