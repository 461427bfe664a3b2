/**
 * Several units, one answer. Where an item is assigned to several units, each
 * unit's coordinators contribute evidence to its elements; the coordinators of the lead unit
 * choose which contributions form the agency's answer. The others stay listed, greyed, with
 * who contributed them and who left them out.
 *
 * - The lead unit is the one an administrator named for the item, else the first unit of the
 *   assignment (`item_leads`).
 * - Evidence does not record the unit it was contributed for (only its uploader's name and an
 *   optional issuing unit), so contributing from the item page records the unit here
 *   (`contributions`, one document per item × evidence). Evidence linked elsewhere is attributed
 *   to its issuing unit when that unit is assigned, or to the only assigned unit.
 * - Each choice is one document per item × evidence (`answer_choices`), so two coordinators
 *   choosing different evidence never write the same document. No choice at all means no
 *   selection was made: every linked evidence counts, as before this feature.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog } from '#models/catalog/catalog.server'
import { upsertByKey } from '#models/db.server'
import { AppError, bi, forbidden, fromZod, notFound } from '#models/errors'
import { getEvidence, linkEvidence } from '#models/evidence/records.server'
import { requireItemOpenForEvidence } from '#models/evidence/guard.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { itemKeyOf, oid, toObjectId } from '#models/ids'
import { can, type MembershipGrant } from '#models/tenancy/permissions'
import { isoOrNull as iso } from '#models/dates'
import {
  answerEvidenceIds,
  ChoiceModel,
  ContributionModel,
  LeadModel,
  leadUnitOf,
  answerOf,
  type ChoiceDoc,
  type ContributionDoc,
  type LeadUnit,
} from '#models/work/answer-store.server'

export { answerEvidenceIds, leadUnitOf, type LeadUnit }

/** What the item page shows about one linked evidence: its unit, who contributed it, and the answer choice. */
export interface ContributionInfo {
  unitId: string | null
  /** 'recorded': contributed from the item page; 'issuing-unit' / 'only-unit': inferred. */
  source: 'recorded' | 'issuing-unit' | 'only-unit' | 'unknown'
  byName: string
  at: string | null
  choice: { selected: boolean; byName: string; at: string } | null
}

/** The linked evidence as the review knows it (its link to this item gives the fallback author). */
export interface LinkedEvidence {
  id: string
  issuingUnitId: string | null
  linkedByName: string
  linkedAt: string | null
}

/** The item's recorded contributions and answer choices, as `describeContributions` takes them. */
export interface ItemContributions {
  recorded: ContributionDoc[]
  choices: ChoiceDoc[]
}

/** Reads the item's contributions and choices (at once with the item's evidence, which they do not depend on). */
export async function readContributions(
  organizationId: string,
  catalogId: string,
  itemCode: string,
): Promise<ItemContributions> {
  const key = itemKeyOf(organizationId, catalogId, itemCode)
  const [recorded, choices] = await Promise.all([
    ContributionModel.find(key).lean<ContributionDoc[]>(),
    ChoiceModel.find(key).lean<ChoiceDoc[]>(),
  ])
  return { recorded, choices }
}

/**
 * Attribution and choice of every linked evidence of the item, by evidence id, and the answer the choices make (as
 * `answerEvidenceIds`, from the same read).
 */
