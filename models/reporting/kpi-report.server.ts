/**
 * KPI reports per reporting round, in the government's per-KPI report form: one document per organization ×
 * KPI-agreement catalog × KPI × round (6, 9, 12 months) holding what was done per level, the
 * steps done (milestone KPIs) or the measured result (quantitative), explanation, supporting
 * factors, obstacles, numbered evidence references and the supervisor's certification.
 *
 *   (no report) → pending ⇄ (edit) → approved (final)
 *                 pending → not-approved → (coordinator edits) → pending
 *
 * Coordinators of the units the KPI is assigned to write it; an executive or administrator
 * certifies it. Every write first claims the document's version number (models/claims.server.ts):
 * FerretDB v1 does not apply a filter on the state atomically, so of an edit and a certification
 * (or two certifications) arriving together exactly one wins and the other is refused.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { REPORTING_ROUNDS, type Kpi, type KpiAgreementCatalog, type Round } from '#models/catalog/schema'
import { claim } from '#models/claims.server'
import { type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, forbidden, notFound, parseInput, type Bilingual } from '#models/errors'
import { getEvidence } from '#models/evidence/records.server'
import { oid, toObjectId } from '#models/ids'
import { can, type MembershipGrant } from '#models/tenancy/permissions'
import { isoOrNull as iso } from '#models/dates'
import { boundedText, evidenceIdsField } from '#models/reporting/fields'
import { compareCodes } from '#models/order'

export const KPI_CERTIFICATIONS = ['pending', 'approved', 'not-approved'] as const
export type KpiCertification = (typeof KPI_CERTIFICATIONS)[number]
const KPI_LEVELS = [1, 2, 3, 4, 5] as const

const levelTextSchema = new Schema(
  { level: { type: Number, required: true }, text: { type: String, default: '' } },
  { _id: false },
)
const kpiReportSchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  catalogId: { type: Schema.Types.ObjectId, required: true },
  kpiCode: { type: String, required: true },
  round: { type: Number, enum: REPORTING_ROUNDS, required: true },
  levelTexts: { type: [levelTextSchema], default: [] },
  stepsDone: { type: [String], default: [] },
  result: { type: Number, default: null },
  explanation: { type: String, default: '' },
  supportingFactors: { type: String, default: '' },
  obstacles: { type: String, default: '' },
  evidenceIds: { type: [Schema.Types.ObjectId], default: [] },
  supervisorName: { type: String, default: '' },
  supervisorPhone: { type: String, default: '' },
  dataCollectorName: { type: String, default: '' },
  dataCollectorPhone: { type: String, default: '' },
  certification: { type: String, enum: KPI_CERTIFICATIONS, default: 'pending' },
  certificationNote: { type: String, default: '' },
  certifiedById: { type: Schema.Types.ObjectId, default: null },
  certifiedByName: { type: String, default: '' },
  certifiedAt: { type: Date, default: null },
  reportedByName: { type: String, default: '' },
  reportedAt: { type: Date, default: null },
  /** Incremented by every write: the number the next write claims. */
  version: { type: Number, default: 0 },
})
kpiReportSchema.index({ organizationId: 1, catalogId: 1, kpiCode: 1, round: 1 }, { unique: true })
type KpiReportDoc = LeanDoc<typeof kpiReportSchema>
const KpiReportModel = schemaModel('KpiReport', kpiReportSchema, 'kpi_reports')

// ---- reading --------------------------------------------------------------------------------

export interface KpiEvidenceRef {
  id: string
  title: string
  /** The link's address, or the file's name; null for text evidence. */
  url: string | null
  type: 'file' | 'link' | 'text' | 'missing'
  /** In the bin (still listed: the report was written with it). */
  deleted: boolean
}

export interface KpiReport {
  id: string
  catalogId: string
  kpiCode: string
  round: Round
  /** Text per level 1–5 ('' where nothing was written), in level order. */
  levelTexts: { level: number; text: string }[]
  stepsDone: string[]
  result: number | null
  explanation: string
  supportingFactors: string
  obstacles: string
  /** In the order the coordinator gave: the printed numbering. */
  evidence: KpiEvidenceRef[]
  supervisorName: string
  supervisorPhone: string
  dataCollectorName: string
  dataCollectorPhone: string
  certification: KpiCertification
  certificationNote: string
  certifiedByName: string
  certifiedAt: string | null
  reportedByName: string
  reportedAt: string | null
  version: number
}

