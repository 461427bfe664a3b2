/**
 * Reviews: the status of one assigned item of a catalog (a fiscal year's assessment) on its way from
 * the coordinator to the assessor. One document per (organization, catalog, item) holds the
 * status, the assessor's tick and note per required element, the comment thread and who
 * approved. Ticks and comments are flat arrays of sub-documents (FerretDB v1 refuses arrays of
 * arrays). Every transition is audited and is one conditional write filtered on the status and
 * version it starts from. FerretDB v1 does not apply such a filter atomically (two simultaneous
 * findOneAndUpdate calls can both match), so a transition first claims its version number in
 * `review_transitions`, whose unique index lets exactly one of two simultaneous clicks win; that
 * collection is also the item's history.
 *
 *   not started → in progress → submitted → returned ↔ submitted → approved
 *
 * "not started", "in progress" and "carried — needs re-confirmation" are derived (no evidence /
 * some evidence / a rolled-over assignment); submitted, returned and approved are stored.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listAssignments, listMyWork, type Assignment, type WorkItem } from '#models/work/assignment.server'
import { getCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { itemElements, listItems } from '#models/catalog/items'
import type { RequirementElement } from '#models/catalog/schema'
import { schemaModel } from '#models/db.server'
import { AppError, bi, notFound, parseInput, type Bilingual } from '#models/errors'
import {
  chooseContribution,
  clearAnswerSelection,
  describeContributions,
  readContributions,
  leadUnitOf,
  type ContributionInfo,
  type LeadUnit,
} from '#models/work/contribution.server'
import { coverageGrid, isGridRule } from '#models/evidence/coverage'
import { evidenceOfItem, getEvidence, itemCodesWithEvidence } from '#models/evidence/records.server'
import { itemKeyOf, oid, toObjectId } from '#models/ids'
import type { MembershipGrant } from '#models/tenancy/permissions'
import { listUnits } from '#models/tenancy/unit.server'
import { isoOrNull as iso, yearsForPicker } from '#models/dates'
import {
  COMMENT_KINDS,
  listReviews,
  REVIEW_STATUSES,
  ReviewModel,
  storedReviewStatuses,
  type CommentKind,
  type ReviewDoc,
  type ReviewListRow,
  type ReviewStatus,
} from '#models/work/review-store.server'

export { COMMENT_KINDS, listReviews, REVIEW_STATUSES, type CommentKind, type ReviewListRow, type ReviewStatus }

/** What screens show: the stored status, or one derived from the evidence and the assignment. */
export const ITEM_STATUSES = ['not-started', 'in-progress', 'carried', 'submitted', 'returned', 'approved'] as const
export type ItemStatus = (typeof ITEM_STATUSES)[number]
export type ReviewRole = 'coordinator' | 'assessor'

/** One transition of one review; (reviewId, version) is unique, which decides races. */
const transitionSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true },
    reviewId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    byId: { type: Schema.Types.ObjectId, default: null },
    byName: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
transitionSchema.index({ reviewId: 1, version: 1 }, { unique: true })
transitionSchema.index({ organizationId: 1, reviewId: 1 })
const TransitionModel = schemaModel('ReviewTransition', transitionSchema, 'review_transitions')

/** The unique indexes must exist before the writes that rely on them (mongoose builds them in the background). */
const indexesReady = () => Promise.all([ReviewModel.init(), TransitionModel.init()])

// ---- the item's required elements ----------------------------------------------------------

/** The required elements of an item (kept here for the modules that import it from review). */
export { itemElements }

// ---- reading ------------------------------------------------------------------------------

export interface ReviewComment {
  kind: CommentKind
  authorName: string
  role: string
  text: string
  at: string
}

export interface ElementEvidence {
  id: string
  title: string
  type: 'file' | 'link' | 'text'
  fileName: string | null
  /** Of the current file version: how the item page previews it. */
  mimeType: string | null
  url: string | null
  /** The text of a text evidence (sanitized when saved), for the assessor's preview; null for the others. */
  html: string | null
  /** A link's latest stored snapshot: when it was fetched and its type (null before the first check). */
  snapshot: { index: number; fetchedAt: string; contentType: string } | null
  /** For the coverage grid: the period the coordinator set, the document date (ISO), or none. */
  periodFrom: string | null
  periodTo: string | null
  documentDate: string | null
  /** Counts for the submission: in the lead unit's selection, or no selection was made. */
  inAnswer: boolean
  /** Which unit contributed it, who and when, and the lead unit's choice. */
  contribution: ContributionInfo
}

