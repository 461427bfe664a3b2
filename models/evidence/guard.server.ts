/**
 * Who may change an evidence, and when it may not change at all. One evidence may be linked to
 * items of several units, so changing it changes each of those items:
 *
 * - a coordinator changes (unlinks, replaces, edits, deletes) an evidence only when every item it
 *   is linked to is assigned to one of their units (an item assigned to nobody restricts no one);
 * - evidence in the answer of a submitted or approved item is frozen: no new version, no edit,
 *   no deletion, and no unlinking from that item, until an assessor returns the item (an approved
 *   answer never changes). Evidence left out of the answer by the lead unit is not frozen.
 *
 * - nothing is added to the answer of a submitted or approved item: no new link, no contribution,
 *   and no restore from the bin of evidence that would count in that answer again.
 *
 * records.server.ts runs these checks in every change function (the freeze always; the unit
 * check when the caller passes the person's membership). The guard reads reviews and answers from their stores
 * (models/work/review-store, answer-store), not from the modules that link evidence, so nothing here imports back.
 */
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog } from '#models/catalog/catalog.server'
import { listItems } from '#models/catalog/items'
import { answerEvidenceIds } from '#models/work/answer-store.server'
import { AppError, bi, type Bilingual } from '#models/errors'
import { toObjectId } from '#models/ids'
import { can, type MembershipGrant } from '#models/tenancy/permissions'
import { getReviewIn } from '#models/work/review-store.server'

/** The changes the guard checks: each may be refused for the items the evidence is linked to. */
export type EvidenceChange = 'unlink' | 'version' | 'metadata' | 'text' | 'delete'

/** What the checks read of an evidence: its id and the items it is linked to. */
type LinkedEvidence = { id: string; links: { catalogId: string; itemCode: string }[] }

/** One item an evidence is linked to, as the checks (and the evidence page) need it. */
export interface LinkedItem {
  catalogId: string
  itemCode: string
  titleTh: string
  titleEn: string
  catalogNameTh: string
  catalogNameEn: string
  /** The units the item is assigned to; null when it is assigned to none. */
  unitIds: string[] | null
  /** Set when the evidence is in the answer of this item and the item is submitted or approved. */
  frozen: 'submitted' | 'approved' | null
}

/** The distinct items the evidence is linked to, with their assignment and whether the evidence is frozen there. */
export async function linkedItems(organizationId: string, evidence: LinkedEvidence): Promise<LinkedItem[]> {
  const keys = [
    ...new Map(
      evidence.links.map((l) => [`${l.catalogId}|${l.itemCode}`, { catalogId: l.catalogId, itemCode: l.itemCode }]),
    ).values(),
  ]
  if (keys.length === 0) return []
  const catalogs = new Map<string, Awaited<ReturnType<typeof catalogInfo>>>()
  for (const id of new Set(keys.map((k) => k.catalogId))) catalogs.set(id, await catalogInfo(organizationId, id))
  // stored states only: submitted and approved are never derived. Each item's review by key (an evidence is linked
  // to a few items; the organization may have thousands of reviews)
  const closed = await Promise.all(
    keys.map((k) =>
      toObjectId(k.catalogId) ? getReviewIn(organizationId, k.catalogId, k.itemCode, ['submitted', 'approved']) : null,
    ),
  )
  const status = new Map(
    closed.filter((r) => r !== null).map((r) => [`${r.catalogId}|${r.itemCode}`, r.status as 'submitted' | 'approved']),
  )
  const out: LinkedItem[] = []
  for (const k of keys) {
    const c = catalogs.get(k.catalogId)
    const item = c?.items.get(k.itemCode)
    const state = status.get(`${k.catalogId}|${k.itemCode}`) ?? null
    let frozen: LinkedItem['frozen'] = null
    if (state) {
      // no selection by the lead unit: every linked evidence is the answer
      const answer = await answerEvidenceIds(organizationId, k.catalogId, k.itemCode)
      if (answer === null || answer.includes(evidence.id)) frozen = state
    }
    out.push({
      ...k,
      titleTh: item?.titleTh ?? '',
      titleEn: item?.titleEn || item?.titleTh || '',
      catalogNameTh: c?.nameTh ?? k.catalogId,
      catalogNameEn: c?.nameEn || c?.nameTh || k.catalogId,
      unitIds: c?.assigned.get(k.itemCode) ?? null,
      frozen,
    })
  }
  return out
}

