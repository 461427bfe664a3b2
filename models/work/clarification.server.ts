/**
 * The clarification window (ชี้แจงเพิ่มเติม): the weeks after the national assessors publish
 * preliminary OIT results, when the agency may clarify what they did not pass. After they publish
 * preliminary OIT results, administrators record them per criterion (passed / not passed, the
 * assessor's comment), by hand or from a CSV file. For each criterion not passed, a coordinator
 * of an assigned unit drafts a clarification that references evidence already published on the
 * agency's website (link evidence with a stored snapshot, whose fetch time proves when it was
 * online); an assessor of the agency approves it or returns it. Drafting closes at the end of
 * the 'clarification' phase of the ITA calendar (models/work/calendar.server.ts).
 *
 *   (none) → draft ⇄ returned, draft → approved
 *
 * Every change of a clarification claims its version number (models/claims.server.ts): FerretDB
 * v1 does not apply a write filtered on the version atomically, so of two simultaneous
 * approvals (or an approval and a redraft) exactly one wins.
 */
import { parse as parseCsv } from 'csv-parse/sync'
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, listCatalogs, type StoredCatalog } from '#models/catalog/catalog.server'
import { listCriteria } from '#models/catalog/schema'
import { claim } from '#models/claims.server'
import { formatDate, isoOrNull as iso } from '#models/dates'
import {
  ITEM_KEY_FIELDS,
  keptByOrganization,
  type LeanDoc,
  schemaModel,
  stampWritesByOrganization,
  timestampedSchema,
  upsertByKey,
} from '#models/db.server'
import { AppError, bi, forbidden, fromZod, halves, notFound, type Bilingual } from '#models/errors'
import { getEvidence, listEvidence, type Evidence } from '#models/evidence/records.server'
import { itemKeyOf, oid, toObjectId } from '#models/ids'
import { can, type MembershipGrant } from '#models/tenancy/permissions'
import { getCalendar } from '#models/work/calendar.server'
import { listUnits } from '#models/tenancy/unit.server'
import { compareCodes } from '#models/order'

export const PRELIMINARY_RESULTS = ['passed', 'not-passed'] as const
export type PreliminaryResult = (typeof PRELIMINARY_RESULTS)[number]
export const CLARIFICATION_STATUSES = ['draft', 'returned', 'approved'] as const
export type ClarificationStatus = (typeof CLARIFICATION_STATUSES)[number]