export interface ReviewElement {
  id: string
  textTh: string
  textEn: string | null
  evidenceKind: RequirementElement['evidenceKind']
  /** Which period the evidence must cover (monthly-12, quarterly…): the item page's coverage grid. */
  periodRule: RequirementElement['period']
  minCount: number
  /** Every live evidence linked to the element, in the answer or not (the item page may show only the first ones). */
  evidence: ElementEvidence[]
  /** How many evidence are linked to the element, shown or not. */
  evidenceTotal: number
  /** Of those, the ones in the answer (all of them while no selection is made). */
  answerCount: number
  /** Fewer evidence items in the answer than minCount. */
  short: boolean
  ticked: boolean
  note: string
}

export interface ItemReview {
  id: string | null
  catalogId: string
  catalogKey: string
  catalogNameTh: string
  catalogNameEn: string
  fiscalYear: number
  catalogArchived: boolean
  itemCode: string
  titleTh: string
  titleEn: string
  assignment: Pick<Assignment, 'unitIds' | 'dueDate' | 'status'> | null
  /** The assigned units with their names, the lead first. */
  units: { id: string; nameTh: string; nameEn: string }[]
  /** The unit whose coordinators choose the answer among contributions. */
  lead: LeadUnit | null
  /** True once the lead unit chose evidence: only chosen evidence counts. */
  selectionMade: boolean
  status: ItemStatus
  elements: ReviewElement[]
  comments: ReviewComment[]
  /** The comment of the latest return, while the item is returned. */
  returnComment: ReviewComment | null
  submittedAt: string | null
  submittedByName: string
  approvedByName: string
  approvedAt: string | null
  approvalReason: string
  /** The answer as approved (empty for items approved before it was recorded). */
  approvedAnswer: ApprovedEvidence[]
}

/**
 * One evidence of the approved answer: `version` is the file version number, or the link's snapshot count (0 for
 * texts).
 */
export interface ApprovedEvidence {
  elementId: string
  evidenceId: string
  version: number
}

/**
 * The item's status shown everywhere (item page, my work, dashboard, completeness, package): the
 * stored review status, else "carried" for a rolled-over assignment, else in progress once it has
 * evidence (or a review was started), else not started.
 */
export function deriveItemStatus(
  stored: string | null | undefined,
  assignmentStatus: string | null | undefined,
  evidenceCount: number,
): ItemStatus {
  if (stored === 'submitted' || stored === 'returned' || stored === 'approved') return stored
  if (assignmentStatus === 'carried') return 'carried'
  return evidenceCount > 0 || stored === 'in-progress' ? 'in-progress' : 'not-started'
}

const toComment = (c: NonNullable<ReviewDoc['comments']>[number]): ReviewComment => ({
  kind: c.kind as CommentKind,
  authorName: c.authorName,
  role: c.role,
  text: c.text ?? '',
  at: iso(c.at)!,
})

/** An item as read for a page or a transition: its catalog, elements, assignment and review document. */
export interface Loaded {
  organizationId: string
  catalog: StoredCatalog
  elements: RequirementElement[]
  assignment: Assignment | null
  doc: ReviewDoc | null
}

async function load(organizationId: string, catalogId: string, itemCode: string): Promise<Loaded | null> {
  if (!toObjectId(catalogId) || !itemCode) return null
  const catalog = await getCatalog(organizationId, catalogId)
  if (!catalog) return null
  const elements = itemElements(catalog.content, itemCode)
  if (!elements) return null
  const [assignments, doc] = await Promise.all([
    listAssignments(organizationId, catalog.id),
    ReviewModel.findOne(itemKeyOf(organizationId, catalog.id, itemCode)).lean<ReviewDoc>(),
  ])
  const assignment = assignments.find((a) => a.itemCode === itemCode) ?? null
  return { organizationId, catalog, elements, assignment, doc }
}

