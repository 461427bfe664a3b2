import type { SerializeFrom } from '@remix-run/node'
import type { LinkedItem } from '#models/evidence/guard.server'
import type { Evidence } from '#models/evidence/records.server'
import type { Unit } from '#models/tenancy/unit.server'

/** An item that keeps the evidence from changing: another unit's, or with the evidence in a frozen answer. */
export type LockingItem = Pick<LinkedItem, 'catalogId' | 'itemCode' | 'titleTh' | 'titleEn' | 'frozen'>

/** What the evidence page's loader gives: the evidence with its days for the pickers, and what the person may do. */
export interface EvidencePageData {
  evidence: Evidence & { documentDay: string | null; periodFromDay: string | null; periodToDay: string | null }
  units: Unit[]
  targets: { group: string; items: { value: string; label: string }[] }[]
  canUpload: boolean
  foreign: LockingItem[]
  frozen: LockingItem[]
  /** What became of the file's text for the search (null before the index knew it). */
  text: { state: string; error: string } | null
  retentionDays: number
  maxBytes: number
  typesLabel: string
}
export type EvidencePageProps = SerializeFrom<EvidencePageData>