const resultSchema = new Schema(
  {
    ...ITEM_KEY_FIELDS,
    result: { type: String, enum: PRELIMINARY_RESULTS, required: true },
    comment: { type: String, default: '' },
    recordedByName: { type: String, default: '' },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
resultSchema.index({ organizationId: 1, catalogId: 1, itemCode: 1 }, { unique: true })
type ResultDoc = LeanDoc<typeof resultSchema>
/**
 * The shell reads what waits in the clarification window on every page of coordinators and assessors (the inbox
 * badge): kept under one stamp of the organization that every write of a result or a clarification changes.
 */
const CLARIFICATION_STAMP = 'clarifications'
stampWritesByOrganization(resultSchema, CLARIFICATION_STAMP)
const ResultModel = schemaModel('PreliminaryResult', resultSchema, 'preliminary_results')

const referenceSchema = new Schema(
  {
    evidenceId: { type: String, required: true },
    title: { type: String, required: true },
    url: { type: String, default: '' },
    /** The snapshot referenced: the latest one when the draft was saved. */
    snapshotIndex: { type: Number, required: true },
    fetchedAt: { type: Date, required: true },
  },
  { _id: false },
)
const clarificationSchema = timestampedSchema({
  ...ITEM_KEY_FIELDS,
  status: { type: String, enum: CLARIFICATION_STATUSES, default: 'draft' },
  text: { type: String, default: '' },
  references: { type: [referenceSchema], default: [] },
  /** Incremented by every change: the number the next change claims. */
  version: { type: Number, default: 0 },
  draftedByName: { type: String, default: '' },
  draftedAt: { type: Date, default: null },
  decidedByName: { type: String, default: '' },
  decidedAt: { type: Date, default: null },
  decisionComment: { type: String, default: '' },
})
clarificationSchema.index({ organizationId: 1, catalogId: 1, itemCode: 1 }, { unique: true })
type ClarificationDoc = LeanDoc<typeof clarificationSchema>
const keptWaiting = keptByOrganization(clarificationSchema, CLARIFICATION_STAMP, 1000)
const ClarificationModel = schemaModel('Clarification', clarificationSchema, 'clarifications')

const indexesReady = () => Promise.all([ResultModel.init(), ClarificationModel.init()])
const DAY_MS = 86_400_000

// ---- the window ---------------------------------------------------------------------------

export interface ClarificationWindow {
  startsOn: string | null
  /** The last day of the phase (Bangkok), as stored by the calendar. */
  endsOn: string | null
  /** The first instant after the last day: drafting is refused from then on. */
  closesAt: string | null
  /** Whole days until it closes, counting today (0 once closed); null without an end date. */
  daysLeft: number | null
  overdue: boolean
}

/** The 'clarification' phase of the catalog's fiscal year, as of `now`. */
export async function clarificationWindow(
  organizationId: string,
  fiscalYear: number,
  now = new Date(),
): Promise<ClarificationWindow> {
  const phase = (await getCalendar(organizationId, fiscalYear)).phases.find((p) => p.kind === 'clarification')
  if (!phase?.endsOn)
    return { startsOn: phase?.startsOn ?? null, endsOn: null, closesAt: null, daysLeft: null, overdue: false }
  // endsOn is the Bangkok midnight that starts the last day; the window closes a day later
  const closes = new Date(new Date(phase.endsOn).getTime() + DAY_MS)
  const overdue = now >= closes
  return {
    startsOn: phase.startsOn,
    endsOn: phase.endsOn,
    closesAt: closes.toISOString(),
    daysLeft: overdue ? 0 : Math.ceil((closes.getTime() - now.getTime()) / DAY_MS),
    overdue,
  }
}

// ---- reading ------------------------------------------------------------------------------

/** A clarification that waits for someone: the inbox lists it. */
export interface ClarificationTask {
  catalogId: string
  itemCode: string
  status: ClarificationStatus | null
  /** The last day of the clarification window (Bangkok midnight that starts it), when dated. */
  endsOn: string | null
}

/** The failed criteria and the clarifications of these catalogs, as kept (see CLARIFICATION_STAMP). */
function waitingIn(organizationId: string, catalogIds: string[]) {
  const ids = [...catalogIds].sort()
  return keptWaiting(organizationId, ids.join(','), async () => {
    const scope = { organizationId: oid(organizationId), catalogId: { $in: ids.map(oid) } }
    const [results, clarifications] = await Promise.all([
      ResultModel.find({ ...scope, result: 'not-passed' })
        .select({ catalogId: 1, itemCode: 1 })
        .lean<ResultDoc[]>(),
      ClarificationModel.find(scope).select({ catalogId: 1, itemCode: 1, status: 1 }).lean<ClarificationDoc[]>(),
    ])
    return {
      results: results.map((r) => ({ catalogId: r.catalogId.toString(), itemCode: r.itemCode })),
      clarifications: clarifications.map((c) => ({
        catalogId: c.catalogId.toString(),
        itemCode: c.itemCode,
        status: c.status as ClarificationStatus,
      })),
    }
  })
}

/**
 * What waits in the clarification window: for a coordinator, criteria of their units that did not
 * pass and have no clarification yet or had it returned, while the window is open; for an
 * assessor, drafts to decide. Others: nothing. `catalogs`: the current catalogs, id → fiscal year.
 */
export async function clarificationTasks(
  organizationId: string,
  who: { role: string; unitIds: string[] },
  catalogs: ReadonlyMap<string, number>,
  now = new Date(),
): Promise<ClarificationTask[]> {
  if ((who.role !== 'coordinator' && who.role !== 'assessor') || catalogs.size === 0) return []
  const { results, clarifications } = await waitingIn(organizationId, [...catalogs.keys()])
  const statusOf = new Map(clarifications.map((c) => [`${c.catalogId}|${c.itemCode}`, c.status]))
  const windows = new Map<string, ClarificationWindow>()
  const windowOf = async (catalogId: string) => {
    const fiscalYear = catalogs.get(catalogId)!
    if (!windows.has(String(fiscalYear)))
      windows.set(String(fiscalYear), await clarificationWindow(organizationId, fiscalYear, now))
    return windows.get(String(fiscalYear))!
  }
  const out: ClarificationTask[] = []
  if (who.role === 'assessor') {
    for (const c of clarifications.filter((x) => x.status === 'draft')) {
      const w = await windowOf(c.catalogId)
      out.push({ catalogId: c.catalogId, itemCode: c.itemCode, status: 'draft', endsOn: w.endsOn })
    }
  } else {
    const assigned = new Map<string, string[]>()
    for (const catalogId of new Set(results.map((r) => r.catalogId))) {
      for (const a of await listAssignments(organizationId, catalogId))
        assigned.set(`${catalogId}|${a.itemCode}`, a.unitIds)
    }
    for (const r of results) {
      const k = `${r.catalogId}|${r.itemCode}`
      const status = statusOf.get(k) ?? null
      if (status === 'draft' || status === 'approved') continue
      if (!(assigned.get(k) ?? []).some((u) => who.unitIds.includes(u))) continue
      const w = await windowOf(r.catalogId)
      if (w.overdue) continue
      out.push({ catalogId: r.catalogId, itemCode: r.itemCode, status, endsOn: w.endsOn })
    }
  }
  return out.sort((a, b) => compareCodes(a.itemCode, b.itemCode))
}

export interface ClarificationReference {
  evidenceId: string
  title: string
  url: string
  snapshotIndex: number
  fetchedAt: string
}

export interface Clarification {
  id: string
  status: ClarificationStatus
  text: string
  references: ClarificationReference[]
  version: number
  draftedByName: string
  draftedAt: string | null
  decidedByName: string
  decidedAt: string | null
  decisionComment: string
}

const toClarification = (d: ClarificationDoc): Clarification => ({
  id: d._id.toString(),
  status: d.status as ClarificationStatus,
  text: d.text ?? '',
  references: (d.references ?? []).map((r) => ({
    evidenceId: r.evidenceId,
    title: r.title,
    url: r.url ?? '',
    snapshotIndex: r.snapshotIndex,
    fetchedAt: iso(r.fetchedAt)!,
  })),
  version: d.version ?? 0,
  draftedByName: d.draftedByName ?? '',
  draftedAt: iso(d.draftedAt),
  decidedByName: d.decidedByName ?? '',
  decidedAt: iso(d.decidedAt),
  decisionComment: d.decisionComment ?? '',
})

export interface ClarificationRow {
  itemCode: string
  titleTh: string
  titleEn: string
  result: PreliminaryResult
  comment: string
  recordedByName: string
  recordedAt: string
  clarificationStatus: ClarificationStatus | null
  /** The assigned units, by name. */
  owners: Bilingual[]
}

const isIta = (c: { kind: string }) => c.kind === 'ita' || c.kind === 'ita-variant'

/** The organization's ITA catalogs (not archived) to pick from. */
export async function listClarificationCatalogs(organizationId: string) {
  return (await listCatalogs(organizationId))
    .filter((c) => isIta(c) && c.status !== 'archived')
    .map((c) => ({
      id: c.id,
      nameTh: c.nameTh,
      nameEn: c.nameEn,
      fiscalYear: c.fiscalYear,
      version: c.version,
      status: c.status,
    }))
}

/** What the pages show of the catalog a clarification belongs to. */
const catalogHeading = (c: StoredCatalog) => ({
  id: c.id,
  key: c.key,
  nameTh: c.nameTh,
  nameEn: c.nameEn,
  fiscalYear: c.fiscalYear,
})

function criteriaOf(catalog: StoredCatalog) {
  if (catalog.content.kind !== 'ita' && catalog.content.kind !== 'ita-variant') return []
  return listCriteria(catalog.content).map(({ criterion }) => criterion)
}

/** The list screen: every criterion with a preliminary result, with its clarification status, owners and the window. */
export async function listClarifications(organizationId: string, catalogId: string, now = new Date()) {
  const catalog = toObjectId(catalogId) ? await getCatalog(organizationId, catalogId) : null
  if (!catalog || !isIta(catalog)) return null
  const criteria = criteriaOf(catalog)
  const [results, clarifications, assignments, units] = await Promise.all([
    ResultModel.find({ organizationId: oid(organizationId), catalogId: oid(catalog.id) }).lean<ResultDoc[]>(),
    ClarificationModel.find({ organizationId: oid(organizationId), catalogId: oid(catalog.id) })
      .select({ itemCode: 1, status: 1 })
      .lean<ClarificationDoc[]>(),
    listAssignments(organizationId, catalog.id),
    listUnits(organizationId),
  ])
  const resultOf = new Map(results.map((r) => [r.itemCode, r]))
  const statusOf = new Map(clarifications.map((c) => [c.itemCode, c.status as ClarificationStatus]))
  const unitsOf = new Map(assignments.map((a) => [a.itemCode, a.unitIds]))
  const unitName = new Map(units.map((u) => [u.id, { th: u.nameTh, en: u.nameEn || u.nameTh }]))
  const rows: ClarificationRow[] = criteria
    .filter((c) => resultOf.has(c.code))
    .map((c) => {
      const r = resultOf.get(c.code)!
      return {
        itemCode: c.code,
        titleTh: c.title.th,
        titleEn: c.title.en,
        result: r.result as PreliminaryResult,
        comment: r.comment ?? '',
        recordedByName: r.recordedByName ?? '',
        recordedAt: iso(r.recordedAt)!,
        clarificationStatus: statusOf.get(c.code) ?? null,
        owners: (unitsOf.get(c.code) ?? []).map((u) => unitName.get(u)).filter((u): u is Bilingual => Boolean(u)),
      }
    })
  return {
    catalog: { ...catalogHeading(catalog), status: catalog.status },
    criteria: criteria.map((c) => ({ code: c.code, titleTh: c.title.th, titleEn: c.title.en })),
    rows,
    window: await clarificationWindow(organizationId, catalog.fiscalYear, now),
  }
}

/** A link evidence that can be referenced: published on the website, with its snapshots. */
export interface PublishedLink {
  id: string
  title: string
  url: string
  snapshots: { index: number; fetchedAt: string }[]
  /** Linked to an element of this criterion. */
  linkedHere: boolean
}

const publishedLink = (e: Evidence, catalogId: string, itemCode: string): PublishedLink => ({
  id: e.id,
  title: e.title,
  url: e.url ?? '',
  snapshots: e.snapshots.map((s, index) => ({ index, fetchedAt: s.fetchedAt })),
  linkedHere: e.links.some((l) => l.catalogId === catalogId && l.itemCode === itemCode),
})

/** The detail screen of one criterion; null when the catalog or criterion is not the organization's. */
export async function getClarification(organizationId: string, catalogId: string, itemCode: string, now = new Date()) {
  const catalog = toObjectId(catalogId) ? await getCatalog(organizationId, catalogId) : null
  if (!catalog || !isIta(catalog)) return null
  const criterion = criteriaOf(catalog).find((c) => c.code === itemCode)
  if (!criterion) return null
  const k = itemKeyOf(organizationId, catalog.id, itemCode)
  const [result, doc, assignment, units] = await Promise.all([
    ResultModel.findOne(k).lean<ResultDoc>(),
    ClarificationModel.findOne(k).lean<ClarificationDoc>(),
    listAssignments(organizationId, catalog.id).then((list) => list.find((a) => a.itemCode === itemCode) ?? null),
    listUnits(organizationId),
  ])
  const unitName = new Map(units.map((u) => [u.id, { th: u.nameTh, en: u.nameEn || u.nameTh }]))
  // what can be referenced: link evidence with at least one snapshot, this criterion's first
  const links = (await listEvidence(organizationId, { type: 'link' }, 500))
    .filter((e) => e.snapshots.length > 0)
    .map((e) => publishedLink(e, catalog.id, itemCode))
    .sort((a, b) => Number(b.linkedHere) - Number(a.linkedHere))
  return {
    catalog: { ...catalogHeading(catalog), archived: catalog.status === 'archived' },
    itemCode,
    titleTh: criterion.title.th,
    titleEn: criterion.title.en,
    result: result
      ? {
          result: result.result as PreliminaryResult,
          comment: result.comment ?? '',
          recordedByName: result.recordedByName ?? '',
          recordedAt: iso(result.recordedAt)!,
        }
      : null,
    clarification: doc ? toClarification(doc) : null,
    unitIds: assignment?.unitIds ?? [],
    owners: (assignment?.unitIds ?? []).map((u) => unitName.get(u)).filter((u): u is Bilingual => Boolean(u)),
    window: await clarificationWindow(organizationId, catalog.fiscalYear, now),
    links,
  }
}

// ---- preliminary results --------------------------------------------------------------------

const mayRecord = (actor: Actor, membership: MembershipGrant) =>
  can(membership, 'catalog.manage', { organizationId: actor.organizationId }) ||
  can(membership, 'assignment.manage', { organizationId: actor.organizationId })

async function requireItaCatalog(organizationId: string, catalogId: string) {
  const catalog = toObjectId(catalogId) ? await getCatalog(organizationId, catalogId) : null
  if (!catalog || !isIta(catalog)) throw notFound()
  if (catalog.status === 'archived')
    throw new AppError(bi('แค็ตตาล็อกนี้ถูกเก็บถาวรแล้ว เปลี่ยนแปลงไม่ได้', 'this catalog is archived: nothing can change'), 409)
  return catalog
}

const CommentSchema = z
  .string()
  .trim()
  .max(2000, bi('ความเห็นของผู้ประเมิน: ยาวได้ไม่เกิน 2,000 ตัวอักษร', 'assessor’s comment: at most 2,000 characters'))
  .default('')
export const ResultInputSchema = z.object({
  itemCode: z.string().trim().min(1, bi('ข้อ: จำเป็นต้องเลือก', 'criterion: required')),
  result: z.enum(PRELIMINARY_RESULTS, {
    errorMap: () => ({
      message: bi('ผลเบื้องต้น: ต้องเป็น "ผ่าน" หรือ "ไม่ผ่าน"', 'preliminary result: must be passed or not passed'),
    }),
  }),
  comment: CommentSchema,
})

async function writeResult(
  actor: Actor,
  catalog: StoredCatalog,
  row: { itemCode: string; result: PreliminaryResult; comment: string },
) {
  const k = itemKeyOf(actor.organizationId, catalog.id, row.itemCode)
  const before = await ResultModel.findOne(k).lean<ResultDoc>()
  if (before && before.result === row.result && (before.comment ?? '') === row.comment) return null
  // a simultaneous first record wins the unique index: ours becomes an update
  await upsertByKey(ResultModel, k, () => ({
    $set: { result: row.result, comment: row.comment, recordedByName: actor.userName, recordedAt: new Date() },
  }))
  return {
    item: row.itemCode,
    before: before ? { result: before.result, comment: before.comment } : null,
    after: { result: row.result, comment: row.comment },
  }
}

/** An administrator records one criterion's preliminary result by hand. */
export async function recordPreliminaryResult(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  input: z.input<typeof ResultInputSchema>,
): Promise<void> {
  if (!mayRecord(actor, membership)) throw forbidden()
  const parsed = ResultInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const catalog = await requireItaCatalog(actor.organizationId, catalogId)
  if (!criteriaOf(catalog).some((c) => c.code === parsed.data.itemCode))
    throw new AppError(
      bi(`ข้อ: ไม่พบ ${parsed.data.itemCode} ในแค็ตตาล็อกนี้`, `criterion: ${parsed.data.itemCode} is not in this catalog`),
      400,
      { itemCode: bi('ไม่พบในแค็ตตาล็อกนี้', 'not in this catalog') },
    )
  await indexesReady()
  const change = await writeResult(actor, catalog, parsed.data)
  if (change)
    await recordAudit(actor, {
      action: 'clarification.result',
      targetType: 'clarification',
      targetLabel: `${catalog.key} ${parsed.data.itemCode}`,
      changes: { result: { before: change.before, after: change.after } },
    })
}

const HEADERS: Record<'code' | 'result' | 'comment', string[]> = {
  code: ['criterion code', 'criterion', 'code', 'item', 'รหัสข้อ', 'ข้อ', 'รหัส', 'ข้อการประเมิน'],
  result: ['result', 'preliminary result', 'ผล', 'ผลการประเมิน', 'ผลเบื้องต้น', 'ผลการประเมินเบื้องต้น'],
  comment: [
    'comment',
    'assessor comment',
    "assessor's comment",
    'ความเห็น',
    'ความเห็นผู้ประเมิน',
    'ความเห็นของผู้ประเมิน',
    'ข้อเสนอแนะ',
  ],
}
const COLUMN_TEXT = {
  code: { th: 'รหัสข้อ', en: 'criterion code' },
  result: { th: 'ผล', en: 'result' },
  comment: { th: 'ความเห็น', en: 'comment' },
}
const PASSED = new Set(['passed', 'pass', 'ผ่าน', 'yes', 'y', '1', 'มี'])
const NOT_PASSED = new Set(['not passed', 'not-passed', 'not_passed', 'failed', 'fail', 'ไม่ผ่าน', 'no', 'n', '0', 'ไม่มี'])
const MAX_CSV_BYTES = 1024 * 1024

export interface CsvProblem {
  row: number
  column: string
  message: string
}

function refuseCsv(problems: CsvProblem[]): never {
  const located = problems.map((p) => {
    const { th, en } = halves(p.message)
    return p.row
      ? { th: `แถว ${p.row} คอลัมน์ ${p.column}: ${th}`, en: `row ${p.row}, column ${p.column}: ${en}` }
      : { th, en }
  })
  throw new AppError(
    bi(
      `นำเข้าไม่ได้ ไม่มีข้อมูลใดถูกบันทึก: ${located.map((l) => l.th).join('; ')}`,
      `nothing imported: ${located.map((l) => l.en).join('; ')}`,
    ),
    400,
    Object.fromEntries(problems.map((p, i) => [`csv.${i}`, p.row ? bi(located[i].th, located[i].en) : p.message])),
  )
}

/**
 * Imports preliminary results from CSV (UTF-8 with or without BOM, or the Thai Windows code
 * page as Excel saves it): a header row naming the
 * columns criterion code, result and comment, in Thai or English. Every problem names its row
 * (the line of the file, the header being row 1), column and rule; with any problem nothing is
 * saved. Returns the number of criteria recorded.
 */
export async function importPreliminaryResults(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  csv: string | Uint8Array,
): Promise<{ rows: number; changed: number }> {
  if (!mayRecord(actor, membership)) throw forbidden()
  const catalog = await requireItaCatalog(actor.organizationId, catalogId)
  const bytes = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : Buffer.from(csv)
  if (bytes.length > MAX_CSV_BYTES)
    refuseCsv([{ row: 0, column: '', message: bi('ไฟล์: ใหญ่เกิน 1 MB', 'file: larger than 1 MB') }])
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Excel on Thai Windows saves "CSV" in the Thai code page (TIS-620) rather than UTF-8
    text = new TextDecoder('windows-874').decode(bytes)
  }
  let records: string[][]
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines
    refuseCsv([
      {
        row: line ?? 0,
        column: '-',
        message: bi('อ่านเป็น CSV ไม่ได้ (ตรวจเครื่องหมายคำพูด)', 'not readable as CSV (check the quotes)'),
      },
    ])
  }
  if (records.length === 0) refuseCsv([{ row: 0, column: '', message: bi('ไฟล์: ไม่มีข้อมูล', 'file: empty') }])
  const header = records[0].map((h) => h.trim().toLowerCase())
  const col = Object.fromEntries(
    (Object.keys(HEADERS) as (keyof typeof HEADERS)[]).map((k) => [k, header.findIndex((h) => HEADERS[k].includes(h))]),
  ) as Record<keyof typeof HEADERS, number>
  const missing = (['code', 'result'] as const).filter((k) => col[k] < 0)
  if (missing.length)
    refuseCsv(
      missing.map((k) => ({
        row: 1,
        column: k === 'code' ? 'รหัสข้อ/criterion code' : 'ผล/result',
        message: bi(
          `ไม่พบหัวคอลัมน์ "${COLUMN_TEXT[k].th}" (หรือ "${COLUMN_TEXT[k].en}")`,
          `no "${COLUMN_TEXT[k].en}" column header (or "${COLUMN_TEXT[k].th}")`,
        ),
      })),
    )
  const known = new Set(criteriaOf(catalog).map((c) => c.code))
  const problems: CsvProblem[] = []
  const seen = new Map<string, number>()
  const rows: { itemCode: string; result: PreliminaryResult; comment: string }[] = []
  records.slice(1).forEach((record, i) => {
    const row = i + 2
    const name = (k: keyof typeof HEADERS) => records[0][col[k]] || COLUMN_TEXT[k].en
    const code = (record[col.code] ?? '').trim()
    const rawResult = (record[col.result] ?? '').trim().toLowerCase()
    const comment = col.comment >= 0 ? (record[col.comment] ?? '').trim() : ''
    if (!code) problems.push({ row, column: name('code'), message: bi('จำเป็นต้องกรอก', 'required') })
    else if (!known.has(code))
      problems.push({
        row,
        column: name('code'),
        message: bi(`ไม่พบข้อ ${code} ในแค็ตตาล็อก ${catalog.key}`, `no criterion ${code} in catalog ${catalog.key}`),
      })
    else if (seen.has(code))
      problems.push({
        row,
        column: name('code'),
        message: bi(`ข้อ ${code} ซ้ำกับแถว ${seen.get(code)}`, `${code} repeats row ${seen.get(code)}`),
      })
    if (code) seen.set(code, seen.get(code) ?? row)
    const result = PASSED.has(rawResult) ? 'passed' : NOT_PASSED.has(rawResult) ? 'not-passed' : null
    if (!result)
      problems.push({
        row,
        column: name('result'),
        message: bi('ต้องเป็น "ผ่าน" หรือ "ไม่ผ่าน" (passed หรือ not passed)', 'must be passed or not passed (ผ่าน or ไม่ผ่าน)'),
      })
    if (comment.length > 2000)
      problems.push({
        row,
        column: name('comment'),
        message: bi('ยาวได้ไม่เกิน 2,000 ตัวอักษร', 'at most 2,000 characters'),
      })
    if (code && result) rows.push({ itemCode: code, result, comment })
  })
  if (problems.length) refuseCsv(problems)
  if (rows.length === 0)
    refuseCsv([{ row: 2, column: '-', message: bi('ไม่มีแถวข้อมูลใต้หัวคอลัมน์', 'no data rows under the header') }])
  await indexesReady()
  const changes = []
  for (const row of rows) {
    const change = await writeResult(actor, catalog, row)
    if (change) changes.push(change)
  }
  await recordAudit(actor, {
    action: 'clarification.import',
    targetType: 'clarification',
    targetLabel: `${catalog.key} (${rows.length})`,
    changes: {
      results: {
        before: changes.map((c) => ({ item: c.item, ...c.before })),
        after: changes.map((c) => ({ item: c.item, ...c.after })),
      },
    },
  })
  return { rows: rows.length, changed: changes.length }
}

