import mongoose from 'mongoose'
import { describe, expect, it } from 'vitest'
import * as audit from '#models/tenancy/audit.server'
import { listAuditEvents, recordAudit } from '#models/tenancy/audit.server'
import {
  clearSignInFailures,
  consumeLink,
  createSession,
  deleteSessionsOfUser,
  findLink,
  getSessionByToken,
  issueLink,
  recordSignInFailure,
  signInWaitMs,
  THROTTLE_WINDOW_MS,
} from '#models/tenancy/auth.server'
import {
  acceptInvitation,
  addPerson,
  declineInvitation,
  getPerson,
  issuePasswordLink,
  linkMaySetPassword,
  listInvitations,
  listMembershipsOfUser,
  listPeople,
  requestPasswordReset,
  setMembershipActive,
  setPassword,
  updatePerson,
  verifyPassword,
} from '#models/tenancy/user.server'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { actorOf, actorsOf, withOrg } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
withOrg('people', (o) => (org = o))

describe('people and memberships', () => {
  it('refuses bad input naming the field, and saves nothing', async () => {
    const count = (await listPeople(org.organization.id)).length
    const base = { email: 'new.person@people.saisaat.test', nameTh: 'คนใหม่', role: 'coordinator' as const }
    expect((await refusal(() => addPerson(org.actor, { ...base, email: '' }))).fieldErrors.email).toMatch(
      /email: required/,
    )
    expect((await refusal(() => addPerson(org.actor, { ...base, email: 'not-an-email' }))).fieldErrors.email).toMatch(
      /not a valid address/,
    )
    expect((await refusal(() => addPerson(org.actor, { ...base, nameTh: '' }))).fieldErrors.nameTh).toMatch(
      /Thai name: required/,
    )
    expect(
      (await refusal(() => addPerson(org.actor, { ...base, nameTh: 'ก'.repeat(201) }))).fieldErrors.nameTh,
    ).toMatch(/at most 200/)
    expect(
      (await refusal(() => addPerson(org.actor, { ...base, role: 'superuser' as never }))).fieldErrors.role,
    ).toMatch(/unknown role/)
    expect((await refusal(() => addPerson(org.actor, { ...base, phone: 'call me' }))).fieldErrors.phone).toMatch(
      /digits/,
    )
    const foreign = await createTestOrg('people-foreign')
    expect(
      (await refusal(() => addPerson(org.actor, { ...base, unitIds: [foreign.units[0].id] }))).fieldErrors.unitIds,
    ).toMatch(/not in this organization/)
    expect((await listPeople(org.organization.id)).length).toBe(count)
    expect(await verifyPassword(base.email, 'anything')).toBeNull()
  })

  it('lets one person belong to several organizations with a role in each, once they accept', async () => {
    const other = await createTestOrg('people-ministry')
    const reviewer = org.people.assessor
    const added = await addPerson(other.actor, { email: reviewer.email, nameTh: reviewer.nameTh, role: 'executive' })
    expect(added.id).toBe(reviewer.id)
    expect(added.membership).toMatchObject({ pending: true, active: false })
    // a pending invitation grants nothing and cannot be switched on by the inviting administrator
    expect((await listMembershipsOfUser(reviewer.id)).filter((m) => m.active).map((m) => m.organizationId)).toEqual([
      org.organization.id,
    ])
    expect((await refusal(() => setMembershipActive(other.actor, reviewer.id, true))).status).toBe(409)
    const again = await refusal(() => addPerson(other.actor, { email: reviewer.email, nameTh: 'x', role: 'admin' }))
    expect(again.status).toBe(409)
    expect(again.fieldErrors.email).toMatch(/already invited/)

    expect((await listInvitations(reviewer.id)).map((i) => i.organizationId)).toEqual([other.organization.id])
    await acceptInvitation({ userId: reviewer.id, userName: reviewer.nameTh }, other.organization.id)
    const memberships = await listMembershipsOfUser(reviewer.id)
    expect(
      memberships
        .filter((m) => m.active)
        .map((m) => [m.organizationId, m.role])
        .sort(),
    ).toEqual(
      [
        [org.organization.id, 'assessor'],
        [other.organization.id, 'executive'],
      ].sort(),
    )
    expect(await listInvitations(reviewer.id)).toEqual([])
    await expect(
      acceptInvitation({ userId: reviewer.id, userName: reviewer.nameTh }, other.organization.id),
    ).rejects.toMatchObject({ status: 404 })

    // shared now: the profile change one organization may still make is recorded in the other too
    await updatePerson(other.actor, reviewer.id, {
      ...reviewer,
      position: 'ผู้ตรวจราชการ',
      role: 'executive',
      unitIds: [],
    })
    const inOwn = (await listAuditEvents(org.organization.id, { action: 'person.update', targetId: reviewer.id }))
      .events
    expect(inOwn[0]).toMatchObject({
      actorName: other.actor.userName,
      changes: { position: { before: '', after: 'ผู้ตรวจราชการ' } },
    })
    // neither organization hands out a password link for them any more
    for (const actor of [org.actor, other.actor]) {
      expect((await refusal(() => issuePasswordLink(actor, 'reset', reviewer.id))).fieldErrors.password).toMatch(
        /another organization/,
      )
    }
    // the person asks for a link themselves (mailed to their own address): it works, and both trails show it
    const own = await requestPasswordReset(reviewer.email.toUpperCase(), { ip: '127.0.0.41' })
    expect(own?.user.id).toBe(reviewer.id)
    expect(await linkMaySetPassword((await findLink(own!.token))!)).toBe(true)
    for (const o of [org, other]) {
      const [event] = (await listAuditEvents(o.organization.id, { action: 'person.reset-link', targetId: reviewer.id }))
        .events
      expect(event).toMatchObject({
        actorId: null,
        actorName: 'แบบฟอร์มลืมรหัสผ่าน / forgot-password form',
        ip: '127.0.0.41',
      })
    }
    expect(await requestPasswordReset('nobody@nowhere.saisaat.test')).toBeNull()
    // the person's own password change shows in both trails
    await setPassword(actorOf(org, reviewer), reviewer.id, TEST_PASSWORD)
    for (const o of [org, other]) {
      expect(
        (await listAuditEvents(o.organization.id, { action: 'person.password-set', targetId: reviewer.id })).events
          .length,
      ).toBeGreaterThan(0)
    }
  })

  it('lets an invited person decline, which leaves no membership', async () => {
    const other = await createTestOrg('people-declined')
    const person = org.people.coordinator
    await addPerson(other.actor, { email: person.email, nameTh: person.nameTh, role: 'admin' })
    await declineInvitation({ userId: person.id, userName: person.nameTh }, other.organization.id)
    expect(await getPerson(other.organization.id, person.id)).toBeNull()
    expect((await listAuditEvents(other.organization.id, { targetId: person.id })).events.map((e) => e.action)).toEqual(
      ['person.decline', 'person.invite'],
    )
  })

  it('refuses weak passwords naming the field and the rule, and keeps the old one', async () => {
    const person = org.people.executive
    for (const weak of ['password2569', '1234567890', 'aaaaaaaaaa', person.email.split('@')[0] + '2569']) {
      const refused = await refusal(() => setPassword(org.actor, person.id, weak))
      expect(refused.fieldErrors.password, weak).toMatch(/^รหัสผ่าน: .* \/ password: /)
    }
    expect((await verifyPassword(person.email, TEST_PASSWORD))?.id).toBe(person.id)
  })

  it('keeps at least one active administrator', async () => {
    const admin = org.people.admin
    const demote = await refusal(() => updatePerson(org.actor, admin.id, { ...admin, role: 'coordinator' }))
    expect(demote.fieldErrors.role).toMatch(/at least one administrator/)
    expect((await refusal(() => setMembershipActive(org.actor, admin.id, false))).status).toBe(409)
    expect((await getPerson(org.organization.id, admin.id))?.membership.role).toBe('admin')
  })

  it('audits role changes and deactivation with before and after', async () => {
    const exec = org.people.executive
    await updatePerson(org.actor, exec.id, { ...exec, role: 'assessor', unitIds: [] })
    await setMembershipActive(org.actor, exec.id, false)
    const { events } = await listAuditEvents(org.organization.id, { targetId: exec.id })
    expect(events[0]).toMatchObject({
      action: 'person.deactivate',
      changes: { active: { before: true, after: false } },
    })
    expect(events[1]).toMatchObject({
      action: 'person.update',
      changes: { role: { before: 'executive', after: 'assessor' } },
    })
    await setMembershipActive(org.actor, exec.id, true)
  })

  it('hides people of other organizations', async () => {
    const other = await createTestOrg('people-hidden')
    expect(await getPerson(other.organization.id, org.people.coordinator.id)).toBeNull()
    await expect(
      updatePerson(other.actor, org.people.coordinator.id, { ...org.people.coordinator, role: 'admin' }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(setMembershipActive(other.actor, org.people.coordinator.id, false)).rejects.toMatchObject({
      status: 404,
    })
    expect((await getPerson(org.organization.id, org.people.coordinator.id))?.membership).toMatchObject({
      role: 'coordinator',
      active: true,
    })
  })
})

describe('sign-in', () => {
  it('verifies argon2id passwords', async () => {
    expect((await verifyPassword(org.people.admin.email.toUpperCase(), TEST_PASSWORD))?.id).toBe(org.people.admin.id)
    expect(await verifyPassword(org.people.admin.email, 'wrong password')).toBeNull()
    expect(await verifyPassword('nobody@nowhere.test', TEST_PASSWORD)).toBeNull()
  })

  it('makes an account wait after five failures within fifteen minutes', async () => {
    const email = org.people.coordinator.email
    for (let i = 0; i < 4; i++) await recordSignInFailure(email)
    expect(await signInWaitMs(email)).toBe(0)
    await recordSignInFailure(email)
    const wait = await signInWaitMs(email)
    expect(wait).toBeGreaterThan(THROTTLE_WINDOW_MS - 60_000)
    expect(wait).toBeLessThanOrEqual(THROTTLE_WINDOW_MS)
    // the window moves on: fifteen minutes later the account may try again
    expect(await signInWaitMs(email, new Date(Date.now() + THROTTLE_WINDOW_MS + 1000))).toBe(0)
    await clearSignInFailures(email)
    expect(await signInWaitMs(email)).toBe(0)
  })

  it('ends every session of a person at once', async () => {
    const userId = org.people.assessor.id
    const a = await createSession({ userId, organizationId: org.organization.id })
    const b = await createSession({ userId, organizationId: org.organization.id })
    expect(await getSessionByToken(a.token)).not.toBeNull()
    expect(await deleteSessionsOfUser(userId)).toBeGreaterThanOrEqual(2)
    expect(await getSessionByToken(a.token)).toBeNull()
    expect(await getSessionByToken(b.token)).toBeNull()
  })

  it('honours a one-time link once, and a newer link replaces an older one', async () => {
    const userId = org.people.executive.id
    const first = await issueLink('reset', userId, org.organization.id)
    const second = await issueLink('reset', userId, org.organization.id)
    expect(await findLink(first.token)).toBeNull()
    expect(await findLink(second.token)).toMatchObject({ kind: 'reset', userId })
    expect(await consumeLink(second.token)).toBe(true)
    expect(await consumeLink(second.token)).toBe(false)
    expect(await findLink(second.token)).toBeNull()
  })
})

describe('one-time links and invitations', () => {
  const admin = () => actorsOf(org).admin
  const fresh = async (label: string) =>
    addPerson(org.actor, {
      email: `${label}-${Date.now()}@people-links.saisaat.test`,
      nameTh: `บุคคล ${label}`,
      role: 'coordinator',
      unitIds: [],
    })

  it('refuses an invitation link for a person who already has a password, pointing to the reset link', async () => {
    const refused = await refusal(() => issuePasswordLink(admin(), 'invite', org.people.executive.id))
    expect(refused.status).toBe(409)
    expect(refused.fieldErrors.intent).toMatch(/ลิงก์ตั้งรหัสผ่านใหม่.* \/ .*use a password reset link instead/)
    expect(
      (await listAuditEvents(org.organization.id, { action: 'person.invite-link', targetId: org.people.executive.id }))
        .events,
    ).toEqual([])
    await expect(issuePasswordLink(admin(), 'reset', org.people.executive.id)).resolves.toMatchObject({
      token: expect.any(String),
    })
  })

  it('stops every unused link of the person once they set a password, and once their e-mail changes', async () => {
    const person = await fresh('links')
    const invite = await issuePasswordLink(admin(), 'invite', person.id)
    const asked = (await requestPasswordReset(person.email))!
    expect(await findLink(invite.token)).not.toBeNull()
    await setPassword(actorOf(org, person), person.id, TEST_PASSWORD)
    expect(await findLink(invite.token)).toBeNull()
    expect(await findLink(asked.token)).toBeNull()

    const reset = await issuePasswordLink(admin(), 'reset', person.id)
    await updatePerson(admin(), person.id, {
      email: `moved-${person.email}`,
      nameTh: person.nameTh,
      role: 'coordinator',
      unitIds: [],
    })
    expect(await findLink(reset.token)).toBeNull()
  })

  it(
    'keeps the home organization in charge while another only invites, and its e-mail change cancels the ' +
      'invitation',
    async () => {
      const person = await fresh('invited')
      await setPassword(org.actor, person.id, TEST_PASSWORD)
      const other = await createTestOrg('people-inviter')
      await addPerson(other.actor, { email: person.email, nameTh: 'ผู้ที่เชิญ', role: 'assessor' })
      // the invitation does not make the person "shared": links and corrections stay with the home organization
      const link = await issuePasswordLink(admin(), 'reset', person.id)
      expect(await linkMaySetPassword((await findLink(link.token))!)).toBe(true)
      await updatePerson(admin(), person.id, {
        email: `new-${person.email}`,
        nameTh: `${person.nameTh} (แก้)`,
        role: 'coordinator',
        unitIds: [],
      })
      // whoever holds the new address must not accept the old address's invitation
      expect(await listInvitations(person.id)).toEqual([])
      const [cancelled] = (
        await listAuditEvents(other.organization.id, { action: 'person.invite-cancel', targetId: person.id })
      ).events
      expect(cancelled).toMatchObject({ actorId: org.people.admin.id })
      expect(JSON.stringify(cancelled.changes)).toMatch(/changed their e-mail/)
    },
  )
})

describe('the audit trail is append-only', () => {
  it('offers no function that edits or deletes an event', () => {
    const exported = Object.keys(audit)
    expect(exported.filter((name) => /update|delete|remove|edit|set|replace|clear/i.test(name))).toEqual([])
  })

  it('refuses updates and deletions even through the model itself', async () => {
    await recordAudit(org.actor, { action: 'test.probe', targetType: 'probe', targetLabel: 'original' })
    const Model = mongoose.model('AuditEvent')
    await expect(Model.updateOne({ action: 'test.probe' }, { $set: { targetLabel: 'forged' } })).rejects.toThrow(
      /append-only/,
    )
    await expect(Model.deleteMany({ action: 'test.probe' })).rejects.toThrow(/append-only/)
    await expect(Model.findOneAndDelete({ action: 'test.probe' })).rejects.toThrow(/append-only/)
    const doc = await Model.findOne({ action: 'test.probe' })
    doc!.set('targetLabel', 'forged')
    await expect(doc!.save()).rejects.toThrow(/append-only/)
    const { events } = await listAuditEvents(org.organization.id, { action: 'test.probe' })
    expect(events).toHaveLength(1)
    expect(events[0].targetLabel).toBe('original')
  })
})