async function catalogInfo(organizationId: string, catalogId: string) {
  const stored = await getCatalog(organizationId, catalogId)
  if (!stored) return null
  return {
    nameTh: stored.nameTh,
    nameEn: stored.nameEn,
    items: new Map(listItems(stored.content).map((i) => [i.code, i])),
    assigned: new Map((await listAssignments(organizationId, stored.id)).map((a) => [a.itemCode, a.unitIds])),
  }
}

const VERB: Record<EvidenceChange, Bilingual> = {
  unlink: { th: 'ยกเลิกการเชื่อมโยงหลักฐานนี้', en: 'unlink this evidence' },
  version: { th: 'แทนที่ไฟล์ของหลักฐานนี้', en: 'replace the file of this evidence' },
  metadata: { th: 'แก้ไขรายละเอียดของหลักฐานนี้', en: 'edit the details of this evidence' },
  text: { th: 'แก้ไขคำอธิบายของหลักฐานนี้', en: 'edit the explanation of this evidence' },
  delete: { th: 'ลบหลักฐานนี้', en: 'delete this evidence' },
}

const named = (
  i: Pick<LinkedItem, 'itemCode' | 'titleTh' | 'titleEn' | 'catalogNameTh' | 'catalogNameEn'>,
  lang: 'th' | 'en',
) =>
  lang === 'th'
    ? `ข้อ ${i.itemCode}${i.titleTh ? ` "${i.titleTh}"` : ''} (${i.catalogNameTh})`
    : `${i.itemCode}${i.titleEn ? ` "${i.titleEn}"` : ''} (${i.catalogNameEn})`

/** The refusal for a coordinator whose units are not assigned the item (403). */
export function foreignItemError(item: LinkedItem, change: EvidenceChange): AppError {
  const v = VERB[change]
  return new AppError(
    bi(
      `ไม่มีสิทธิ์${v.th}: หลักฐานเชื่อมโยงกับ${named(item, 'th')} ซึ่งไม่ได้มอบหมายให้หน่วยของท่าน`,
      `you may not ${v.en}: it is linked to ${named(item, 'en')}, which is not assigned to your units`,
    ),
    403,
  )
}

/** The refusal for evidence frozen in a submitted or approved item's answer (409). */
export function frozenItemError(item: LinkedItem, change: EvidenceChange): AppError {
  const v = VERB[change]
  const th =
    item.frozen === 'approved'
      ? `${v.th}ไม่ได้: เป็นคำตอบของ${named(item, 'th')} ซึ่งอนุมัติแล้ว คำตอบที่อนุมัติแล้วเปลี่ยนไม่ได้`
      : `${v.th}ไม่ได้: เป็นคำตอบของ${named(item, 'th')} ซึ่งส่งตรวจแล้ว ทำได้อีกครั้งเมื่อผู้ตรวจประเมินส่งกลับให้แก้ไข`
  const en =
    item.frozen === 'approved'
      ? `cannot ${v.en}: it is in the answer of ${named(item, 'en')}, which is approved; an approved answer ` +
        `does not change`
      : `cannot ${v.en}: it is in the answer of ${named(item, 'en')}, which is submitted; possible again once ` +
        `the assessor returns the item`
  return new AppError(bi(th, en), 409)
}

/** What adds evidence to an item's answer. */
export type EvidenceAddition = 'link' | 'contribute' | 'restore'

const ADD: Record<EvidenceAddition, Bilingual> = {
  link: { th: 'เชื่อมโยงหลักฐานกับ', en: 'link evidence to' },
  contribute: { th: 'ส่งหลักฐานเข้า', en: 'contribute evidence to' },
  restore: {
    th: 'กู้คืนหลักฐานนี้ซึ่งจะกลับเป็นคำตอบของ',
    en: 'restore this evidence, which would count again in the answer of',
  },
}