// ---- clarifications -----------------------------------------------------------------------

export const DraftInputSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, bi('คำชี้แจง: จำเป็นต้องกรอก', 'clarification: required'))
    .max(8000, bi('คำชี้แจง: ยาวได้ไม่เกิน 8,000 ตัวอักษร', 'clarification: at most 8,000 characters')),
  evidenceIds: z
    .array(z.string().trim())
    .transform((ids) => [...new Set(ids.filter(Boolean))])
    .refine(
      (ids) => ids.length > 0,
      bi('หลักฐานอ้างอิง: เลือกลิงก์ที่เผยแพร่แล้วอย่างน้อย 1 รายการ', 'references: choose at least one published link'),
    )
    .refine((ids) => ids.length <= 50, bi('หลักฐานอ้างอิง: ได้ไม่เกิน 50 รายการ', 'references: at most 50')),
})
export const DecisionInputSchema = z.object({
  comment: z
    .string()
    .trim()
    .max(4000, bi('ความเห็น: ยาวได้ไม่เกิน 4,000 ตัวอักษร', 'comment: at most 4,000 characters'))
    .default(''),
})

const STATUS_TEXT: Record<ClarificationStatus | 'none', Bilingual> = {
  none: { th: 'ยังไม่มีคำชี้แจง', en: 'not drafted' },
  draft: { th: 'ร่าง', en: 'draft' },
  returned: { th: 'ส่งกลับให้แก้ไข', en: 'returned' },
  approved: { th: 'อนุมัติแล้ว', en: 'approved' },
}
const conflict = (status: string | null | undefined) => {
  const s = STATUS_TEXT[(status as ClarificationStatus) ?? 'none'] ?? STATUS_TEXT.none
  return new AppError(
    bi(
      `ดำเนินการไม่ได้: คำชี้แจงอยู่ในสถานะ "${s.th}" แล้ว (อาจมีผู้อื่นดำเนินการพร้อมกัน)`,
      `not possible: the clarification is already ${s.en} (someone may have acted at the same time)`,
    ),
    409,
  )
}