export function describeContributions(
  { recorded, choices }: ItemContributions,
  assignedUnitIds: string[],
  linked: LinkedEvidence[],
): { contributions: Map<string, ContributionInfo>; answer: string[] | null } {
  const byEvidence = new Map(recorded.map((c) => [c.evidenceId.toString(), c]))
  const choiceOf = new Map(choices.map((c) => [c.evidenceId.toString(), c]))
  const out = new Map<string, ContributionInfo>()
  for (const e of linked) {
    const c = byEvidence.get(e.id)
    const choice = choiceOf.get(e.id)
    const base = c
      ? { unitId: c.unitId.toString(), source: 'recorded' as const, byName: c.byName ?? '', at: iso(c.at) }
      : e.issuingUnitId && assignedUnitIds.includes(e.issuingUnitId)
        ? { unitId: e.issuingUnitId, source: 'issuing-unit' as const, byName: e.linkedByName, at: e.linkedAt }
        : assignedUnitIds.length === 1
          ? { unitId: assignedUnitIds[0], source: 'only-unit' as const, byName: e.linkedByName, at: e.linkedAt }
          : { unitId: null, source: 'unknown' as const, byName: e.linkedByName, at: e.linkedAt }
    out.set(e.id, {
      ...base,
      choice: choice ? { selected: choice.selected, byName: choice.byName ?? '', at: iso(choice.at)! } : null,
    })
  }
  return { contributions: out, answer: answerOf(choices) }
}

// ---- changes ------------------------------------------------------------------------------

async function requireAssigned(organizationId: string, catalogId: string, itemCode: string) {
  const catalog = toObjectId(catalogId) ? await getCatalog(organizationId, catalogId) : null
  if (!catalog) throw notFound()
  const assignment = (await listAssignments(organizationId, catalog.id)).find((a) => a.itemCode === itemCode)
  if (!assignment) throw new AppError(bi('ข้อนี้ยังไม่ได้มอบหมายให้หน่วยใด', 'this item is not assigned to any unit'), 409)
  if (catalog.status === 'archived')
    throw new AppError(
      bi('แค็ตตาล็อกนี้ถูกเก็บถาวรแล้ว เปลี่ยนแปลงไม่ได้', 'this catalog is archived: its items cannot change'),
      409,
    )
  return { catalog, assignment }
}

const label = (catalogKey: string, itemCode: string) => `${catalogKey} ${itemCode}`

export const ContributeInputSchema = z.object({
  evidenceId: z.string().trim().min(1, bi('หลักฐาน: เลือกหลักฐานจากคลัง', 'evidence: choose evidence from the library')),
  elementId: z.string().trim().min(1, bi('องค์ประกอบ: จำเป็นต้องเลือก', 'element: required')),
  unitId: z.string().trim().min(1, bi('ในนามหน่วย: จำเป็นต้องเลือก', 'on behalf of unit: required')),
})

/**
 * A coordinator contributes evidence of the library to an element of the item on behalf of one
 * of their units that the item is assigned to: the evidence is linked (as on the evidence page)
 * and the unit is recorded.
 */
export async function contributeEvidence(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof ContributeInputSchema>,
): Promise<void> {
  const parsed = ContributeInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const { catalog, assignment } = await requireAssigned(actor.organizationId, catalogId, itemCode)
  // refused even for evidence already linked: the contribution would change the unit's share of a closed answer
  await requireItemOpenForEvidence(actor.organizationId, { catalogId: catalog.id, itemCode }, 'contribute')
  if (!assignment.unitIds.includes(data.unitId))
    throw new AppError(
      bi('ในนามหน่วย: หน่วยนี้ไม่ได้รับมอบหมายข้อนี้', 'on behalf of unit: this unit is not assigned this item'),
      400,
      { unitId: bi('หน่วยนี้ไม่ได้รับมอบหมายข้อนี้', 'not assigned this item') },
    )
  if (!can(membership, 'evidence.upload', { organizationId: actor.organizationId, unitIds: [data.unitId] }))
    throw forbidden()
  const evidence = await getEvidence(actor.organizationId, data.evidenceId)
  if (!evidence)
    throw new AppError(bi('หลักฐาน: ไม่พบในคลังของหน่วยงาน', 'evidence: not in the organization’s library'), 400, {
      evidenceId: bi('ไม่พบในคลัง', 'not in the library'),
    })
  await linkEvidence(
    actor,
    evidence.id,
    { catalogId: catalog.id, itemCode, elementId: data.elementId },
    { resolveTarget: resolveOrganizationTarget },
  )
  await recordContribution(actor, catalog.id, catalog.key, itemCode, evidence, data.elementId, data.unitId)
}

