import { describe, expect, it } from 'vitest'
import { ACTIONS, can, permissionTable, ROLES, type MembershipGrant } from '#models/tenancy/permissions'

const grant = (role: MembershipGrant['role'], unitIds: string[] = [], active = true): MembershipGrant => ({
  organizationId: 'org-a',
  role,
  unitIds,
  active,
})

describe('permissions', () => {
  it('gives administrators set-up and packages, never reviews or uploads', () => {
    expect(can(grant('admin'), 'person.manage')).toBe(true)
    expect(can(grant('admin'), 'package.generate')).toBe(true)
    expect(can(grant('admin'), 'review.decide')).toBe(false)
    expect(can(grant('admin'), 'evidence.upload')).toBe(false)
  })

  it('lets a coordinator upload only for items of their units', () => {
    const c = grant('coordinator', ['u1'])
    expect(can(c, 'evidence.upload', { organizationId: 'org-a', unitIds: ['u1', 'u9'] })).toBe(true)
    expect(can(c, 'evidence.upload', { organizationId: 'org-a', unitIds: ['u2'] })).toBe(false)
    expect(can(c, 'review.decide')).toBe(false)
  })

  it('keeps assessors from uploading and executives from changing anything', () => {
    expect(can(grant('assessor'), 'review.decide')).toBe(true)
    expect(can(grant('assessor'), 'evidence.upload', { organizationId: 'org-a', unitIds: [] })).toBe(false)
    // changes an executive does make: certifying a KPI round as its supervisor, entering IIT/EIT survey results (issue
    // 7)
    const EXECUTIVE_CHANGES: string[] = ['kpi.certify', 'survey.manage']
    const changes = ACTIONS.filter((a) => !/\.(read)$/.test(a) && !EXECUTIVE_CHANGES.includes(a))
    for (const action of changes) expect(can(grant('executive'), action), action).toBe(false)
    expect(can(grant('executive'), 'dashboard.read')).toBe(true)
    expect(can(grant('executive'), 'kpi.certify')).toBe(true)
    expect(can(grant('coordinator'), 'kpi.report', { organizationId: 'org-a', unitIds: ['elsewhere'] })).toBe(false)
  })

  it('refuses everything to an inactive membership and across organizations', () => {
    for (const role of ROLES) {
      for (const action of ACTIONS) expect(can(grant(role, ['u1'], false), action)).toBe(false)
    }
    expect(can(grant('admin'), 'unit.manage', { organizationId: 'org-b' })).toBe(false)
  })

  it('publishes the same table the checks use', () => {
    for (const row of permissionTable()) {
      for (const role of ROLES) expect(row.roles[role]).toBe(can(grant(role), row.action))
    }
  })
})

describe('the README', () => {
  it('shows the same role × action table as the code', async () => {
    const { readFileSync } = await import('node:fs')
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const row of permissionTable()) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${row.action}\` |`))
      expect(line, row.action).toBeDefined()
      const cells = line!
        .split('|')
        .slice(2, 2 + ROLES.length)
        .map((c) => c.trim() === '✓')
      expect(cells, row.action).toEqual(ROLES.map((r) => row.roles[r]))
    }
  })
})
