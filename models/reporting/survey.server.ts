/**
 * IIT and EIT survey results: the score (0–100) of each survey indicator of an organization's ITA
 * catalog, entered by hand or imported from CSV. NACC runs the surveys; agencies only copy the
 * results in, so one document per (organization, catalog) holds the list, written in one update
 * (flat sub-documents: FerretDB v1 refuses arrays of arrays). When a year has no results yet,
 * last fiscal year's stored results stand in as an estimate, marked as such.
 */
import { Schema } from 'mongoose'
import { parse as parseCsv } from 'csv-parse/sync'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { getCatalog, listCatalogs, type StoredCatalog } from '#models/catalog/catalog.server'
import type { ItaCatalog } from '#models/catalog/schema'
import { keptByOrganization, type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, notFound, type Bilingual } from '#models/errors'
import { oid } from '#models/ids'

const scoreSchema = new Schema(
  { indicator: { type: Number, required: true }, score: { type: Number, required: true } },
  { _id: false },
)
const surveySchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  catalogId: { type: Schema.Types.ObjectId, required: true },
  fiscalYear: { type: Number, required: true },
  scores: { type: [scoreSchema], default: [] },
})
surveySchema.index({ organizationId: 1, catalogId: 1 }, { unique: true })
type SurveyDoc = LeanDoc<typeof surveySchema> & { updatedAt: Date }
// read by the dashboard for this year and last, written when an administrator enters results: kept under their stamp
const keptScores = keptByOrganization(surveySchema, 'surveys', 1000)
const SurveyModel = schemaModel('SurveyResult', surveySchema, 'survey_results')

export type StoredItaCatalog = StoredCatalog & { content: ItaCatalog }

const isIta = (c: StoredCatalog | null): c is StoredItaCatalog =>
  c !== null && (c.content.kind === 'ita' || c.content.kind === 'ita-variant')

/**
 * The ITA catalog an organization works with in a fiscal year: the published one (the NACC
 * framework before a variant); with `orArchived`, a year whose catalogs are all archived still
 * answers with its newest version (last year's result stays readable).
 */
export async function findItaCatalog(
  organizationId: string,
  fiscalYear: number,
  options: { orArchived?: boolean } = {},
): Promise<StoredItaCatalog | null> {
  const candidates = (await listCatalogs(organizationId))
    .filter((c) => c.fiscalYear === fiscalYear && (c.kind === 'ita' || c.kind === 'ita-variant'))
    .filter((c) => c.status === 'published' || (options.orArchived && c.status === 'archived'))
    .sort(
      (a, b) =>
        Number(b.status === 'published') - Number(a.status === 'published') ||
        Number(b.kind === 'ita') - Number(a.kind === 'ita') ||
        b.version - a.version,
    )
  const found = candidates[0] ? await getCatalog(organizationId, candidates[0].id) : null
  return isIta(found) ? found : null
}

/** Fiscal years in which the organization has a published ITA catalog, newest first. */
export async function listItaYears(organizationId: string): Promise<number[]> {
  const years = (await listCatalogs(organizationId))
    .filter((c) => (c.kind === 'ita' || c.kind === 'ita-variant') && c.status === 'published')
    .map((c) => c.fiscalYear)
  return [...new Set(years)].sort((a, b) => b - a)
}

/** One survey indicator of a catalog. */
export interface SurveyIndicator {
  number: number
  toolCode: 'IIT' | 'EIT'
  nameTh: string
  nameEn: string
}

export function surveyIndicators(catalog: ItaCatalog): SurveyIndicator[] {
  return catalog.tools.flatMap((t) =>
    t.indicators.flatMap((d) =>
      d.kind === 'survey'
        ? [{ number: d.number, toolCode: t.code as 'IIT' | 'EIT', nameTh: d.name.th, nameEn: d.name.en }]
        : [],
    ),
  )
}