/**
 * Evidence linked on the evidence page by a coordinator: recorded as their unit's contribution
 * when exactly one of their units is assigned the item (with several, the unit is ambiguous and
 * the item page asks). Nothing happens for other people, unassigned items or an earlier record.
 */
export async function attributeLink(
  actor: Actor,
  membership: MembershipGrant,
  target: { catalogId: string; itemCode: string; elementId: string },
  evidenceId: string,
): Promise<void> {
  if (membership.role !== 'coordinator') return
  const catalog = toObjectId(target.catalogId) ? await getCatalog(actor.organizationId, target.catalogId) : null
  const assignment = catalog
    ? (await listAssignments(actor.organizationId, catalog.id)).find((a) => a.itemCode === target.itemCode)
    : undefined
  const mine = assignment?.unitIds.filter((u) => membership.unitIds.includes(u)) ?? []
  const evidence = await getEvidence(actor.organizationId, evidenceId)
  if (!catalog || mine.length !== 1 || !evidence) return
  const key = { ...itemKeyOf(actor.organizationId, catalog.id, target.itemCode), evidenceId: oid(evidence.id) }
  if (await ContributionModel.exists(key)) return
  await recordContribution(actor, catalog.id, catalog.key, target.itemCode, evidence, target.elementId, mine[0])
}

async function recordContribution(
  actor: Actor,
  catalogId: string,
  catalogKey: string,
  itemCode: string,
  evidence: { id: string; title: string },
  elementId: string,
  unitId: string,
) {
  await ContributionModel.init()
  const key = { ...itemKeyOf(actor.organizationId, catalogId, itemCode), evidenceId: oid(evidence.id) }
  const before = await ContributionModel.findOne(key).lean<ContributionDoc>()
  if (before?.unitId.toString() === unitId) return
  // a simultaneous first contribution of the same evidence wins the unique index: ours is applied as an update
  await upsertByKey(
    ContributionModel,
    key,
    () => ({
      $set: {
        unitId: oid(unitId),
        byId: actor.userId ? oid(actor.userId) : null,
        byName: actor.userName,
        at: new Date(),
      },
    }),
    () => ({ $set: { unitId: oid(unitId), byName: actor.userName, at: new Date() } }),
  )
  await recordAudit(actor, {
    action: 'contribution.add',
    targetType: 'review',
    targetId: evidence.id,
    targetLabel: label(catalogKey, itemCode),
    changes: {
      evidence: { before: null, after: evidence.title },
      element: { before: null, after: elementId },
      unitId: { before: before?.unitId.toString() ?? null, after: unitId },
    },
  })
}

/** Only the coordinators of the lead unit choose the answer. */
async function requireLead(actor: Actor, membership: MembershipGrant, catalogId: string, itemCode: string) {
  const found = await requireAssigned(actor.organizationId, catalogId, itemCode)
  const lead = await leadUnitOf(actor.organizationId, found.catalog.id, itemCode, found.assignment.unitIds)
  if (!lead || !can(membership, 'evidence.upload', { organizationId: actor.organizationId, unitIds: [lead.unitId] }))
    throw new AppError(
      bi(
        'เฉพาะผู้ประสานงานของหน่วยหลักของข้อนี้ที่เลือกหลักฐานเป็นคำตอบได้',
        'only coordinators of the item’s lead unit choose the answer',
      ),
      403,
    )
  return found
}

/**
 * The lead unit's coordinator puts one linked evidence in the answer, or leaves it out. The
 * first choice starts the selection from what counted until then (every linked evidence), so
 * leaving one out keeps the others; from then on only chosen evidence counts, and evidence
 * contributed later waits for the lead's choice.
 */
