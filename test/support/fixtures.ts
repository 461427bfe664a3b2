/**
 * Factories that create what a test needs through the real models: an organization with units
 * and one signed-up person per role. Passwords are known so that tests can sign in.
 */
import { randomBytes } from 'node:crypto'
import type { Actor } from '#models/tenancy/audit.server'
import { upsertOrganization, type Organization } from '#models/tenancy/organization.server'
import type { Role } from '#models/tenancy/permissions'
import { createUnit, type Unit } from '#models/tenancy/unit.server'
import { addPerson, setPassword, type Person } from '#models/tenancy/user.server'

export const TEST_PASSWORD = 'correct-horse-battery-staple'

export interface TestOrg {
  organization: Organization
  actor: Actor
  units: Unit[]
  people: Record<Role, Person>
}

/** A fresh organization with two units and one person per role (the coordinator in the first unit). */
export async function createTestOrg(label = 'org'): Promise<TestOrg> {
  const suffix = randomBytes(3).toString('hex')
  const organization = await upsertOrganization({
    code: `${label}-${suffix}`.toLowerCase().slice(0, 40),
    nameTh: `หน่วยงานทดสอบ ${label} ${suffix}`,
    nameEn: `Test agency ${label} ${suffix}`,
    agencyType: 'department',
  })
  const actor: Actor = { organizationId: organization.id, userId: null, userName: 'test set-up' }
  const units = [
    await createUnit(actor, { nameTh: `กองคลัง ${suffix}`, nameEn: 'Finance', kind: 'division' }),
    await createUnit(actor, { nameTh: `กลุ่มงานประชาสัมพันธ์ ${suffix}`, nameEn: 'PR', kind: 'group' }),
  ]
  const people = {} as Record<Role, Person>
  for (const role of ['admin', 'coordinator', 'assessor', 'executive'] as const) {
    const person = await addPerson(actor, {
      email: `${role}-${suffix}@${label}.saisaat.test`,
      nameTh: `${{ admin: 'ผู้ดูแล', coordinator: 'ผู้ประสาน', assessor: 'ผู้ตรวจ', executive: 'ผู้บริหาร' }[role]} ${suffix}`,
      role,
      unitIds: role === 'coordinator' ? [units[0].id] : [],
    })
    await setPassword(actor, person.id, TEST_PASSWORD)
    people[role] = { ...person, hasPassword: true }
  }
  return { organization, actor, units, people }
}