/** A reference must be link evidence with a snapshot: proof of what the website showed, and when. */
async function checkReferences(organizationId: string, ids: string[]) {
  const refs = []
  for (const id of ids) {
    const e = await getEvidence(organizationId, id)
    const field = { evidenceIds: '' }
    if (!e || e.deletedAt) {
      field.evidenceIds = bi(`ไม่พบหลักฐาน ${id} ในคลัง`, `evidence ${id} is not in the library`)
    } else if (e.type !== 'link') {
      const kind = e.type === 'file' ? { th: 'ไฟล์', en: 'a file' } : { th: 'ข้อความ', en: 'a text' }
      field.evidenceIds = bi(
        `"${e.title}" เป็น${kind.th} ไม่ใช่ลิงก์ที่เผยแพร่บนเว็บไซต์: คำชี้แจงอ้างอิงได้เฉพาะข้อมูลที่เผยแพร่แล้วและมีสำเนาหน้าเว็บ`,
        `"${e.title}" is ${kind.en}, not a link published on the website: a clarification may only reference ` +
          `published information with a snapshot`,
      )
    } else if (e.snapshots.length === 0) {
      field.evidenceIds = bi(
        `ลิงก์ "${e.title}" ยังไม่มีสำเนาหน้าเว็บ: ตรวจลิงก์ที่หน้าของหลักฐานก่อน เพื่อบันทึกว่าเผยแพร่แล้วเมื่อใด`,
        `link "${e.title}" has no snapshot yet: check the link on its evidence page first, to record when it ` +
          `was published`,
      )
    }
    if (field.evidenceIds) {
      const { th, en } = halves(field.evidenceIds)
      throw new AppError(bi(th, `references: ${en}`), 400, field)
    }
    const index = e!.snapshots.length - 1
    refs.push({
      evidenceId: e!.id,
      title: e!.title,
      url: e!.url ?? '',
      snapshotIndex: index,
      fetchedAt: new Date(e!.snapshots[index].fetchedAt),
    })
  }
  return refs
}

