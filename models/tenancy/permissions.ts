/**
 * Who may do what: the one place that answers "may this membership do this action on this
 * resource". Every loader and action asks it. The README shows this table.
 */
export const ROLES = ['admin', 'coordinator', 'assessor', 'executive'] as const
export type Role = (typeof ROLES)[number]

export const ACTIONS = [
  'organization.manage',
  'unit.manage',
  'person.manage',
  'audit.read',
  'catalog.read',
  'catalog.manage',
  'assignment.manage',
  'work.read', // my work: items assigned to my units
  'evidence.read',
  'evidence.upload', // coordinators, on items assigned to their units only
  'review.decide',
  'dashboard.read',
  'package.generate',
  'kpi.report', // coordinators: a round's KPI and plan progress, on items assigned to their units only
  'kpi.certify', // the KPI supervisor: approve or not approve a round's KPI report
  'survey.manage', // IIT/EIT survey results: enter or import
] as const
export type Action = (typeof ACTIONS)[number]

const MATRIX: Record<Role, readonly Action[]> = {
  // listed one by one, not "all but": a new action is granted to no role until it is added here
  admin: [
    'organization.manage',
    'unit.manage',
    'person.manage',
    'audit.read',
    'catalog.read',
    'catalog.manage',
    'assignment.manage',
    'evidence.read',
    'dashboard.read',
    'package.generate',
    'kpi.certify',
    'survey.manage',
  ],
  coordinator: ['catalog.read', 'work.read', 'evidence.read', 'evidence.upload', 'kpi.report'],
  assessor: ['catalog.read', 'evidence.read', 'review.decide', 'dashboard.read'],
  executive: ['catalog.read', 'evidence.read', 'dashboard.read', 'kpi.certify', 'survey.manage'],
}

export interface MembershipGrant {
  organizationId: string
  role: Role
  unitIds: string[]
  active: boolean
}

/** A resource of the same organization; unitIds are the units it is assigned to, where that matters. */
export interface ResourceScope {
  organizationId: string
  unitIds?: string[]
}

/** May this membership do this action (on this resource)? */
export function can(membership: MembershipGrant | null | undefined, action: Action, resource?: ResourceScope): boolean {
  if (!membership?.active) return false
  if (!MATRIX[membership.role].includes(action)) return false
  if (resource && resource.organizationId !== membership.organizationId) return false
  // a coordinator works only on items assigned to one of their units
  if (membership.role === 'coordinator' && (action === 'evidence.upload' || action === 'kpi.report') && resource) {
    return (resource.unitIds ?? []).some((u) => membership.unitIds.includes(u))
  }
  return true
}

/** The role × action table, for the README and the people screen. */
export function permissionTable(): { action: Action; roles: Record<Role, boolean> }[] {
  return ACTIONS.map((action) => ({
    action,
    roles: Object.fromEntries(ROLES.map((r) => [r, MATRIX[r].includes(action)])) as Record<Role, boolean>,
  }))
}
