import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as audit from '#models/audit.server'
import { listAuditEvents, recordAudit } from '#models/audit.server'
import {
  clearSignInFailures, consumeLink, createSession, deleteSessionsOfUser, findLink, getSessionByToken,
  issueLink, recordSignInFailure, signInWaitMs, THROTTLE_WINDOW_MS,
} from '#models/auth.server'
import { addPerson, getPerson, listMembershipsOfUser, listPeople, setMembershipActive, updatePerson, verifyPassword } from '#models/user.server'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { refusal } from '#test/support/refusal'
import { useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
let org: TestOrg
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  org = await createTestOrg('people')
})
afterAll(() => cleanup())

describe('people and memberships', () => {
  it('refuses bad input naming the field, and saves nothing', async () => {
    const count = (await listPeople(org.organization.id)).length
    const base = { email: 'new.person@people.saisaat.test', nameTh: 'คนใหม่', role: 'coordinator' as const }
    expect((await refusal(() => addPerson(org.actor, { ...base, email: '' }))).fieldErrors.email).toMatch(/email: required/)
    expect((await refusal(() => addPerson(org.actor, { ...base, email: 'not-an-email' }))).fieldErrors.email).toMatch(/not a valid address/)
    expect((await refusal(() => addPerson(org.actor, { ...base, nameTh: '' }))).fieldErrors.nameTh).toMatch(/Thai name: required/)
    expect((await refusal(() => addPerson(org.actor, { ...base, nameTh: 'ก'.repeat(201) }))).fieldErrors.nameTh).toMatch(/at most 200/)
    expect((await refusal(() => addPerson(org.actor, { ...base, role: 'superuser' as never }))).fieldErrors.role).toMatch(/unknown role/)
    expect((await refusal(() => addPerson(org.actor, { ...base, phone: 'call me' }))).fieldErrors.phone).toMatch(/digits/)
    const foreign = await createTestOrg('people-foreign')
    expect((await refusal(() => addPerson(org.actor, { ...base, unitIds: [foreign.units[0].id] }))).fieldErrors.unitIds).toMatch(/not in this organization/)
    expect((await listPeople(org.organization.id)).length).toBe(count)
    expect(await verifyPassword(base.email, 'anything')).toBeNull()
  })

  it('lets one person belong to several organizations with a role in each', async () => {
    const other = await createTestOrg('people-ministry')
    const reviewer = org.people.assessor
    const added = await addPerson(other.actor, { email: reviewer.email, nameTh: reviewer.nameTh, role: 'executive' })
    expect(added.id).toBe(reviewer.id)
    const memberships = await listMembershipsOfUser(reviewer.id)
    expect(memberships.map((m) => [m.organizationId, m.role]).sort()).toEqual(
      [[org.organization.id, 'assessor'], [other.organization.id, 'executive']].sort(),
    )
    const again = await refusal(() => addPerson(other.actor, { email: reviewer.email, nameTh: 'x', role: 'admin' }))
    expect(again.status).toBe(409)
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
    expect(events[0]).toMatchObject({ action: 'person.deactivate', changes: { active: { before: true, after: false } } })
    expect(events[1]).toMatchObject({ action: 'person.update', changes: { role: { before: 'executive', after: 'assessor' } } })
    await setMembershipActive(org.actor, exec.id, true)
  })

  it('hides people of other organizations', async () => {
    const other = await createTestOrg('people-hidden')
    expect(await getPerson(other.organization.id, org.people.coordinator.id)).toBeNull()
    await expect(updatePerson(other.actor, org.people.coordinator.id, { ...org.people.coordinator, role: 'admin' })).rejects.toMatchObject({ status: 404 })
    await expect(setMembershipActive(other.actor, org.people.coordinator.id, false)).rejects.toMatchObject({ status: 404 })
    expect((await getPerson(org.organization.id, org.people.coordinator.id))?.membership).toMatchObject({ role: 'coordinator', active: true })
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

describe('the audit trail is append-only', () => {
  it('offers no function that edits or deletes an event', () => {
    const exported = Object.keys(audit)
    expect(exported.filter((name) => /update|delete|remove|edit|set|replace|clear/i.test(name))).toEqual([])
  })

  it('refuses updates and deletions even through the model itself', async () => {
    await recordAudit(org.actor, { action: 'test.probe', targetType: 'probe', targetLabel: 'original' })
    const Model = mongoose.model('AuditEvent')
    await expect(Model.updateOne({ action: 'test.probe' }, { $set: { targetLabel: 'forged' } })).rejects.toThrow(/append-only/)
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