interface Target {
  catalog: StoredCatalog
  k: ReturnType<typeof itemKeyOf>
  unitIds: string[]
  result: ResultDoc | null
}

async function requireCriterion(organizationId: string, catalogId: string, itemCode: string): Promise<Target> {
  const catalog = await requireItaCatalog(organizationId, catalogId)
  if (!criteriaOf(catalog).some((c) => c.code === itemCode)) throw notFound()
  const k = itemKeyOf(organizationId, catalog.id, itemCode)
  const assignment = (await listAssignments(organizationId, catalog.id)).find((a) => a.itemCode === itemCode)
  return { catalog, k, unitIds: assignment?.unitIds ?? [], result: await ResultModel.findOne(k).lean<ResultDoc>() }
}

/**
 * Claims the version read and writes the change: of two simultaneous changes starting from the
 * same version, exactly one gets here; the other is refused with 409.
 */
async function applyChange(
  actor: Actor,
  docId: mongoose.Types.ObjectId,
  version: number,
  currentStatus: string,
  set: Record<string, unknown>,
) {
  if (!(await claim(`clarification:${docId.toString()}:${version}`))) {
    const latest = await ClarificationModel.findOne({ _id: docId, organizationId: oid(actor.organizationId) })
      .select({ status: 1 })
      .lean<ClarificationDoc>()
    throw latest?.status !== currentStatus
      ? conflict(latest?.status)
      : new AppError(
          bi(
            'มีผู้อื่นแก้ไขคำชี้แจงนี้พร้อมกัน กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง',
            'someone else changed this clarification at the same time: reload and try again',
          ),
          409,
        )
  }
  // the claim decided the race; FerretDB v1 may report a concurrent write unreliably, so success is read back
  for (let attempt = 0; ; attempt++) {
    const current = await ClarificationModel.findOne({ _id: docId, organizationId: oid(actor.organizationId) })
      .select({ version: 1 })
      .lean<ClarificationDoc>()
    if ((current?.version ?? 0) > version) break
    if (attempt === 3)
      throw new Error(`clarification ${docId.toString()}: claimed version ${version} but could not write it`)
    await ClarificationModel.updateOne(
      { _id: docId, organizationId: oid(actor.organizationId), version },
      { $set: { ...set, version: version + 1 } },
    ).catch(() => null)
  }
}

