/**
 * The item page's server side: what the loader reads (the item, what the person may do, each element's coverage
 * grid) and the inline evidence actions of a coordinator (link from the library, add a link or a text, unlink,
 * reorder). Every inline action first checks that the element is of an item assigned to one of the person's units
 * and open for evidence; a refusal names the control it belongs to and changes nothing.
 */
import { getConfig } from '#app/config.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import type { Member } from '#app/utils/session.server'
import { recordAudit, type Actor } from '#models/tenancy/audit.server'
import { AppError, bi, notFound } from '#models/errors'
import { coverageGrid, isGridRule, type CoverageGrid } from '#models/evidence/coverage'
import { setElementOrder } from '#models/evidence/item-links.server'
import {
  createLinkEvidence,
  createTextEvidence,
  linkEvidence,
  recentEvidence,
  unlinkEvidence,
  type ResolvedTarget,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { can } from '#models/tenancy/permissions'
import { getItemReview, type ItemOutline, type ItemReview } from '#models/work/review.server'

/** The signed-in person as the item page needs them. */
export type ItemMember = Pick<Member, 'organization' | 'membership'>

/** What the person may do on the item, decided once for the loader and the actions. */
export function itemRights(member: ItemMember, item: ItemReview) {
  const organizationId = member.organization.id
  const open = !item.catalogArchived
  const { canWork, canAdd } = evidenceRights(member, item)
  const canDecide = open && can(member.membership, 'review.decide')
  // several units, one answer: the lead unit's coordinators choose, every assigned coordinator contributes
  const canLead =
    canWork &&
    Boolean(item.lead) &&
    can(member.membership, 'evidence.upload', { organizationId, unitIds: [item.lead!.unitId] })
  const canSetLead = open && item.units.length > 1 && can(member.membership, 'assignment.manage')
  return { canWork, canDecide, canLead, canSetLead, canAdd }
}

/** Whether the member works on the item's evidence, and may add evidence now (an outline is enough for this). */
export function evidenceRights(
  member: ItemMember,
  item: Pick<ItemOutline, 'catalogArchived' | 'assignment' | 'status'>,
) {
  const canWork =
    !item.catalogArchived &&
    Boolean(item.assignment) &&
    can(member.membership, 'evidence.upload', {
      organizationId: member.organization.id,
      unitIds: item.assignment?.unitIds ?? [],
    })
  // evidence is added inline only while the answer is open (not submitted or approved)
  const canAdd = canWork && !['submitted', 'approved'].includes(item.status)
  return { canWork, canAdd }
}

/** The grid of each element whose period rule asks for months or quarters. */
export function gridsOf(item: ItemReview): Record<string, CoverageGrid> {
  const out: Record<string, CoverageGrid> = {}
  for (const e of item.elements)
    if (isGridRule(e.periodRule)) out[e.id] = coverageGrid(e.periodRule, item.fiscalYear, e.evidence)
  return out
}

/**
 * An element shows its first evidence only, and a link to show all (`showAll`: its id): an element can gather
 * hundreds over the years, which made the page megabytes long. Elements with a coverage grid show all (the grid
 * names each evidence).
 */
export const EVIDENCE_SHOWN = 25

/** The loader's data: null when there is no such item in the organization. */
export async function loadItemPage(
  member: ItemMember,
  catalogId: string,
  itemCode: string,
  showAll: string | null = null,
) {
  const organizationId = member.organization.id
  const whole = await getItemReview(organizationId, catalogId, itemCode)
  if (!whole) return null
  const grids = gridsOf(whole)
  const item = {
    ...whole,
    elements: whole.elements.map((e) =>
      grids[e.id] || e.id === showAll ? e : { ...e, evidence: e.evidence.slice(0, EVIDENCE_SHOWN) },
    ),
  }
  const rights = itemRights(member, item)
  const myUnits = rights.canWork ? item.units.filter((u) => member.membership.unitIds.includes(u.id)) : []
  // the contribution form of several units reads the library; the inline picker asks the picker route instead
  const library =
    myUnits.length && (item.units.length > 1 || item.selectionMade)
      ? (await recentEvidence(organizationId, 200))
          .filter((e) => e.fiscalYear === null || e.fiscalYear === item.fiscalYear)
          .map((e) => ({ id: e.id, title: e.title }))
      : []
  return {
    item,
    ...rights,
    myUnits,
    library,
    grids,
    maxUploadBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
    role: member.membership.role,
  }
}

/** The intents of the inline evidence actions, and the control each refusal is shown beside. */
export const INLINE_INTENTS = ['link-existing', 'add-link', 'add-text', 'unlink', 'move'] as const
export type InlineIntent = (typeof INLINE_INTENTS)[number]
export const isInlineIntent = (intent: string): intent is InlineIntent =>
  (INLINE_INTENTS as readonly string[]).includes(intent)

const notOffered = () =>
  new AppError(
    bi(
      'องค์ประกอบนี้ไม่ได้อยู่ในข้อที่มอบหมายให้หน่วยของท่าน จึงเพิ่มหรือแก้หลักฐานไม่ได้',
      'this element is not of an item assigned to your units: you may not add or change its evidence',
    ),
    403,
  )
const frozen = (item: Pick<ItemOutline, 'itemCode'>) =>
  new AppError(
    bi(
      `ข้อ ${item.itemCode} ส่งตรวจหรืออนุมัติแล้ว: เพิ่มหรือแก้หลักฐานไม่ได้จนกว่าผู้ตรวจจะส่งกลับ`,
      `item ${item.itemCode} is submitted or approved: its evidence cannot change until an assessor returns it`,
    ),
    409,
  )
const required = (th: string, en: string, field: string) =>
  new AppError(bi(`${th}: จำเป็นต้องระบุ`, `${en}: required`), 400, {
    [field]: bi(`${th}: จำเป็นต้องระบุ`, `${en}: required`),
  })

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
/** Plain text typed in the element as paragraphs of a text evidence. */
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}|\r\n\r\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('')

