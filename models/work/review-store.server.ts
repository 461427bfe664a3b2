/**
 * Where each item's review is stored (status, ticks, comments, the approved answer) and the list of reviews by
 * status. Kept apart from review.server.ts, which also reads evidence, so that the evidence guard can ask which
 * items are submitted or approved without an import circle.
 */
import { Schema } from 'mongoose'
import { getCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { listItems } from '#models/catalog/items'
import { isoOrNull as iso } from '#models/dates'
import { keptReads, type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { itemKeyOf, oid } from '#models/ids'
import { trackWorkState, workStamps } from '#models/work/work-state.server'
import { compareCodes } from '#models/order'

/** What is stored; "in-progress" is the state before the first submission. */
export const REVIEW_STATUSES = ['in-progress', 'submitted', 'returned', 'approved'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]
export const COMMENT_KINDS = ['comment', 'submit', 'return', 'approve'] as const
export type CommentKind = (typeof COMMENT_KINDS)[number]

const tickSchema = new Schema(
  {
    elementId: { type: String, required: true },
    ticked: { type: Boolean, default: false },
    note: { type: String, default: '' },
  },
  { _id: false },
)
const commentSchema = new Schema(
  {
    kind: { type: String, enum: COMMENT_KINDS, default: 'comment' },
    authorId: { type: Schema.Types.ObjectId, default: null },
    authorName: { type: String, required: true },
    role: { type: String, required: true },
    text: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { _id: false },
)
const reviewSchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  catalogId: { type: Schema.Types.ObjectId, required: true },
  itemCode: { type: String, required: true },
  status: { type: String, enum: REVIEW_STATUSES, default: 'in-progress' },
  ticks: { type: [tickSchema], default: [] },
  comments: { type: [commentSchema], default: [] },
  /** Incremented by every transition: the number the next transition claims. */
  version: { type: Number, default: 0 },
  submittedAt: { type: Date, default: null },
  submittedByName: { type: String, default: '' },
  approvedBy: { type: Schema.Types.ObjectId, default: null },
  approvedByName: { type: String, default: '' },
  approvedAt: { type: Date, default: null },
  /** Given when an approval leaves an element unticked. */
  approvalReason: { type: String, default: '' },
  /**
   * What the assessor approved: each element's answer evidence with the file version (or the
   * number of link snapshots) it had then. The package is built from this, not from today's links.
   */
  approvedAnswer: {
    type: [
      {
        _id: false,
        elementId: { type: String, required: true },
        evidenceId: { type: Schema.Types.ObjectId, required: true },
        version: { type: Number, default: 0 },
      },
    ],
    default: [],
  },
})
reviewSchema.index({ organizationId: 1, catalogId: 1, itemCode: 1 }, { unique: true })
reviewSchema.index({ organizationId: 1, status: 1 })
// the inbox reads review states under the work stamp (not the plan's: see work-state.server.ts)
trackWorkState(reviewSchema, 'reviews')
export type ReviewDoc = LeanDoc<typeof reviewSchema> & { updatedAt: Date }
export const ReviewModel = schemaModel('Review', reviewSchema)

export interface ReviewListRow {
  catalogId: string
  catalogNameTh: string
  catalogNameEn: string
  fiscalYear: number
  itemCode: string
  titleTh: string
  titleEn: string
  status: ReviewStatus
  submittedAt: string | null
  submittedByName: string
  updatedAt: string
}

function rowOf(
  d: ReviewDoc,
  catalog: StoredCatalog,
  item: { titleTh: string; titleEn: string } | undefined,
): ReviewListRow | null {
  if (!item) return null
  return {
    catalogId: catalog.id,
    catalogNameTh: catalog.nameTh,
    catalogNameEn: catalog.nameEn,
    fiscalYear: catalog.fiscalYear,
    itemCode: d.itemCode,
    titleTh: item.titleTh,
    titleEn: item.titleEn,
    status: d.status as ReviewStatus,
    submittedAt: iso(d.submittedAt),
    submittedByName: d.submittedByName ?? '',
    updatedAt: iso(d.updatedAt)!,
  }
}

// read by completeness and my work at every load, for every item of a catalog: kept under the work stamp
const keptStatuses = keptReads(1000)

/**
 * The stored review statuses of these catalogs' items ("catalogId|itemCode" → status), kept by each instance under
 * the organization's work stamp, which every write of a review changes.
 */
export async function storedReviewStatuses(
  organizationId: string,
  catalogIds: string[],
): Promise<Map<string, ReviewStatus>> {
  const ids = [...new Set(catalogIds)].sort()
  if (ids.length === 0) return new Map()
  const rows = await keptStatuses(workStamps(organizationId), `${organizationId}:${ids.join(',')}`, async () =>
    (
      await ReviewModel.find({
        organizationId: oid(organizationId),
        catalogId: ids.length === 1 ? oid(ids[0]) : { $in: ids.map(oid) },
      })
        .select({ catalogId: 1, itemCode: 1, status: 1 })
        .lean<ReviewDoc[]>()
    ).map((d): [string, ReviewStatus] => [`${d.catalogId.toString()}|${d.itemCode}`, d.status as ReviewStatus]),
  )
  return new Map(rows)
}

/** One item's review as listReviews gives it, read by key, when it is in one of these statuses. */
export async function getReviewIn(
  organizationId: string,
  catalogId: string,
  itemCode: string,
  statuses: readonly ReviewStatus[],
): Promise<ReviewListRow | null> {
  const doc = await ReviewModel.findOne(itemKeyOf(organizationId, catalogId, itemCode)).lean<ReviewDoc>()
  if (!doc || !statuses.includes(doc.status as ReviewStatus)) return null
  const catalog = await getCatalog(organizationId, catalogId)
  return (
    catalog &&
    rowOf(
      doc,
      catalog,
      listItems(catalog.content).find((i) => i.code === itemCode),
    )
  )
}

/** The organization's reviews in these statuses (default: waiting for an assessor), oldest submission first. */
export async function listReviews(
  organizationId: string,
  statuses: readonly ReviewStatus[] = ['submitted'],
): Promise<ReviewListRow[]> {
  const docs = await ReviewModel.find({ organizationId: oid(organizationId), status: { $in: [...statuses] } }).lean<
    ReviewDoc[]
  >()
  if (docs.length === 0) return []
  const titles = new Map<
    string,
    { catalog: StoredCatalog; items: Map<string, { titleTh: string; titleEn: string }> } | null
  >()
  const rows: ReviewListRow[] = []
  for (const d of docs) {
    const catalogId = d.catalogId.toString()
    if (!titles.has(catalogId)) {
      const catalog = await getCatalog(organizationId, catalogId)
      titles.set(catalogId, catalog && { catalog, items: new Map(listItems(catalog.content).map((i) => [i.code, i])) })
    }
    const found = titles.get(catalogId)
    const row = found && rowOf(d, found.catalog, found.items.get(d.itemCode))
    if (row) rows.push(row)
  }
  const time = (r: ReviewListRow) => (r.submittedAt ? new Date(r.submittedAt).getTime() : 0)
  return rows.sort((x, y) => time(x) - time(y) || compareCodes(x.itemCode, y.itemCode))
}