/** Live evidence per element, each marked in or out of the answer and attributed to a unit. */
async function evidenceByElement(
  organizationId: string,
  catalogId: string,
  itemCode: string,
  elements: RequirementElement[],
  assignedUnitIds: string[],
) {
  // the item's links by key, then the evidence by id: no search of the evidence collection per element; the
  // contributions and choices at the same time
  const [ofItem, recorded] = await Promise.all([
    evidenceOfItem(organizationId, catalogId, itemCode),
    readContributions(organizationId, catalogId, itemCode),
  ])
  const found = new Map(elements.map((e) => [e.id, ofItem.get(e.id) ?? []]))
  const linked = new Map(
    [...found.values()].flat().map((x) => {
      const link = x.links.find((l) => l.catalogId === catalogId && l.itemCode === itemCode)
      return [
        x.id,
        {
          id: x.id,
          issuingUnitId: x.issuingUnitId,
          linkedByName: link?.linkedByName || x.createdByName,
          linkedAt: link?.linkedAt ?? x.createdAt,
        },
      ]
    }),
  )
  const { answer, contributions } = describeContributions(recorded, assignedUnitIds, [...linked.values()])
  const chosen = answer && new Set(answer)
  const out = new Map<string, ElementEvidence[]>()
  for (const [elementId, list] of found) {
    out.set(
      elementId,
      list.map((x) => ({
        id: x.id,
        title: x.title,
        type: x.type,
        fileName: x.current?.fileName ?? null,
        mimeType: x.current?.mimeType ?? null,
        html: x.type === 'text' ? x.html : null,
        snapshot: x.snapshots.length
          ? {
              index: x.snapshots.length - 1,
              fetchedAt: x.snapshots.at(-1)!.fetchedAt,
              contentType: x.snapshots.at(-1)!.contentType,
            }
          : null,
        url: x.url,
        periodFrom: x.periodFrom,
        periodTo: x.periodTo,
        documentDate: x.documentDate,
        inAnswer: chosen ? chosen.has(x.id) : true,
        contribution: contributions.get(x.id)!,
      })),
    )
  }
  return { byElement: out, selectionMade: answer !== null }
}

/** What adding evidence to an item needs to know of it, without reading its evidence (the upload route). */
export interface ItemOutline {
  catalogId: string
  itemCode: string
  catalogArchived: boolean
  assignment: Pick<Assignment, 'unitIds' | 'dueDate' | 'status'> | null
  /** Submitted, approved or returned as stored; otherwise 'in-progress' or 'not-started' are not told apart. */
  status: ItemStatus
  elementIds: string[]
  /**
   * The reads the outline was made from: a transition asked for right after (the item route's action) starts from
   * them instead of reading the item again; its review document's version is the one the transition claims.
   */
  loaded: Loaded
}

export async function getItemOutline(
  organizationId: string,
  catalogId: string,
  itemCode: string,
): Promise<ItemOutline | null> {
  const loaded = await load(organizationId, catalogId, itemCode)
  if (!loaded) return null
  const { catalog, elements, assignment, doc } = loaded
  return {
    catalogId: catalog.id,
    itemCode,
    catalogArchived: catalog.status === 'archived',
    assignment: assignment && { unitIds: assignment.unitIds, dueDate: assignment.dueDate, status: assignment.status },
    status: deriveItemStatus(doc?.status, assignment?.status, 0),
    elementIds: elements.map((e) => e.id),
    loaded,
  }
}

/**
 * One item with its elements, their linked evidence, ticks, thread and status; null when not found in the organization.
 */
export async function getItemReview(
  organizationId: string,
  catalogId: string,
  itemCode: string,
): Promise<ItemReview | null> {
  const loaded = await load(organizationId, catalogId, itemCode)
  if (!loaded) return null
  const { catalog, elements, assignment, doc } = loaded
  const assignedUnitIds = assignment?.unitIds ?? []
  // independent reads, at once
  const [{ byElement: evidence, selectionMade }, lead, allUnits] = await Promise.all([
    evidenceByElement(organizationId, catalog.id, itemCode, elements, assignedUnitIds),
    leadUnitOf(organizationId, catalog.id, itemCode, assignedUnitIds),
    assignedUnitIds.length ? listUnits(organizationId) : Promise.resolve([]),
  ])
  const unitNames = new Map(allUnits.map((u) => [u.id, u]))
  const units = assignedUnitIds
    .filter((id) => unitNames.has(id))
    .map((id) => ({
      id,
      nameTh: unitNames.get(id)!.nameTh as string,
      nameEn: (unitNames.get(id)!.nameEn as string) || '',
    }))
    .sort((a, b) => Number(b.id === lead?.unitId) - Number(a.id === lead?.unitId))
  const ticks = new Map((doc?.ticks ?? []).map((t) => [t.elementId, t]))
  const item = listItems(catalog.content).find((i) => i.code === itemCode)!
  const comments = (doc?.comments ?? []).map(toComment)
  const evidenceCount = [...evidence.values()].reduce((s, l) => s + l.length, 0)
  const status = deriveItemStatus(doc?.status, assignment?.status, evidenceCount)
  return {
    id: doc?._id.toString() ?? null,
    catalogId: catalog.id,
    catalogKey: catalog.key,
    catalogNameTh: catalog.nameTh,
    catalogNameEn: catalog.nameEn,
    fiscalYear: catalog.fiscalYear,
    catalogArchived: catalog.status === 'archived',
    itemCode,
    titleTh: item.titleTh,
    titleEn: item.titleEn,
    assignment: assignment && { unitIds: assignment.unitIds, dueDate: assignment.dueDate, status: assignment.status },
    units,
    lead,
    selectionMade,
    status,
    elements: elements.map((e) => {
      const list = evidence.get(e.id) ?? []
      const answerCount = list.filter((x) => x.inAnswer).length
      return {
        id: e.id,
        textTh: e.text.th,
        textEn: e.text.en ?? null,
        evidenceKind: e.evidenceKind,
        periodRule: e.period,
        minCount: e.minCount,
        evidence: list,
        evidenceTotal: list.length,
        answerCount,
        short: !e.optional && answerCount < e.minCount,
        ticked: Boolean(ticks.get(e.id)?.ticked),
        note: ticks.get(e.id)?.note ?? '',
      }
    }),
    comments,
    returnComment: status === 'returned' ? ([...comments].reverse().find((c) => c.kind === 'return') ?? null) : null,
    submittedAt: iso(doc?.submittedAt),
    submittedByName: doc?.submittedByName ?? '',
    approvedByName: doc?.approvedByName ?? '',
    approvedAt: iso(doc?.approvedAt),
    approvalReason: doc?.approvalReason ?? '',
    approvedAnswer: (doc?.approvedAnswer ?? []).map((a) => ({
      elementId: a.elementId,
      evidenceId: a.evidenceId.toString(),
      version: a.version ?? 0,
    })),
  }
}