/** The organization's evidence behind stored ids, in order; removed items stay listed, marked. */
export async function evidenceRefs(
  organizationId: string,
  ids: readonly mongoose.Types.ObjectId[],
): Promise<KpiEvidenceRef[]> {
  const out: KpiEvidenceRef[] = []
  for (const raw of ids) {
    const id = raw.toString()
    const e = await getEvidence(organizationId, id)
    if (!e)
      out.push({
        id,
        title: bi('หลักฐานถูกลบถาวรแล้ว', 'evidence permanently removed'),
        url: null,
        type: 'missing',
        deleted: true,
      })
    else
      out.push({
        id,
        title: e.title,
        url: e.type === 'link' ? e.url : e.type === 'file' ? (e.current?.fileName ?? null) : null,
        type: e.type,
        deleted: Boolean(e.deletedAt),
      })
  }
  return out
}

async function toReport(organizationId: string, d: KpiReportDoc): Promise<KpiReport> {
  const texts = new Map((d.levelTexts ?? []).map((l) => [l.level, l.text ?? '']))
  return {
    id: d._id.toString(),
    catalogId: d.catalogId.toString(),
    kpiCode: d.kpiCode,
    round: d.round as Round,
    levelTexts: KPI_LEVELS.map((level) => ({ level, text: texts.get(level) ?? '' })),
    stepsDone: [...(d.stepsDone ?? [])],
    result: d.result ?? null,
    explanation: d.explanation ?? '',
    supportingFactors: d.supportingFactors ?? '',
    obstacles: d.obstacles ?? '',
    evidence: await evidenceRefs(organizationId, d.evidenceIds ?? []),
    supervisorName: d.supervisorName ?? '',
    supervisorPhone: d.supervisorPhone ?? '',
    dataCollectorName: d.dataCollectorName ?? '',
    dataCollectorPhone: d.dataCollectorPhone ?? '',
    certification: d.certification as KpiCertification,
    certificationNote: d.certificationNote ?? '',
    certifiedByName: d.certifiedByName ?? '',
    certifiedAt: iso(d.certifiedAt),
    reportedByName: d.reportedByName ?? '',
    reportedAt: iso(d.reportedAt),
    version: d.version ?? 0,
  }
}

/** A KPI of one of the organization's KPI agreements, and the units it is assigned to. */
export interface KpiContext {
  catalog: StoredCatalog & { content: KpiAgreementCatalog }
  kpi: Kpi
  unitIds: string[]
}

/** Null when the catalog is not the organization's KPI agreement or has no such KPI. */
export async function getKpiContext(
  organizationId: string,
  catalogId: string,
  kpiCode: string,
): Promise<KpiContext | null> {
  if (!toObjectId(catalogId) || !kpiCode) return null
  const catalog = await getCatalog(organizationId, catalogId)
  if (!catalog || catalog.content.kind !== 'kpi-agreement') return null
  const index = catalog.content.kpis.findIndex((k) => k.code === kpiCode)
  if (index < 0) return null
  const assignment = (await listAssignments(organizationId, catalog.id)).find((a) => a.itemCode === kpiCode)
  return {
    catalog: catalog as KpiContext['catalog'],
    kpi: catalog.content.kpis[index],
    unitIds: assignment?.unitIds ?? [],
  }
}

const keyOf = (organizationId: string, catalogId: string, kpiCode: string, round: Round) => ({
  organizationId: oid(organizationId),
  catalogId: oid(catalogId),
  kpiCode,
  round,
})

/** The report of one KPI for one round; null when none was written (or the ids are not the organization's). */
export async function getKpiReport(
  organizationId: string,
  catalogId: string,
  kpiCode: string,
  round: Round,
): Promise<KpiReport | null> {
  if (!toObjectId(catalogId) || !toObjectId(organizationId)) return null
  const doc = await KpiReportModel.findOne(keyOf(organizationId, catalogId, kpiCode, round)).lean<KpiReportDoc>()
  return doc ? toReport(organizationId, doc) : null
}

