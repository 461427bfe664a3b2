/**
 * Progress per reporting round (6, 9, 12 months) of the integrity-policy plan (the agency's plan memo: per
 * activity, the method, the result and the evidence) and of the improvement measures (the yearly measures report:
 * per measure, the summary of results and the outcome). One document per organization ×
 * catalog × round × item (area/measure, as assignments name it) × activity ('' for a measure) ×
 * reporting unit: when a measure is assigned to several units, each reports its own progress.
 * Written by coordinators of the units the measure is assigned to (its host unit); within a unit
 * the latest save wins (no state to protect); every save is audited.
 */
import { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, forbidden, notFound, parseInput } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { boundedText, evidenceIdsField } from '#models/reporting/fields'
import {
  REPORTING_ROUNDS,
  type Activity,
  type ImprovementMeasuresCatalog,
  type IntegrityPolicyCatalog,
  type Measure,
  type Round,
} from '#models/catalog/schema'
import {
  evidenceRefs,
  requireLiveEvidence,
  RoundSchema,
  type KpiEvidenceRef,
} from '#models/reporting/kpi-report.server'
import { can, type MembershipGrant } from '#models/tenancy/permissions'

const progressSchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  catalogId: { type: Schema.Types.ObjectId, required: true },
  round: { type: Number, enum: REPORTING_ROUNDS, required: true },
  itemCode: { type: String, required: true },
  activityCode: { type: String, default: '' },
  /** The unit reporting (the coordinator's unit among the assigned ones). */
  unitId: { type: Schema.Types.ObjectId, default: null },
  method: { type: String, default: '' },
  result: { type: String, default: '' },
  summary: { type: String, default: '' },
  outcome: { type: String, default: '' },
  evidenceIds: { type: [Schema.Types.ObjectId], default: [] },
  updatedByName: { type: String, default: '' },
})
progressSchema.index(
  { organizationId: 1, catalogId: 1, round: 1, itemCode: 1, activityCode: 1, unitId: 1 },
  { unique: true },
)
type ProgressDoc = LeanDoc<typeof progressSchema> & { updatedAt: Date }
const ProgressModel = schemaModel('PlanProgress', progressSchema, 'plan_progress')

/** The unique index of before the unit was part of the key: it would refuse a second unit's record. */
const LEGACY_INDEX = 'organizationId_1_catalogId_1_round_1_itemCode_1_activityCode_1'
let indexesReady: Promise<void> | undefined

/** Builds the indexes and drops the legacy one where a database still has it (once per module load). */
function ensureProgressIndexes(): Promise<void> {
  indexesReady ??= (async () => {
    await ProgressModel.init()
    const indexes = await ProgressModel.collection.indexes()
    if (indexes.some((i) => i.name === LEGACY_INDEX)) await ProgressModel.collection.dropIndex(LEGACY_INDEX)
  })().catch((error: unknown) => {
    indexesReady = undefined
    throw error
  })
  return indexesReady
}

export type PlanCatalog = IntegrityPolicyCatalog | ImprovementMeasuresCatalog

/** One reportable line: an activity of the policy plan, or a measure of the improvement measures. */
export interface ProgressLine {
  itemCode: string
  groupCode: string
  groupName: string
  measureCode: string
  measureName: string
  /** '' for an improvement measure (reported as a whole). */
  activityCode: string
  activityName: string
  measure: Measure
  activity: Activity | null
  unitIds: string[]
}

export interface ProgressRecord {
  itemCode: string
  activityCode: string
  unitId: string | null
  method: string
  result: string
  summary: string
  outcome: string
  evidence: KpiEvidenceRef[]
  updatedByName: string
  updatedAt: string
}

export interface PlanContext {
  catalog: StoredCatalog & { content: PlanCatalog }
  lines: ProgressLine[]
}

/** The lines of a plan catalog with the units each measure is assigned to; null when not the organization's plan. */
export async function getPlanContext(organizationId: string, catalogId: string): Promise<PlanContext | null> {
  if (!toObjectId(catalogId)) return null
  const catalog = await getCatalog(organizationId, catalogId)
  if (!catalog || (catalog.content.kind !== 'integrity-policy' && catalog.content.kind !== 'improvement-measures'))
    return null
  const c = catalog.content
  const units = new Map((await listAssignments(organizationId, catalog.id)).map((a) => [a.itemCode, a.unitIds]))
  const groups = c.kind === 'integrity-policy' ? c.policyAreas : c.issues
  const lines = groups.flatMap((g) =>
    g.measures.flatMap((m): ProgressLine[] => {
      const itemCode = `${g.code}/${m.code}`
      const base = {
        itemCode,
        groupCode: g.code,
        groupName: g.name.th,
        measureCode: m.code,
        measureName: m.name.th,
        measure: m,
        unitIds: units.get(itemCode) ?? [],
      }
      if (c.kind === 'improvement-measures') return [{ ...base, activityCode: '', activityName: '', activity: null }]
      return m.activities.map((a) => ({ ...base, activityCode: a.code, activityName: a.name.th, activity: a }))
    }),
  )
  return { catalog: catalog as PlanContext['catalog'], lines }
}

/** What was reported for a round of a plan catalog, in no particular order. */
export async function listProgress(organizationId: string, catalogId: string, round: Round): Promise<ProgressRecord[]> {
  if (!toObjectId(catalogId) || !toObjectId(organizationId)) return []
  const docs = await ProgressModel.find({ organizationId: oid(organizationId), catalogId: oid(catalogId), round }).lean<
    ProgressDoc[]
  >()
  const out: ProgressRecord[] = []
  for (const d of docs) {
    out.push({
      itemCode: d.itemCode,
      activityCode: d.activityCode ?? '',
      unitId: d.unitId?.toString() ?? null,
      method: d.method ?? '',
      result: d.result ?? '',
      summary: d.summary ?? '',
      outcome: d.outcome ?? '',
      evidence: await evidenceRefs(organizationId, d.evidenceIds ?? []),
      updatedByName: d.updatedByName ?? '',
      updatedAt: new Date(d.updatedAt).toISOString(),
    })
  }
  return out
}