/**
 * "My work" of one fiscal year (`asked`, else the year in progress, as the year picker orders them), with each year
 * that has work and how many items: three years of current catalogs made one page of every item ever assigned.
 */
export async function listMyWorkOfYear(
  organizationId: string,
  who: { unitIds: string[]; userId: string },
  asked: number | null,
) {
  const all = await listMyWork(organizationId, who)
  const years = yearsForPicker(all.map((w) => w.fiscalYear))
  const fiscalYear = asked !== null && years.includes(asked) ? asked : (years[0] ?? null)
  return {
    years: years.map((y) => ({ fiscalYear: y, count: all.filter((w) => w.fiscalYear === y).length })),
    fiscalYear,
    work: await withReviewStatuses(
      organizationId,
      all.filter((w) => w.fiscalYear === fiscalYear),
    ),
  }
}

async function withReviewStatuses(
  organizationId: string,
  work: WorkItem[],
): Promise<(WorkItem & { reviewStatus: ItemStatus })[]> {
  if (work.length === 0) return []
  const stored = await storedReviewStatuses(
    organizationId,
    work.map((w) => w.catalogId),
  )
  const withEvidence = new Map<string, Set<string>>()
  for (const id of new Set(work.map((w) => w.catalogId)))
    withEvidence.set(
      id,
      await itemCodesWithEvidence(
        organizationId,
        id,
        work.filter((w) => w.catalogId === id).map((w) => w.itemCode),
      ),
    )
  return work.map((w) => {
    const s = stored.get(`${w.catalogId}|${w.itemCode}`) ?? null
    const count = withEvidence.get(w.catalogId)?.has(w.itemCode) ? 1 : 0
    const reviewStatus = deriveItemStatus(s, w.status, count)
    // what was delivered on time or not, is no longer late work
    return { ...w, reviewStatus, overdue: w.overdue && reviewStatus !== 'submitted' && reviewStatus !== 'approved' }
  })
}

// ---- transitions --------------------------------------------------------------------------

const STATUS_TEXT: Record<ItemStatus, Bilingual> = {
  'not-started': { th: 'ยังไม่เริ่ม', en: 'not started' },
  'in-progress': { th: 'กำลังดำเนินการ', en: 'in progress' },
  carried: { th: 'ยกมาจากปีก่อน รอยืนยัน', en: 'carried, needs re-confirmation' },
  submitted: { th: 'ส่งตรวจแล้ว', en: 'submitted' },
  returned: { th: 'ส่งกลับให้แก้ไข', en: 'returned' },
  approved: { th: 'อนุมัติแล้ว', en: 'approved' },
}

function conflict(current: string | null | undefined) {
  const s = STATUS_TEXT[(current as ItemStatus) ?? 'not-started'] ?? STATUS_TEXT['not-started']
  return new AppError(
    bi(
      `ดำเนินการไม่ได้: รายการนี้อยู่ในสถานะ "${s.th}" แล้ว (อาจมีผู้อื่นดำเนินการพร้อมกัน)`,
      `not possible: this item is already ${s.en} (someone may have acted at the same time)`,
    ),
    409,
  )
}