/** Every report of a KPI agreement (all KPIs, all rounds), optionally of one round. */
export async function listKpiReports(organizationId: string, catalogId: string, round?: Round): Promise<KpiReport[]> {
  if (!toObjectId(catalogId) || !toObjectId(organizationId)) return []
  const docs = await KpiReportModel.find({
    organizationId: oid(organizationId),
    catalogId: oid(catalogId),
    ...(round ? { round } : {}),
  }).lean<KpiReportDoc[]>()
  const out: KpiReport[] = []
  for (const d of docs) out.push(await toReport(organizationId, d))
  return out.sort((a, b) => compareCodes(a.kpiCode, b.kpiCode) || a.round - b.round)
}

/**
 * Progress of every KPI reported in a KPI agreement: for one round, or (round omitted) each
 * KPI's latest reported round. For the dashboard, which scores them with the engine.
 */
export async function listKpiProgress(
  organizationId: string,
  catalogId: string,
  round?: 6 | 9 | 12,
): Promise<
  {
    kpiCode: string
    round: 6 | 9 | 12
    stepsDone: string[]
    result?: number
    certification: 'pending' | 'approved' | 'not-approved'
  }[]
> {
  if (!toObjectId(catalogId) || !toObjectId(organizationId)) return []
  const docs = await KpiReportModel.find({
    organizationId: oid(organizationId),
    catalogId: oid(catalogId),
    ...(round ? { round } : {}),
  })
    .select({ kpiCode: 1, round: 1, stepsDone: 1, result: 1, certification: 1 })
    .lean<KpiReportDoc[]>()
  const latest = new Map<string, KpiReportDoc>()
  for (const d of docs) {
    const seen = latest.get(d.kpiCode)
    if (!seen || d.round > seen.round) latest.set(d.kpiCode, d)
  }
  return [...latest.values()]
    .sort((a, b) => compareCodes(a.kpiCode, b.kpiCode))
    .map((d) => ({
      kpiCode: d.kpiCode,
      round: d.round as Round,
      stepsDone: [...(d.stepsDone ?? [])],
      ...(d.result === null || d.result === undefined ? {} : { result: d.result }),
      certification: d.certification as KpiCertification,
    }))
}

// ---- input ----------------------------------------------------------------------------------

const text = (th: string, en: string, max: number) => boundedText(th, en, max).default('')

const levelText = (n: number) => text(`ผลการดำเนินงานระดับ ${n}`, `work done at level ${n}`, 4000)

export const KpiReportInputSchema = z.object({
  levelTexts: z
    .object({ 1: levelText(1), 2: levelText(2), 3: levelText(3), 4: levelText(4), 5: levelText(5) })
    .default({}),
  stepsDone: z.array(z.string().trim().min(1).max(20)).max(100).default([]),
  /** Quantitative KPIs: the measured result in the KPI's unit; '' or null = not measured. */
  result: z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim().replace(/,/g, '')) : v),
    z
      .number({ invalid_type_error: bi('ผลการดำเนินงาน: ต้องเป็นตัวเลข', 'result: must be a number') })
      .finite(bi('ผลการดำเนินงาน: ต้องเป็นตัวเลข', 'result: must be a number'))
      .nullable(),
  ),
  explanation: text('คำชี้แจงการปฏิบัติงาน', 'explanation', 20000),
  supportingFactors: text('ปัจจัยสนับสนุน', 'supporting factors', 8000),
  obstacles: text('อุปสรรค', 'obstacles', 8000),
  evidenceIds: evidenceIdsField('หลักฐานอ้างอิง', 'evidence references'),
  supervisorName: text('ผู้กำกับดูแลตัวชี้วัด', 'KPI supervisor', 200),
  supervisorPhone: text('โทรศัพท์ของผู้กำกับดูแลตัวชี้วัด', "supervisor's phone", 100),
  dataCollectorName: text('ผู้จัดเก็บข้อมูล', 'data collector', 200),
  dataCollectorPhone: text('โทรศัพท์ของผู้จัดเก็บข้อมูล', "data collector's phone", 100),
})
export type KpiReportInput = z.input<typeof KpiReportInputSchema>