const text = (th: string, en: string, max: number, required: boolean) => {
  const base = boundedText(th, en, max)
  return required ? base.min(1, bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`)) : base.default('')
}

export const PolicyProgressInputSchema = z.object({
  method: text('วิธีดำเนินการ', 'method', 8000, false),
  result: text('ผลการดำเนินงาน', 'result', 8000, true),
  evidenceIds: evidenceIdsField('หลักฐาน', 'evidence'),
})
export const MeasureProgressInputSchema = z.object({
  summary: text('สรุปผลการดำเนินการ', 'summary of results', 8000, true),
  outcome: text('ผลลัพธ์หรือความสำเร็จ', 'outcome', 8000, false),
  evidenceIds: evidenceIdsField('หลักฐาน', 'evidence'),
})
/**
 * `unitId`: the reporting unit, one of the saving coordinator's units the measure is assigned to.
 * Optional: without it, the first of those units in the assignment's order reports.
 */
export type ProgressInput = { itemCode: string; activityCode?: string; unitId?: string } & (
  z.input<typeof PolicyProgressInputSchema> | z.input<typeof MeasureProgressInputSchema>
)

/**
 * The unit a save reports for: the one named in `unitId` when given (it must be one of the
 * member's units the measure is assigned to), otherwise the first such unit in the assignment's
 * order (for a member without assigned units of their own, the first assigned unit).
 */
function reportingUnit(line: ProgressLine, membership: MembershipGrant, requested: string | undefined): string | null {
  const mine = line.unitIds.filter((u) => membership.unitIds.includes(u))
  const allowed = mine.length ? mine : line.unitIds
  const wanted = requested?.trim() ?? ''
  if (!wanted) return allowed[0] ?? null
  if (!allowed.includes(wanted)) {
    const message = bi(
      'หน่วยงานที่รายงาน: ต้องเป็นหน่วยงานของท่านที่ได้รับมอบหมายรายการนี้',
      'reporting unit: must be one of your units this item is assigned to',
    )
    throw new AppError(message, 400, { unitId: message })
  }
  return wanted
}

/**
 * A coordinator of a unit the measure is assigned to records the round's progress of one
 * activity (policy plan) or one measure (improvement measures) for that unit; saving again
 * replaces that unit's record, never another unit's.
 */
export async function saveProgress(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  roundInput: number,
  input: ProgressInput,
): Promise<ProgressRecord> {
  const round = parseInput(RoundSchema, roundInput) as Round
  const ctx = await getPlanContext(actor.organizationId, catalogId)
  if (!ctx) throw notFound()
  const activityCode = input.activityCode ?? ''
  const line = ctx.lines.find((l) => l.itemCode === input.itemCode && l.activityCode === activityCode)
  if (!line) throw notFound()
  if (ctx.catalog.status !== 'published')
    throw new AppError(
      bi('แผนนี้ไม่ได้อยู่ในสถานะเผยแพร่ รายงานความก้าวหน้าไม่ได้', 'this plan is not published: progress cannot be reported'),
      409,
    )
  if (!can(membership, 'kpi.report', { organizationId: actor.organizationId, unitIds: line.unitIds })) throw forbidden()
  const isPolicy = ctx.catalog.content.kind === 'integrity-policy'
  const data = isPolicy
    ? { ...parseInput(PolicyProgressInputSchema, input), summary: '', outcome: '' }
    : { ...parseInput(MeasureProgressInputSchema, input), method: '', result: '' }
  const evidenceIds = await requireLiveEvidence(actor.organizationId, data.evidenceIds)
  const unitId = reportingUnit(line, membership, input.unitId)
  const key = {
    organizationId: oid(actor.organizationId),
    catalogId: oid(ctx.catalog.id),
    round,
    itemCode: line.itemCode,
    activityCode,
    unitId: unitId ? oid(unitId) : null,
  }
  const set = {
    method: data.method,
    result: data.result,
    summary: data.summary,
    outcome: data.outcome,
    evidenceIds: evidenceIds.map(oid),
    updatedByName: actor.userName,
  }
  await ensureProgressIndexes()
  const before = await ProgressModel.findOne(key).lean<ProgressDoc>()
  try {
    await ProgressModel.updateOne(key, { $set: set }, { upsert: true })
  } catch (error) {
    // a simultaneous first save inserted it: write over it, as a later save would
    if ((error as { code?: number }).code !== 11000) throw error
    await ProgressModel.updateOne(key, { $set: set })
  }
  const snap = (d: Partial<typeof set> | null) =>
    d && {
      method: d.method ?? '',
      result: d.result ?? '',
      summary: d.summary ?? '',
      outcome: d.outcome ?? '',
      evidenceIds: (d.evidenceIds ?? []).map(String),
    }
  await recordAudit(actor, {
    action: before ? 'progress.update' : 'progress.create',
    targetType: 'plan-progress',
    targetId: `${ctx.catalog.id}:${round}:${line.itemCode}:${activityCode}:${unitId ?? ''}`,
    targetLabel: `${ctx.catalog.key} ${line.itemCode}${activityCode ? ` ${activityCode}` : ''} รอบ ${round}`,
    changes: diff(snap(before as Partial<typeof set> | null), snap(set)),
  })
  return (await listProgress(actor.organizationId, ctx.catalog.id, round)).find(
    (p) => p.itemCode === line.itemCode && p.activityCode === activityCode && p.unitId === unitId,
  )!
}