/**
 * One inline action on an element of the item, as `actor`. Throws an AppError (403 when the element is not the
 * person's to change, 409 while the item is frozen, 400 naming the field) before anything is written. The outline
 * is enough to decide; the item's evidence is read only to unlink or reorder.
 */
export async function runInlineAction(
  member: ItemMember,
  actor: Actor,
  item: ItemOutline,
  intent: InlineIntent,
  form: FormData,
): Promise<{ linked?: number; unlinked?: boolean; moved?: boolean }> {
  const value = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string).trim() : '')
  const elementId = value('elementId')
  if (!elementId) throw required('องค์ประกอบ', 'element', 'elementId')
  if (!item.elementIds.includes(elementId))
    throw new AppError(bi('องค์ประกอบ: ไม่พบในข้อนี้', 'element: not in this item'), 400, {
      elementId: bi('ไม่พบองค์ประกอบนี้', 'no such element'),
    })
  const rights = evidenceRights(member, item)
  if (!rights.canWork) throw notOffered()
  if (!rights.canAdd && intent !== 'move') throw frozen(item)
  const target = { catalogId: item.catalogId, itemCode: item.itemCode, elementId }
  const organizationId = member.organization.id
  const checks = {
    resolveTarget: resolveOrganizationTarget,
    mayLink: (r: ResolvedTarget) =>
      can(member.membership, 'evidence.upload', { organizationId, unitIds: r.unitIds ?? [] }),
  }
  const link = (evidenceId: string) => linkEvidence(actor, evidenceId, target, checks)
  switch (intent) {
    case 'link-existing': {
      const ids = [
        ...new Set(
          form
            .getAll('evidenceId')
            .flatMap((v) => String(v).split(','))
            .map((v) => v.trim()),
        ),
      ]
        .filter(Boolean)
        .slice(0, 100)
      if (!ids.length) throw required('หลักฐานในคลัง', 'library evidence', 'evidenceId')
      for (const id of ids) await link(id)
      return { linked: ids.length }
    }
    case 'add-link': {
      const url = value('url')
      if (!url) throw required('ที่อยู่ลิงก์', 'link address', 'url')
      // recorded with its link (a refused link records nothing)
      await createLinkEvidence(
        actor,
        { url, title: value('title') },
        { allowPrivate: getConfig().evidence.allowPrivateLinks, link: { target, ...checks } },
      )
      return { linked: 1 }
    }
    case 'add-text': {
      const title = value('title')
      const text = value('text')
      if (!title) throw required('ชื่อเรื่อง', 'title', 'title')
      if (!text) throw required('ข้อความ', 'text', 'text')
      await createTextEvidence(actor, { title, html: paragraphs(text) }, { target, ...checks })
      return { linked: 1 }
    }
    case 'unlink': {
      const evidenceId = value('evidenceId')
      const element = await elementOf(organizationId, item, elementId)
      if (!element.evidence.some((x) => x.id === evidenceId))
        throw new AppError(bi('หลักฐาน: ไม่ได้เชื่อมโยงกับองค์ประกอบนี้', 'evidence: not linked to this element'), 400, {
          evidenceId: bi('ไม่ได้เชื่อมโยงกับองค์ประกอบนี้', 'not linked to this element'),
        })
      await unlinkEvidence(actor, evidenceId, target, { membership: member.membership })
      return { unlinked: true }
    }
    case 'move': {
      const evidenceId = value('evidenceId')
      const element = await elementOf(organizationId, item, elementId)
      const ids = element.evidence.map((x) => x.id)
      const from = ids.indexOf(evidenceId)
      const direction = value('direction')
      if (from < 0 || !['up', 'down'].includes(direction))
        throw new AppError(bi('ลำดับ: ไม่พบหลักฐานหรือทิศทาง', 'order: no such evidence or direction'), 400, {
          evidenceId: bi('ไม่พบหลักฐานนี้ในองค์ประกอบ', 'not linked to this element'),
        })
      const to = Math.max(0, Math.min(ids.length - 1, from + (direction === 'up' ? -1 : 1)))
      ids.splice(to, 0, ...ids.splice(from, 1))
      await setElementOrder(organizationId, target, ids)
      await recordAudit(actor, {
        action: 'item.evidence-order',
        targetType: 'review',
        targetId: `${item.catalogId}:${item.itemCode}`,
        targetLabel: `${item.itemCode} ${elementId}`,
        changes: { order: { before: element.evidence.map((x) => x.id), after: ids } },
      })
      return { moved: true }
    }
  }
}

/** One element of the item with its linked evidence, read now. */
async function elementOf(organizationId: string, item: ItemOutline, elementId: string) {
  const full = await getItemReview(organizationId, item.catalogId, item.itemCode)
  const element = full?.elements.find((e) => e.id === elementId)
  if (!element) throw notFound()
  return element
}