export const CertifyInputSchema = z
  .object({
    decision: z.enum(['approved', 'not-approved'], {
      errorMap: () => ({
        message: bi('ผลการรับรอง: ต้องเป็น "รับรอง" หรือ "ไม่รับรอง"', 'decision: must be approved or not-approved'),
      }),
    }),
    note: text('หมายเหตุของผู้รับรอง', "certifier's note", 4000),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'not-approved' && !v.note)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['note'],
        message: bi('หมายเหตุของผู้รับรอง: จำเป็นต้องกรอกเมื่อไม่รับรอง', "certifier's note: required when not approving"),
      })
  })
export type CertifyInput = z.input<typeof CertifyInputSchema>

export const RoundSchema = z.union([z.literal(6), z.literal(9), z.literal(12)], {
  errorMap: () => ({
    message: bi('รอบการรายงาน: ต้องเป็น 6, 9 หรือ 12 เดือน', 'reporting round: must be 6, 9 or 12 months'),
  }),
})

/** The step codes of a milestone KPI, as the engine names them (scoring stepCode: L{level}.{i+1}). */
function kpiStepCodes(kpi: Kpi): string[] {
  return kpi.scoring.kind === 'milestone'
    ? kpi.scoring.levels.flatMap((l) => l.steps.map((_s, i) => `L${l.level}.${i + 1}`))
    : []
}

async function requireContext(organizationId: string, catalogId: string, kpiCode: string, roundInput: unknown) {
  const ctx = await getKpiContext(organizationId, catalogId, kpiCode)
  if (!ctx) throw notFound()
  const round = parseInput(RoundSchema, roundInput) as Round
  if (!ctx.kpi.reportingRounds.includes(round))
    throw new AppError(
      bi(
        `รอบการรายงาน: ตัวชี้วัดนี้รายงานเฉพาะรอบ ${ctx.kpi.reportingRounds.join(', ')} เดือน`,
        `reporting round: this KPI reports only at ${ctx.kpi.reportingRounds.join(', ')} months`,
      ),
      400,
      {
        round: bi('ไม่ใช่รอบของตัวชี้วัดนี้', 'not a round of this KPI'),
      },
    )
  if (ctx.catalog.status === 'archived')
    throw new AppError(
      bi('คำรับรองฯ นี้ถูกเก็บถาวรแล้ว แก้ไขรายงานไม่ได้', 'this agreement is archived: its reports cannot change'),
      409,
    )
  if (ctx.catalog.status !== 'published')
    throw new AppError(
      bi('คำรับรองฯ นี้ยังไม่เผยแพร่ จึงยังรายงานผลไม่ได้', 'this agreement is not published yet: nothing can be reported'),
      409,
    )
  return { ctx, round }
}

const CERTIFICATION_TEXT: Record<KpiCertification, Bilingual> = {
  pending: { th: 'รอการรับรอง', en: 'pending certification' },
  approved: { th: 'รับรองแล้ว', en: 'approved' },
  'not-approved': { th: 'ไม่รับรอง', en: 'not approved' },
}

const raced = () =>
  new AppError(
    bi(
      'บันทึกไม่ได้: มีผู้อื่นแก้ไขหรือรับรองรายงานนี้พร้อมกัน โปรดโหลดหน้าใหม่',
      'not saved: someone else changed or certified this report at the same time; reload the page',
    ),
    409,
  )

/**
 * Claims `version` of the report, then writes. The claim decided any race, so the write is ours;
 * FerretDB v1 may report a write to one SQLite file as unmatched under load, so success is read
 * back from the version and the write retried when it really did not happen (as in review.server).
 */
async function claimAndWrite(organizationId: string, doc: KpiReportDoc, set: Record<string, unknown>): Promise<void> {
  const version = doc.version ?? 0
  if (!(await claim(`kpi-report:${doc._id.toString()}:${version}`))) throw raced()
  for (let attempt = 0; ; attempt++) {
    const current = await KpiReportModel.findOne({ _id: doc._id, organizationId: oid(organizationId) })
      .select({ version: 1 })
      .lean<KpiReportDoc>()
    if ((current?.version ?? 0) > version) return
    if (attempt === 3)
      throw new Error(`kpi report ${doc._id.toString()}: claimed version ${version} but could not write it`)
    await KpiReportModel.updateOne(
      { _id: doc._id, organizationId: oid(organizationId), version },
      { $set: { ...set, version: version + 1 } },
    ).catch(() => null)
  }
}