async function storedScores(
  organizationId: string,
  catalogId: string,
): Promise<{ doc: { id: string; updatedAt: string } | null; scores: Map<number, number> }> {
  const kept = await keptScores(organizationId, `${organizationId}:${catalogId}`, async () => {
    const doc = await SurveyModel.findOne({
      organizationId: oid(organizationId),
      catalogId: oid(catalogId),
    }).lean<SurveyDoc>()
    return {
      doc: doc ? { id: doc._id.toString(), updatedAt: new Date(doc.updatedAt).toISOString() } : null,
      scores: (doc?.scores ?? []).map((s): [number, number] => [s.indicator, s.score]),
    }
  })
  return { doc: kept.doc, scores: new Map(kept.scores) }
}

/** Where a survey value comes from: entered for this year, last year's result as an estimate, or nothing. */
export type SurveySource = 'entered' | 'last-year' | 'missing'

export interface SurveyValue extends SurveyIndicator {
  entered: number | null
  lastYear: number | null
  /** What scoring uses: the entered value, else last year's. */
  value: number | null
  source: SurveySource
}

export interface SurveyView {
  catalogId: string
  fiscalYear: number
  values: SurveyValue[]
  /** Last fiscal year's ITA catalog whose results serve as estimates, when there is one. */
  lastYear: { catalogId: string; fiscalYear: number } | null
  updatedAt: string | null
}

/** A catalog's survey values: entered ones, else last year's stored results (matched by indicator number). */
export async function getSurveyView(organizationId: string, catalog: StoredItaCatalog): Promise<SurveyView> {
  const { doc, scores } = await storedScores(organizationId, catalog.id)
  const previous = await findItaCatalog(organizationId, catalog.fiscalYear - 1, { orArchived: true })
  const before = previous ? (await storedScores(organizationId, previous.id)).scores : new Map<number, number>()
  const values = surveyIndicators(catalog.content).map((d): SurveyValue => {
    const entered = scores.get(d.number) ?? null
    const lastYear = before.get(d.number) ?? null
    const value = entered ?? lastYear
    return {
      ...d,
      entered,
      lastYear,
      value,
      source: entered !== null ? 'entered' : lastYear !== null ? 'last-year' : 'missing',
    }
  })
  return {
    catalogId: catalog.id,
    fiscalYear: catalog.fiscalYear,
    values,
    lastYear: previous ? { catalogId: previous.id, fiscalYear: previous.fiscalYear } : null,
    updatedAt: doc ? doc.updatedAt : null,
  }
}

async function requireItaCatalog(organizationId: string, catalogId: string): Promise<StoredItaCatalog> {
  const catalog = await getCatalog(organizationId, catalogId)
  if (!catalog) throw notFound()
  if (!isIta(catalog))
    throw new AppError(
      bi('แค็ตตาล็อกนี้ไม่ใช่การประเมิน ITA จึงไม่มีผลแบบสำรวจ', 'this catalog is not an ITA: it has no survey results'),
      400,
    )
  return catalog
}

const SCORE_RULE = { th: 'ต้องเป็นตัวเลขตั้งแต่ 0 ถึง 100', en: 'must be a number from 0 to 100' }

/** "85.5" → 85.5; blank → null; anything else (text, out of range) → undefined. */
function readScore(raw: string): number | null | undefined {
  const text = raw.trim().replace(',', '.')
  if (text === '') return null
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined
  const n = Number(text)
  return n >= 0 && n <= 100 ? n : undefined
}

