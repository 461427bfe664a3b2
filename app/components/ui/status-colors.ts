/**
 * The one colour per status, shared by badges, summaries and the completeness grid. Type-only
 * imports keep the models (mongoose) out of the browser bundle.
 */
import type { ClarificationStatus } from '#models/work/clarification.server'
import type { KpiCertification } from '#models/reporting/kpi-report.server'
import type { ItemStatus } from '#models/work/review.server'

/** An item's review status. */
export const ITEM_STATUS_COLOR: Record<ItemStatus, string> = {
  'not-started': 'gray',
  'in-progress': 'blue',
  carried: 'orange',
  submitted: 'violet',
  returned: 'red',
  approved: 'teal',
}

/** Every item status, in the order of the workflow. */
export const ITEM_STATUSES = Object.keys(ITEM_STATUS_COLOR) as ItemStatus[]

/** A KPI report's certification. */
export const CERTIFICATION_COLOR: Record<KpiCertification, string> = {
  pending: 'yellow',
  approved: 'green',
  'not-approved': 'red',
}

/** Where a clarification stands ('none': not drafted). */
export const CLARIFICATION_STATUS_COLOR: Record<ClarificationStatus | 'none', string> = {
  none: 'gray',
  draft: 'violet',
  returned: 'orange',
  approved: 'teal',
}

/** A person's standing in the organization (people list and person page). */
export const PERSON_STATUS_COLOR = { invited: 'yellow', inactive: 'gray', active: 'teal' } as const