/** Distinct evidence ids, each live evidence of the organization; otherwise a refusal naming the field. */
export async function requireLiveEvidence(organizationId: string, ids: readonly string[]): Promise<string[]> {
  const distinct = [...new Set(ids.filter(Boolean))]
  for (const id of distinct) {
    const e = toObjectId(id) ? await getEvidence(organizationId, id) : null
    if (!e || e.deletedAt)
      throw new AppError(
        bi(
          `หลักฐานอ้างอิง: ไม่พบหลักฐาน ${id} ของหน่วยงาน (หรืออยู่ในถังขยะ)`,
          `evidence references: ${id} is not live evidence of this organization`,
        ),
        400,
        {
          evidenceIds: bi('มีหลักฐานที่ไม่พบหรืออยู่ในถังขยะ', 'an item is not found or is in the bin'),
        },
      )
  }
  return distinct
}

const snapshotOf = (d: Partial<KpiReportDoc> | null) =>
  d && {
    levelTexts: (d.levelTexts ?? []).filter((l) => l.text).map((l) => `${l.level}: ${l.text}`),
    stepsDone: d.stepsDone ?? [],
    result: d.result ?? null,
    explanation: d.explanation ?? '',
    supportingFactors: d.supportingFactors ?? '',
    obstacles: d.obstacles ?? '',
    evidenceIds: (d.evidenceIds ?? []).map(String),
    supervisorName: d.supervisorName ?? '',
    supervisorPhone: d.supervisorPhone ?? '',
    dataCollectorName: d.dataCollectorName ?? '',
    dataCollectorPhone: d.dataCollectorPhone ?? '',
    certification: d.certification ?? null,
  }

// ---- writing --------------------------------------------------------------------------------

/**
 * A coordinator of a unit the KPI is assigned to records (or edits) the round's report. Refused
 * once certified; saving a report that was not approved sends it back for certification.
 */
export async function saveKpiReport(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  kpiCode: string,
  roundInput: number,
  input: KpiReportInput,
): Promise<KpiReport> {
  const data = parseInput(KpiReportInputSchema, input)
  const { ctx, round } = await requireContext(actor.organizationId, catalogId, kpiCode, roundInput)
  if (!can(membership, 'kpi.report', { organizationId: actor.organizationId, unitIds: ctx.unitIds })) throw forbidden()
  const { kpi } = ctx

  // checks that need the catalog and the evidence, each naming its field
  let stepsDone: string[] = []
  let result: number | null = null
  if (kpi.scoring.kind === 'milestone') {
    const known = new Set(kpiStepCodes(kpi))
    const unknown = data.stepsDone.filter((s) => !known.has(s))
    if (unknown.length)
      throw new AppError(
        bi(
          `ขั้นตอนที่ดำเนินการแล้ว: ไม่มีขั้นตอน ${unknown.join(', ')} ในตัวชี้วัดนี้`,
          `steps done: ${unknown.join(', ')} not in this KPI`,
        ),
        400,
        {
          stepsDone: bi('มีขั้นตอนที่ไม่อยู่ในตัวชี้วัดนี้', 'a step is not in this KPI'),
        },
      )
    stepsDone = kpiStepCodes(kpi).filter((s) => data.stepsDone.includes(s))
  } else {
    if (data.result === null)
      throw new AppError(
        bi('ผลการดำเนินงาน: จำเป็นต้องกรอกสำหรับตัวชี้วัดเชิงปริมาณ', 'result: required for a quantitative KPI'),
        400,
        { result: bi('จำเป็นต้องกรอก', 'required') },
      )
    result = data.result
  }
  const evidenceIds = await requireLiveEvidence(actor.organizationId, data.evidenceIds)

  const now = new Date()
  const set = {
    levelTexts: KPI_LEVELS.map((level) => ({ level, text: data.levelTexts[level] ?? '' })),
    stepsDone,
    result,
    explanation: data.explanation,
    supportingFactors: data.supportingFactors,
    obstacles: data.obstacles,
    evidenceIds: evidenceIds.map(oid),
    supervisorName: data.supervisorName,
    supervisorPhone: data.supervisorPhone,
    dataCollectorName: data.dataCollectorName,
    dataCollectorPhone: data.dataCollectorPhone,
    // a save (re)asks for certification: a "not approved" note stays in the audit trail only
    certification: 'pending' as const,
    certificationNote: '',
    certifiedById: null,
    certifiedByName: '',
    certifiedAt: null,
    reportedByName: actor.userName,
    reportedAt: now,
  }
  const key = keyOf(actor.organizationId, ctx.catalog.id, kpiCode, round)
  await KpiReportModel.init() // the unique index decides two simultaneous first saves
  let before = await KpiReportModel.findOne(key).lean<KpiReportDoc>()
  if (!before) {
    try {
      const created = await KpiReportModel.create({ ...key, ...set, version: 0 })
      await recordAudit(actor, {
        action: 'kpi.report.create',
        targetType: 'kpi-report',
        targetId: created._id.toString(),
        targetLabel: `${ctx.catalog.key} ${kpiCode} รอบ ${round}`,
        changes: diff(null, snapshotOf(set as Partial<KpiReportDoc>)),
      })
      return (await getKpiReport(actor.organizationId, ctx.catalog.id, kpiCode, round))!
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error
      // another first save won: ours becomes an edit of it
      before = await KpiReportModel.findOne(key).lean<KpiReportDoc>()
      if (!before) throw raced()
    }
  }
  if (before.certification === 'approved')
    throw new AppError(
      bi('แก้ไขไม่ได้: รายงานรอบนี้ได้รับการรับรองแล้ว', 'cannot edit: this round’s report is already certified'),
      409,
    )
  await claimAndWrite(actor.organizationId, before, set)
  await recordAudit(actor, {
    action: 'kpi.report.update',
    targetType: 'kpi-report',
    targetId: before._id.toString(),
    targetLabel: `${ctx.catalog.key} ${kpiCode} รอบ ${round}`,
    changes: diff(snapshotOf(before), snapshotOf(set as Partial<KpiReportDoc>)),
  })
  return (await getKpiReport(actor.organizationId, ctx.catalog.id, kpiCode, round))!
}