async function write(
  actor: Actor,
  catalog: StoredItaCatalog,
  next: Map<number, number>,
  action: string,
  extra: Record<string, { before: unknown; after: unknown }> = {},
): Promise<SurveyView> {
  const { doc, scores: before } = await storedScores(actor.organizationId, catalog.id)
  const label = (n: number) => `indicator ${n}`
  const changes = diff(
    Object.fromEntries([...before].map(([n, s]) => [label(n), s])),
    Object.fromEntries([...next].map(([n, s]) => [label(n), s])),
  )
  if (Object.keys(changes).length > 0) {
    const order = surveyIndicators(catalog.content).map((d) => d.number)
    const scores = order.filter((n) => next.has(n)).map((n) => ({ indicator: n, score: next.get(n)! }))
    // the whole list in one write: an import lands completely or not at all. Survey values are
    // plain data (the last save wins), so no claim is needed; of two simultaneous first saves the
    // upsert that loses the unique index simply writes again onto the document the other created.
    const key = { organizationId: oid(actor.organizationId), catalogId: oid(catalog.id) }
    const update = { $set: { scores, fiscalYear: catalog.fiscalYear } }
    await SurveyModel.init()
    await SurveyModel.updateOne(key, update, { upsert: true }).catch(async (error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error
      await SurveyModel.updateOne(key, update)
    })
    const saved =
      doc ??
      (await SurveyModel.findOne(key)
        .select({ _id: 1 })
        .lean<SurveyDoc>()
        .then((d) => d && { id: d._id.toString() }))
    await recordAudit(actor, {
      action,
      targetType: 'survey',
      targetId: saved?.id ?? null,
      targetLabel: `${catalog.key} ${catalog.fiscalYear}`,
      changes: { ...changes, ...extra },
    })
  }
  return getSurveyView(actor.organizationId, catalog)
}

/**
 * Saves the survey results typed on the form: `values` maps indicator number → text ("" clears
 * that indicator). Every value is checked first; a bad one is refused by name and nothing changes.
 */
export async function saveSurveyResults(
  actor: Actor,
  catalogId: string,
  values: Record<string, string>,
): Promise<SurveyView> {
  const catalog = await requireItaCatalog(actor.organizationId, catalogId)
  const indicators = new Map(surveyIndicators(catalog.content).map((d) => [d.number, d]))
  const fieldErrors: Record<string, string> = {}
  const next = (await storedScores(actor.organizationId, catalog.id)).scores
  for (const [key, raw] of Object.entries(values)) {
    const n = Number(key)
    const d = indicators.get(n)
    if (!d) {
      fieldErrors[`score.${key}`] = bi(
        `ตัวชี้วัดที่ ${key}: ไม่ใช่ตัวชี้วัดแบบสำรวจ (IIT/EIT) ของแค็ตตาล็อกนี้`,
        `indicator ${key}: not a survey (IIT/EIT) indicator of this catalog`,
      )
      continue
    }
    const score = readScore(raw)
    if (score === undefined)
      fieldErrors[`score.${n}`] = bi(
        `ตัวชี้วัดที่ ${n} (${d.toolCode}): ${SCORE_RULE.th}`,
        `indicator ${n} (${d.toolCode}): ${SCORE_RULE.en}`,
      )
    else if (score === null) next.delete(n)
    else next.set(n, score)
  }
  const errors = Object.values(fieldErrors)
  if (errors.length) throw new AppError(errors[0], 400, fieldErrors)
  return write(actor, catalog, next, 'survey.update')
}

/** Largest CSV accepted: a few lines per indicator are a few hundred bytes. */
export const MAX_SURVEY_CSV_BYTES = 100 * 1024

/**
 * Imports survey results from CSV: one row per indicator, columns "indicator number, score", an
 * optional header row. Any problem refuses the whole file, each problem naming its row and column;
 * indicators not in the file keep their values.
 */