const TextSchema = (th: string, en: string, required: boolean) => {
  const base = z
    .string()
    .trim()
    .max(4000, bi(`${th}: ยาวได้ไม่เกิน 4,000 ตัวอักษร`, `${en}: at most 4,000 characters`))
  return required ? base.min(1, bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`)) : base.default('')
}

const TickSchema = z.object({
  elementId: z.string().trim().min(1).max(100),
  ticked: z.boolean().default(false),
  note: TextSchema('หมายเหตุขององค์ประกอบ', 'element note', false),
})

export const SubmitInputSchema = z.object({
  comment: TextSchema('ความเห็น', 'comment', false),
  /**
   * Whether the person confirmed submitting although a period grid has gaps (asked on the item page: unconfirmed gaps
   * refuse the submission, confirmed ones are audited). Unset, nothing is asked (seeds and scripts).
   */
  confirmGaps: z.boolean().optional(),
})

/** Asked beside the submit button while an element's period grid has gaps. */
export const GAPS_UNCONFIRMED = bi(
  'ตารางช่วงเวลายังมีช่องว่าง: ยืนยันว่าจะส่งทั้งที่ยังไม่ครบ',
  'the period grid has gaps: confirm to submit',
)
export const ReturnInputSchema = z.object({
  ticks: z.array(TickSchema).default([]),
  comment: TextSchema('ความเห็นถึงผู้ประสานงาน', 'comment to the coordinator', true),
})
export const ApproveInputSchema = z.object({
  ticks: z.array(TickSchema).default([]),
  reason: TextSchema('เหตุผลที่อนุมัติทั้งที่ยังไม่ครบทุกองค์ประกอบ', 'reason for approving with unticked elements', false),
  comment: TextSchema('ความเห็น', 'comment', false),
})
export const CommentInputSchema = z.object({ text: TextSchema('ความเห็น', 'comment', true) })

/** The item, from `outline` when it is this item's in this organization (else read). */
async function requireLoaded(
  organizationId: string,
  catalogId: string,
  itemCode: string,
  outline?: ItemOutline,
): Promise<Loaded> {
  const given = outline?.loaded
  const loaded =
    given && given.organizationId === organizationId && given.catalog.id === catalogId && outline.itemCode === itemCode
      ? given
      : await load(organizationId, catalogId, itemCode)
  if (!loaded) throw notFound()
  if (loaded.catalog.status === 'archived')
    throw new AppError(
      bi('แค็ตตาล็อกนี้ถูกเก็บถาวรแล้ว เปลี่ยนสถานะไม่ได้', 'this catalog is archived: its items cannot change'),
      409,
    )
  return loaded
}

/** Creates the item's review document if missing; two simultaneous first writes both end with one document. */
async function ensureDoc(organizationId: string, catalogId: string, itemCode: string): Promise<void> {
  await indexesReady()
  // FerretDB v1 applies an upsert to an existing document as read-then-write: one that ran beside
  // a transition could write back the status it read. Only a missing document is upserted.
  if (await ReviewModel.exists(itemKeyOf(organizationId, catalogId, itemCode))) return
  try {
    await ReviewModel.updateOne(
      itemKeyOf(organizationId, catalogId, itemCode),
      { $setOnInsert: { status: 'in-progress' } },
      { upsert: true },
    )
  } catch (error) {
    // the other upsert won the unique index: the document exists, which is all we need
    if ((error as { code?: number }).code !== 11000) throw error
  }
}

const commentOf = (actor: Actor, role: ReviewRole, kind: CommentKind, text: string, at: Date) => ({
  kind,
  authorId: actor.userId ? oid(actor.userId) : null,
  authorName: actor.userName,
  role,
  text,
  at,
})

/** The ticks given, checked against the item's elements, for every element (unknown ids are refused). */
function checkTicks(elements: RequirementElement[], ticks: z.output<typeof TickSchema>[]) {
  const known = new Set(elements.map((e) => e.id))
  const unknown = ticks.filter((t) => !known.has(t.elementId)).map((t) => t.elementId)
  if (unknown.length)
    throw new AppError(
      bi(`องค์ประกอบ: ไม่พบ ${unknown.join(', ')} ในข้อนี้`, `elements: ${unknown.join(', ')} not in this item`),
      400,
    )
  const given = new Map(ticks.map((t) => [t.elementId, t]))
  return elements.map((e) => ({
    elementId: e.id,
    ticked: given.get(e.id)?.ticked ?? false,
    note: given.get(e.id)?.note ?? '',
  }))
}

async function transition(
  actor: Actor,
  loaded: Loaded,
  itemCode: string,
  from: ReviewStatus[],
  to: ReviewStatus,
  set: Record<string, unknown>,
  comment: ReturnType<typeof commentOf> | null,
  extraAudit: Record<string, { before: unknown; after: unknown }> = {},
): Promise<void> {
  const { catalog } = loaded
  const now = comment?.at ?? new Date()
  await indexesReady()
  const key = itemKeyOf(actor.organizationId, catalog.id, itemCode)
  const latestStatus = async () => (await ReviewModel.findOne(key).select({ status: 1 }).lean<ReviewDoc>())?.status
  // the version loaded with the item is the one this transition claims (had another transition taken it since, the
  // claim below fails); read here only when the item had no document when loaded
  const before = loaded.doc ?? (await ReviewModel.findOne(key).select({ status: 1, version: 1 }).lean<ReviewDoc>())
  if (!before || !from.includes(before.status as ReviewStatus)) throw conflict(before?.status)
  const version = before.version ?? 0
  try {
    // of two simultaneous clicks, only one inserts this version: the other stops here
    await TransitionModel.create({
      organizationId: oid(actor.organizationId),
      reviewId: before._id,
      version,
      from: before.status,
      to,
      byId: actor.userId ? oid(actor.userId) : null,
      byName: actor.userName,
      at: now,
    })
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw conflict(await latestStatus())
    throw error
  }
  // the claim decided the race, so this write is ours alone. FerretDB v1 answers concurrent
  // writes to one SQLite file unreliably (a findOneAndUpdate or updateOne that did apply can
  // report no match), so a write not reported is read back from the version, and retried when
  // it really did not happen.
  const update = {
    $set: { ...set, status: to, version: version + 1 },
    ...(comment ? { $push: { comments: comment } } : {}),
  }
  for (let attempt = 0; ; attempt++) {
    const written = await ReviewModel.updateOne(
      { _id: before._id, organizationId: oid(actor.organizationId), version },
      update,
    ).catch(() => null)
    if (written?.modifiedCount === 1) break
    const current = await ReviewModel.findOne({ _id: before._id }).select({ version: 1 }).lean<ReviewDoc>()
    if ((current?.version ?? 0) > version) break
    if (attempt === 3)
      throw new Error(
        `review ${before._id.toString()}: the transition to ${to} claimed version ${version} but could not be written`,
      )
  }
  await recordAudit(actor, {
    action: `review.${{ submitted: 'submit', returned: 'return', approved: 'approve', 'in-progress': 'reopen' }[to]}`,
    targetType: 'review',
    targetId: before._id.toString(),
    targetLabel: `${catalog.key} ${itemCode}`,
    changes: { status: { before: before.status, after: to }, ...extraAudit },
  })
}

/**
 * A coordinator sends the item for review: refused while any required element has fewer live
 * evidence items than its minimum (the message names them), or while the assignment is carried
 * from last year and not yet re-confirmed; while a period grid has gaps, only once confirmed (the
 * confirmation is audited with the gaps; asked only of a person on the item page).
 */
export async function submitItem(
  actor: Actor,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof SubmitInputSchema> = {},
  /** The item's outline just read by the caller (its reads are reused). */
  outline?: ItemOutline,
): Promise<void> {
  const data = parseInput(SubmitInputSchema, input)
  const loaded = await requireLoaded(actor.organizationId, catalogId, itemCode, outline)
  const { catalog, elements, assignment } = loaded
  if (!assignment)
    throw new AppError(
      bi('ส่งตรวจไม่ได้: ข้อนี้ยังไม่ได้มอบหมายให้หน่วยใด', 'cannot submit: this item is not assigned to any unit'),
      409,
    )
  if (assignment.status === 'carried')
    throw new AppError(
      bi(
        'ส่งตรวจไม่ได้: ข้อนี้ยกมาจากปีก่อน รอผู้ดูแลระบบยืนยันการมอบหมาย',
        'cannot submit: this item was carried from last year and its assignment needs re-confirmation by an ' +
          'administrator',
      ),
      409,
    )
  // only the answer counts: the evidence the lead unit chose, or all of it while nothing is chosen
  const { byElement } = await evidenceByElement(
    actor.organizationId,
    catalog.id,
    itemCode,
    elements,
    assignment.unitIds,
  )
  const count = (elementId: string) => (byElement.get(elementId) ?? []).filter((x) => x.inAnswer).length
  // optional elements (e.g. per-risk-area reports) never block a submission
  const short = elements.filter((e) => !e.optional && count(e.id) < e.minCount)
  if (short.length) {
    const th = short.map((e) => `${e.id} "${e.text.th}" (มี ${count(e.id)} จาก ${e.minCount})`).join(', ')
    const en = short.map((e) => `${e.id} "${e.text.en ?? e.text.th}" (${count(e.id)} of ${e.minCount})`).join(', ')
    throw new AppError(
      bi(`ส่งตรวจไม่ได้: หลักฐานยังไม่ครบในองค์ประกอบ ${th}`, `cannot submit: not enough evidence for element ${en}`),
      400,
      Object.fromEntries(
        short.map((e) => [
          `element.${e.id}`,
          bi(`หลักฐานยังไม่ครบ (ต้องมีอย่างน้อย ${e.minCount})`, `not enough evidence (at least ${e.minCount})`),
        ]),
      ),
    )
  }
  // the periods each grid of the item misses (an element whose rule asks for months or quarters)
  const gaps = Object.fromEntries(
    elements.flatMap((e) => {
      if (data.confirmGaps === undefined || !isGridRule(e.period)) return []
      const missing = coverageGrid(e.period, catalog.fiscalYear, byElement.get(e.id) ?? []).gaps
      return missing.length ? [[e.id, missing]] : []
    }),
  )
  const gapped = Object.keys(gaps).length > 0
  if (gapped && !data.confirmGaps) throw new AppError(GAPS_UNCONFIRMED, 409, { submit: GAPS_UNCONFIRMED })
  if (!loaded.doc) await ensureDoc(actor.organizationId, catalog.id, itemCode)
  const now = new Date()
  await transition(
    actor,
    loaded,
    itemCode,
    ['in-progress', 'returned'],
    'submitted',
    {
      submittedAt: now,
      submittedByName: actor.userName,
      approvedBy: null,
      approvedByName: '',
      approvedAt: null,
      approvalReason: '',
    },
    commentOf(actor, 'coordinator', 'submit', data.comment, now),
  )
  if (gapped)
    await recordAudit(actor, {
      action: 'review.gaps-confirmed',
      targetType: 'review',
      targetId: `${catalog.id}:${itemCode}`,
      targetLabel: `${itemCode} ${listItems(catalog.content).find((i) => i.code === itemCode)!.titleTh}`,
      changes: { gaps: { before: null, after: gaps } },
    })
}

/** An assessor sends a submitted item back with a comment (required), keeping the ticks given. */
export async function returnItem(
  actor: Actor,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof ReturnInputSchema>,
  /** The item's outline just read by the caller (its reads are reused). */
  outline?: ItemOutline,
): Promise<void> {
  const data = parseInput(ReturnInputSchema, input)
  const loaded = await requireLoaded(actor.organizationId, catalogId, itemCode, outline)
  if (!loaded.doc) throw conflict(null)
  const ticks = checkTicks(loaded.elements, data.ticks)
  const now = new Date()
  await transition(
    actor,
    loaded,
    itemCode,
    ['submitted'],
    'returned',
    { ticks },
    commentOf(actor, 'assessor', 'return', data.comment, now),
    {
      comment: { before: null, after: data.comment },
    },
  )
}

/**
 * An assessor approves a submitted item. Every element must be ticked, unless a reason is
 * recorded (it names the unticked elements otherwise). The approval records who and when.
 */
export async function approveItem(
  actor: Actor,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof ApproveInputSchema>,
  /** The item's outline just read by the caller (its reads are reused). */
  outline?: ItemOutline,
): Promise<void> {
  const data = parseInput(ApproveInputSchema, input)
  const loaded = await requireLoaded(actor.organizationId, catalogId, itemCode, outline)
  if (!loaded.doc) throw conflict(null)
  const ticks = checkTicks(loaded.elements, data.ticks)
  const unticked = loaded.elements.filter((e) => !ticks.find((t) => t.elementId === e.id)?.ticked)
  if (unticked.length && !data.reason) {
    const list = unticked.map((e) => e.id).join(', ')
    throw new AppError(
      bi(
        `อนุมัติไม่ได้: องค์ประกอบ ${list} ยังไม่ได้ทำเครื่องหมาย ให้ระบุเหตุผลที่อนุมัติ`,
        `cannot approve: element ${list} is not ticked; give a reason to approve anyway`,
      ),
      400,
      {
        reason: bi(
          `จำเป็นต้องระบุเหตุผล เพราะองค์ประกอบ ${list} ยังไม่ได้ทำเครื่องหมาย`,
          `required: element ${list} is not ticked`,
        ),
      },
    )
  }
  const now = new Date()
  const text = [unticked.length ? data.reason : '', data.comment].filter(Boolean).join('\n')
  const approvedAnswer = await answerAsItStands(actor.organizationId, loaded.catalog.id, itemCode)
  await transition(
    actor,
    loaded,
    itemCode,
    ['submitted'],
    'approved',
    {
      ticks,
      approvedBy: actor.userId ? oid(actor.userId) : null,
      approvedByName: actor.userName,
      approvedAt: now,
      approvalReason: unticked.length ? data.reason : '',
      approvedAnswer,
    },
    commentOf(actor, 'assessor', 'approve', text, now),
    {
      approvedBy: { before: null, after: actor.userName },
      ...(unticked.length
        ? { unticked: { before: null, after: unticked.map((e) => e.id) }, reason: { before: null, after: data.reason } }
        : {}),
    },
  )
}

/** The item's answer evidence now, with each file's version or link's snapshot count: recorded at approval. */
async function answerAsItStands(organizationId: string, catalogId: string, itemCode: string) {
  const review = await getItemReview(organizationId, catalogId, itemCode)
  const out: { elementId: string; evidenceId: mongoose.Types.ObjectId; version: number }[] = []
  for (const element of review?.elements ?? []) {
    for (const x of element.evidence.filter((e) => e.inAnswer)) {
      const e = await getEvidence(organizationId, x.id)
      if (!e) continue
      out.push({
        elementId: element.id,
        evidenceId: oid(e.id),
        version: e.type === 'file' ? (e.current?.number ?? 0) : e.type === 'link' ? e.snapshots.length : 0,
      })
    }
  }
  return out
}

/** A comment in the item's thread, by either side; the status does not change. */
export async function commentOnItem(
  actor: Actor,
  catalogId: string,
  itemCode: string,
  role: ReviewRole,
  input: z.input<typeof CommentInputSchema>,
  /** The item's outline just read by the caller (its reads are reused). */
  outline?: ItemOutline,
): Promise<void> {
  const data = parseInput(CommentInputSchema, input)
  const loaded = await requireLoaded(actor.organizationId, catalogId, itemCode, outline)
  await ensureDoc(actor.organizationId, loaded.catalog.id, itemCode)
  const key = itemKeyOf(actor.organizationId, loaded.catalog.id, itemCode)
  await ReviewModel.updateOne(key, { $push: { comments: commentOf(actor, role, 'comment', data.text, new Date()) } })
  const doc = await ReviewModel.findOne(key).select({ _id: 1 }).lean<ReviewDoc>()
  await recordAudit(actor, {
    action: 'review.comment',
    targetType: 'review',
    targetId: doc?._id.toString() ?? null,
    targetLabel: `${loaded.catalog.key} ${itemCode}`,
    changes: { comment: { before: null, after: data.text } },
  })
}

// ---- several units, one answer ------------------------------------------------------------

/** The answer may change only while the item is with the coordinators (not submitted, not approved). */
async function requireAnswerOpen(organizationId: string, catalogId: string, itemCode: string): Promise<ItemReview> {
  const item = await getItemReview(organizationId, catalogId, itemCode)
  if (!item) throw notFound()
  if (item.catalogArchived)
    throw new AppError(
      bi('แค็ตตาล็อกนี้ถูกเก็บถาวรแล้ว เปลี่ยนสถานะไม่ได้', 'this catalog is archived: its items cannot change'),
      409,
    )
  if (item.status === 'submitted' || item.status === 'approved')
    throw new AppError(
      bi(
        `เปลี่ยนคำตอบไม่ได้: รายการนี้อยู่ในสถานะ "${STATUS_TEXT[item.status].th}"`,
        `the answer cannot change: this item is ${STATUS_TEXT[item.status].en}`,
      ),
      409,
    )
  return item
}

/** The lead unit's coordinator puts a linked evidence in the item's answer, or leaves it out (audited). */
export async function chooseAnswer(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  evidenceId: string,
  selected: boolean,
): Promise<void> {
  const item = await requireAnswerOpen(actor.organizationId, catalogId, itemCode)
  const linked = [...new Set(item.elements.flatMap((e) => e.evidence.map((x) => x.id)))]
  await chooseContribution(actor, membership, item.catalogId, itemCode, evidenceId, selected, linked)
}

/** Drops the selection: every linked evidence counts again (audited). */
export async function resetAnswer(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
): Promise<void> {
  const item = await requireAnswerOpen(actor.organizationId, catalogId, itemCode)
  await clearAnswerSelection(actor, membership, item.catalogId, itemCode)
}