/**
 * The supervisor (an executive or administrator) approves the round's report, or does not
 * approve it with a note, which returns it to the coordinator. Only a pending report can be
 * certified, once: of two simultaneous certifications exactly one is recorded.
 */
export async function certifyKpiReport(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  kpiCode: string,
  roundInput: number,
  input: CertifyInput,
): Promise<KpiReport> {
  const data = parseInput(CertifyInputSchema, input)
  const { ctx, round } = await requireContext(actor.organizationId, catalogId, kpiCode, roundInput)
  if (!can(membership, 'kpi.certify', { organizationId: actor.organizationId })) throw forbidden()
  const before = await KpiReportModel.findOne(
    keyOf(actor.organizationId, ctx.catalog.id, kpiCode, round),
  ).lean<KpiReportDoc>()
  if (!before)
    throw new AppError(
      bi('รับรองไม่ได้: ยังไม่มีการรายงานผลรอบนี้', 'cannot certify: nothing has been reported for this round'),
      409,
    )
  if (before.certification !== 'pending') {
    const s = CERTIFICATION_TEXT[before.certification as KpiCertification]
    throw new AppError(
      bi(`รับรองไม่ได้: รายงานนี้อยู่ในสถานะ "${s.th}" แล้ว`, `cannot certify: this report is already ${s.en}`),
      409,
    )
  }
  await claimAndWrite(actor.organizationId, before, {
    certification: data.decision,
    certificationNote: data.note,
    certifiedById: actor.userId ? oid(actor.userId) : null,
    certifiedByName: actor.userName,
    certifiedAt: new Date(),
  })
  await recordAudit(actor, {
    action: data.decision === 'approved' ? 'kpi.report.approve' : 'kpi.report.not-approve',
    targetType: 'kpi-report',
    targetId: before._id.toString(),
    targetLabel: `${ctx.catalog.key} ${kpiCode} รอบ ${round}`,
    changes: {
      certification: { before: before.certification, after: data.decision },
      ...(data.note ? { certificationNote: { before: before.certificationNote ?? '', after: data.note } } : {}),
    },
  })
  return (await getKpiReport(actor.organizationId, ctx.catalog.id, kpiCode, round))!
}