export async function importSurveyCsv(
  actor: Actor,
  catalogId: string,
  text: string,
  fileName = '',
): Promise<SurveyView> {
  const catalog = await requireItaCatalog(actor.organizationId, catalogId)
  if (Buffer.byteLength(text, 'utf8') > MAX_SURVEY_CSV_BYTES)
    throw new AppError(bi('ไฟล์ CSV: ใหญ่เกิน 100 KB', 'CSV file: larger than 100 KB'), 400, {
      file: bi('ใหญ่เกิน 100 KB', 'larger than 100 KB'),
    })
  let rows: { record: string[]; info: { lines: number } }[]
  try {
    rows = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof rows
  } catch (error) {
    const line = (error as { lines?: number }).lines
    const at = line ? { th: `แถว ${line}: `, en: `row ${line}: ` } : { th: '', en: '' }
    throw new AppError(
      bi(
        `ไฟล์ CSV: ${at.th}อ่านไม่ได้ (${(error as Error).message})`,
        `CSV file: ${at.en}cannot be read (${(error as Error).message})`,
      ),
      400,
      { file: bi('อ่านไม่ได้', 'cannot be read') },
    )
  }
  const indicators = new Map(surveyIndicators(catalog.content).map((d) => [d.number, d]))
  // a first row whose first cell is not a number is a header ("indicator,score", "ตัวชี้วัด,คะแนน")
  if (rows[0] && !/^\s*\d+\s*$/.test(rows[0].record[0] ?? '')) rows = rows.slice(1)
  if (rows.length === 0)
    throw new AppError(
      bi(
        'ไฟล์ CSV: ไม่มีแถวข้อมูล (ต้องมีคอลัมน์ เลขตัวชี้วัด, คะแนน)',
        'CSV file: no data rows (columns: indicator number, score)',
      ),
      400,
      { file: bi('ไม่มีแถวข้อมูล', 'no data rows') },
    )
  const problems: Bilingual[] = []
  const seen = new Map<number, number>()
  const next = (await storedScores(actor.organizationId, catalog.id)).scores
  for (const { record, info } of rows) {
    const row = info.lines
    if (record.length !== 2) {
      problems.push({
        th: `แถว ${row}: ต้องมี 2 คอลัมน์ (เลขตัวชี้วัด, คะแนน) แต่มี ${record.length}`,
        en: `row ${row}: needs 2 columns (indicator number, score), has ${record.length}`,
      })
      continue
    }
    const [rawIndicator, rawScore] = record
    const n = /^\d+$/.test(rawIndicator) ? Number(rawIndicator) : NaN
    const d = indicators.get(n)
    if (!d) {
      problems.push({
        th:
          `แถว ${row} คอลัมน์ 1 (เลขตัวชี้วัด): "${rawIndicator}" ไม่ใช่ตัวชี้วัดแบบสำรวจของแค็ตตาล็อกนี้ ` +
          `(${[...indicators.keys()].join(', ')})`,
        en:
          `row ${row} column 1 (indicator number): "${rawIndicator}" is not a survey indicator of this ` +
          `catalog (${[...indicators.keys()].join(', ')})`,
      })
      continue
    }
    if (seen.has(n)) {
      problems.push({
        th: `แถว ${row} คอลัมน์ 1 (เลขตัวชี้วัด): ตัวชี้วัดที่ ${n} ซ้ำกับแถว ${seen.get(n)}`,
        en: `row ${row} column 1 (indicator number): indicator ${n} repeats row ${seen.get(n)}`,
      })
      continue
    }
    seen.set(n, row)
    const score = readScore(rawScore)
    if (score === undefined || score === null) {
      problems.push({
        th: `แถว ${row} คอลัมน์ 2 (คะแนน): "${rawScore}" ${SCORE_RULE.th}`,
        en: `row ${row} column 2 (score): "${rawScore}" ${SCORE_RULE.en}`,
      })
      continue
    }
    next.set(n, score)
  }
  if (problems.length) {
    const shown = problems.slice(0, 5)
    const more =
      problems.length > shown.length
        ? { th: ` และอีก ${problems.length - shown.length} ปัญหา`, en: ` and ${problems.length - shown.length} more` }
        : { th: '', en: '' }
    throw new AppError(
      bi(
        `นำเข้าไม่ได้ ไม่มีการเปลี่ยนแปลง: ${shown.map((p) => p.th).join('; ')}${more.th}`,
        `not imported, nothing changed: ${shown.map((p) => p.en).join('; ')}${more.en}`,
      ),
      400,
      { file: bi(shown[0].th, shown[0].en) },
    )
  }
  return write(actor, catalog, next, 'survey.import', fileName ? { file: { before: null, after: fileName } } : {})
}