/**
 * A coordinator of an assigned unit drafts (or redrafts) the clarification of a criterion that
 * did not pass, referencing published links with snapshots. Refused after the window closes,
 * once approved, and for criteria that passed or have no preliminary result.
 */
export async function draftClarification(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof DraftInputSchema>,
  now = new Date(),
): Promise<Clarification> {
  const target = await requireCriterion(actor.organizationId, catalogId, itemCode)
  if (
    !target.unitIds.length ||
    !can(membership, 'evidence.upload', { organizationId: actor.organizationId, unitIds: target.unitIds })
  )
    throw forbidden()
  if (!target.result)
    throw new AppError(
      bi(
        'ยังไม่มีผลการประเมินเบื้องต้นของข้อนี้ จึงยังไม่ต้องชี้แจง',
        'no preliminary result is recorded for this criterion: there is nothing to clarify yet',
      ),
      409,
    )
  if (target.result.result === 'passed')
    throw new AppError(
      bi(
        'ข้อนี้ผ่านในผลเบื้องต้นแล้ว ไม่ต้องชี้แจง',
        'this criterion passed in the preliminary results: no clarification is needed',
      ),
      409,
    )
  const window = await clarificationWindow(actor.organizationId, target.catalog.fiscalYear, now)
  if (window.overdue)
    throw new AppError(
      bi(
        `ร่างคำชี้แจงไม่ได้: ช่วงชี้แจงเพิ่มเติมสิ้นสุดเมื่อ ${formatDate(window.endsOn!, 'th', { style: 'long' })} แล้ว`,
        `cannot draft: the clarification window ended on ${formatDate(window.endsOn!, 'en', { style: 'long' })}`,
      ),
      409,
    )
  const parsed = DraftInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const references = await checkReferences(actor.organizationId, parsed.data.evidenceIds)
  await indexesReady()
  // only a missing document is upserted: FerretDB v1 applies an upsert to an existing one as
  // read-then-write, which could undo a decision written beside it
  if (!(await ClarificationModel.exists(target.k))) {
    try {
      await ClarificationModel.updateOne(target.k, { $setOnInsert: { status: 'draft', version: 0 } }, { upsert: true })
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error // the other first draft created it
    }
  }
  const before = (await ClarificationModel.findOne(target.k).lean<ClarificationDoc>())!
  if (before.status === 'approved') throw conflict('approved')
  await applyChange(actor, before._id, before.version ?? 0, before.status, {
    status: 'draft',
    text: parsed.data.text,
    references,
    draftedByName: actor.userName,
    draftedAt: now,
  })
  await recordAudit(actor, {
    action: 'clarification.draft',
    targetType: 'clarification',
    targetId: before._id.toString(),
    targetLabel: `${target.catalog.key} ${itemCode}`,
    changes: {
      status: { before: before.text ? before.status : null, after: 'draft' },
      text: { before: before.text || null, after: parsed.data.text },
      references: {
        before: (before.references ?? []).map((r) => r.evidenceId),
        after: references.map((r) => r.evidenceId),
      },
    },
  })
  return toClarification((await ClarificationModel.findOne(target.k).lean<ClarificationDoc>())!)
}