export async function chooseContribution(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  evidenceId: string,
  selected: boolean,
  linkedIds: string[],
): Promise<void> {
  const { catalog } = await requireLead(actor, membership, catalogId, itemCode)
  if (!linkedIds.includes(evidenceId))
    throw new AppError(bi('หลักฐาน: ไม่ได้เชื่อมโยงกับข้อนี้', 'evidence: not linked to this item'), 400, {
      evidenceId: bi('ไม่ได้เชื่อมโยงกับข้อนี้', 'not linked to this item'),
    })
  await ChoiceModel.init()
  const key = { ...itemKeyOf(actor.organizationId, catalog.id, itemCode), evidenceId: oid(evidenceId) }
  const before = await ChoiceModel.findOne(key).lean<ChoiceDoc>()
  const started = (await ChoiceModel.countDocuments(itemKeyOf(actor.organizationId, catalog.id, itemCode))) > 0
  const set = { selected, byId: actor.userId ? oid(actor.userId) : null, byName: actor.userName, at: new Date() }
  if (!started) {
    const others = linkedIds.filter((id) => id !== evidenceId)
    // a simultaneous first choice may have written some already: those stay as they are
    await Promise.all(
      others.map((id) =>
        ChoiceModel.create({
          ...itemKeyOf(actor.organizationId, catalog.id, itemCode),
          evidenceId: oid(id),
          ...set,
          selected: true,
        }).catch((error: { code?: number }) => {
          if (error.code !== 11000) throw error
        }),
      ),
    )
  }
  try {
    await ChoiceModel.updateOne(key, { $set: set }, { upsert: true })
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error
    await ChoiceModel.updateOne(key, { $set: set })
  }
  const evidence = await getEvidence(actor.organizationId, evidenceId)
  await recordAudit(actor, {
    action: selected ? 'answer.select' : 'answer.deselect',
    targetType: 'review',
    targetId: evidenceId,
    targetLabel: label(catalog.key, itemCode),
    changes: {
      evidence: { before: null, after: evidence?.title ?? evidenceId },
      inAnswer: { before: before ? before.selected : !started, after: selected },
      ...(started ? {} : { selectionStarted: { before: 'all linked evidence', after: linkedIds.length } }),
    },
  })
}

/** Drops every choice: all linked evidence counts again. */
export async function clearAnswerSelection(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
): Promise<void> {
  const { catalog } = await requireLead(actor, membership, catalogId, itemCode)
  const key = itemKeyOf(actor.organizationId, catalog.id, itemCode)
  const before = await ChoiceModel.find(key).lean<ChoiceDoc[]>()
  if (before.length === 0) return
  await ChoiceModel.deleteMany(key)
  await recordAudit(actor, {
    action: 'answer.clear',
    targetType: 'review',
    targetLabel: label(catalog.key, itemCode),
    changes: {
      selected: {
        before: before.filter((c) => c.selected).map((c) => c.evidenceId.toString()),
        after: 'all linked evidence',
      },
    },
  })
}

/** An administrator names the lead unit among the assigned units. */
export async function setLeadUnit(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  unitId: string,
): Promise<void> {
  if (!can(membership, 'assignment.manage', { organizationId: actor.organizationId })) throw forbidden()
  const { catalog, assignment } = await requireAssigned(actor.organizationId, catalogId, itemCode)
  if (!assignment.unitIds.includes(unitId))
    throw new AppError(
      bi('หน่วยหลัก: ต้องเป็นหน่วยที่ได้รับมอบหมายข้อนี้', 'lead unit: must be one of the units assigned this item'),
      400,
      { leadUnitId: bi('ต้องเป็นหน่วยที่ได้รับมอบหมาย', 'must be an assigned unit') },
    )
  const before = await leadUnitOf(actor.organizationId, catalog.id, itemCode, assignment.unitIds)
  await LeadModel.init()
  const key = itemKeyOf(actor.organizationId, catalog.id, itemCode)
  await upsertByKey(LeadModel, key, () => ({ $set: { unitId: oid(unitId), byName: actor.userName, at: new Date() } }))
  await recordAudit(actor, {
    action: 'answer.lead',
    targetType: 'review',
    targetLabel: label(catalog.key, itemCode),
    changes: { leadUnitId: { before: before?.unitId ?? null, after: unitId } },
  })
}
