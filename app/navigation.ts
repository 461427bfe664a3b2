import type { MessageKey } from '#app/i18n'
import { can, type Action, type MembershipGrant } from '#models/tenancy/permissions'

interface NavItem {
  to: string
  label: MessageKey
  /** Shown only to memberships allowed this action; the page's own guard asks the same. */
  action?: Action
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/dashboard', label: 'nav.dashboard', action: 'dashboard.read' },
  { to: '/inbox', label: 'nav.inbox' },
  { to: '/completeness', label: 'nav.completeness', action: 'dashboard.read' },
  { to: '/my-work', label: 'nav.myWork', action: 'work.read' },
  { to: '/catalogs', label: 'nav.catalogs', action: 'catalog.read' },
  { to: '/assignments', label: 'nav.assignments', action: 'assignment.manage' },
  { to: '/rounds', label: 'nav.rounds', action: 'assignment.manage' },
  { to: '/review', label: 'nav.review', action: 'review.decide' },
  { to: '/clarifications', label: 'nav.clarifications', action: 'evidence.read' },
  { to: '/kpis', label: 'nav.kpis', action: 'catalog.read' },
  { to: '/progress', label: 'nav.kpiProgress', action: 'catalog.read' },
  { to: '/reports', label: 'nav.kpiReports', action: 'catalog.read' },
  { to: '/evidence', label: 'nav.evidence', action: 'evidence.read' },
  { to: '/packages', label: 'nav.packages', action: 'package.generate' },
  { to: '/admin/organization', label: 'nav.organizationSettings', action: 'organization.manage' },
  { to: '/admin/units', label: 'nav.units', action: 'unit.manage' },
  { to: '/admin/people', label: 'nav.people', action: 'person.manage' },
  { to: '/admin/audit', label: 'nav.audit', action: 'audit.read' },
]

export function navigationFor(membership: MembershipGrant | null): { to: string; label: MessageKey }[] {
  return NAV.filter((item) => !item.action || can(membership, item.action)).map(({ to, label }) => ({ to, label }))
}