async function decide(
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  to: 'approved' | 'returned',
  input: z.input<typeof DecisionInputSchema>,
): Promise<Clarification> {
  if (!can(membership, 'review.decide', { organizationId: actor.organizationId })) throw forbidden()
  const parsed = DecisionInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  if (to === 'returned' && !parsed.data.comment)
    throw new AppError(
      bi('ความเห็นถึงผู้ประสานงาน: จำเป็นต้องกรอกเมื่อส่งกลับ', 'comment to the coordinator: required to return'),
      400,
      { comment: bi('จำเป็นต้องกรอกเมื่อส่งกลับ', 'required to return') },
    )
  const target = await requireCriterion(actor.organizationId, catalogId, itemCode)
  const before = await ClarificationModel.findOne(target.k).lean<ClarificationDoc>()
  if (!before || before.status !== 'draft' || !before.text) throw conflict(before?.text ? before.status : null)
  const now = new Date()
  await applyChange(actor, before._id, before.version ?? 0, before.status, {
    status: to,
    decidedByName: actor.userName,
    decidedAt: now,
    decisionComment: parsed.data.comment,
  })
  await recordAudit(actor, {
    action: to === 'approved' ? 'clarification.approve' : 'clarification.return',
    targetType: 'clarification',
    targetId: before._id.toString(),
    targetLabel: `${target.catalog.key} ${itemCode}`,
    changes: {
      status: { before: before.status, after: to },
      ...(parsed.data.comment ? { comment: { before: null, after: parsed.data.comment } } : {}),
    },
  })
  return toClarification((await ClarificationModel.findOne(target.k).lean<ClarificationDoc>())!)
}

/** An assessor approves a drafted clarification (claim-protected: of two simultaneous approvals one wins). */
export const approveClarification = (
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof DecisionInputSchema> = {},
) => decide(actor, membership, catalogId, itemCode, 'approved', input)

/** An assessor returns a drafted clarification with a comment. */
export const returnClarification = (
  actor: Actor,
  membership: MembershipGrant,
  catalogId: string,
  itemCode: string,
  input: z.input<typeof DecisionInputSchema>,
) => decide(actor, membership, catalogId, itemCode, 'returned', input)