/** The refusal to add evidence to a submitted or approved item (409), naming the item. */
export function closedItemError(
  item: Pick<LinkedItem, 'itemCode' | 'titleTh' | 'titleEn' | 'catalogNameTh' | 'catalogNameEn'>,
  state: 'submitted' | 'approved',
  addition: EvidenceAddition,
): AppError {
  const a = ADD[addition]
  return new AppError(
    state === 'approved'
      ? bi(
          `${a.th}${named(item, 'th')}ไม่ได้: ข้อนี้อนุมัติแล้ว คำตอบที่อนุมัติแล้วเปลี่ยนไม่ได้`,
          `cannot ${a.en} ${named(item, 'en')}: the item is approved; an approved answer does not change`,
        )
      : bi(
          `${a.th}${named(item, 'th')}ไม่ได้: ข้อนี้ส่งตรวจแล้ว ทำได้อีกครั้งเมื่อผู้ตรวจประเมินส่งกลับให้แก้ไข`,
          `cannot ${a.en} ${named(item, 'en')}: the item is submitted; possible again once the assessor ` +
            `returns the item`,
        ),
    409,
  )
}

/**
 * Refuses adding evidence (a link or a contribution) to an item that is submitted or approved:
 * without a selection by the lead unit every linked evidence is the answer, so a late link would
 * change what the assessor is judging (or judged).
 */
export async function requireItemOpenForEvidence(
  organizationId: string,
  target: { catalogId: string; itemCode: string },
  addition: EvidenceAddition,
): Promise<void> {
  if (!toObjectId(target.catalogId)) return
  // this item's review, by key: not every submitted or approved review of the organization
  const closed = await getReviewIn(organizationId, target.catalogId, target.itemCode, ['submitted', 'approved'])
  if (!closed) return
  const item = {
    itemCode: closed.itemCode,
    titleTh: closed.titleTh,
    titleEn: closed.titleEn || closed.titleTh,
    catalogNameTh: closed.catalogNameTh,
    catalogNameEn: closed.catalogNameEn || closed.catalogNameTh,
  }
  throw closedItemError(item, closed.status as 'submitted' | 'approved', addition)
}

/** Refuses taking evidence out of the bin when it would count again in a submitted or approved item's answer. */
export async function requireRestorable(organizationId: string, evidence: LinkedEvidence): Promise<void> {
  const frozen = (await linkedItems(organizationId, evidence)).find((i) => i.frozen)
  if (frozen) throw closedItemError(frozen, frozen.frozen!, 'restore')
}

/**
 * May this membership change evidence linked to this item? Only a coordinator's units narrow it; other roles are
 * checked by their routes.
 */
export function mayChangeFor(
  organizationId: string,
  membership: MembershipGrant | null | undefined,
  item: Pick<LinkedItem, 'unitIds'>,
): boolean {
  if (!membership || !can(membership, 'evidence.upload')) return true
  return item.unitIds === null || can(membership, 'evidence.upload', { organizationId, unitIds: item.unitIds })
}

/**
 * Refuses a change to the evidence: 403 when the membership (if given) lacks the right on one of
 * the linked items, 409 when the evidence is frozen in a submitted or approved item's answer
 * (for an unlink, only the item it is unlinked from counts). Both name the item.
 */
export async function requireEvidenceChange(
  organizationId: string,
  evidence: LinkedEvidence,
  change: EvidenceChange,
  options: { membership?: MembershipGrant | null; target?: { catalogId: string; itemCode: string } } = {},
): Promise<void> {
  const items = await linkedItems(organizationId, evidence)
  const foreign = items.find((i) => !mayChangeFor(organizationId, options.membership, i))
  if (foreign) throw foreignItemError(foreign, change)
  const t = options.target
  const frozen = items.find(
    (i) => i.frozen && (change !== 'unlink' || !t || (i.catalogId === t.catalogId && i.itemCode === t.itemCode)),
  )
  if (frozen) throw frozenItemError(frozen, change)
}
