/**
 * Catalog documents: the criteria of one framework for one fiscal year, as data.
 *
 * Pure zod (no mongoose, no I/O) so the same schema validates built-in files, JSON imports and
 * what the app stores. Criteria change every fiscal year and ministries add variants, so nothing
 * here hard-codes an item list: structure, weights and result bands all live in the document.
 */
import { z } from 'zod'
import { ELEMENT_EVIDENCE_KINDS } from '#models/evidence/kinds'
import { formatPath, WEIGHT_TOLERANCE } from '#scoring/index'

// ---------------------------------------------------------------------------------------------
// Vocabularies

export const CATALOG_KINDS = [
  'ita',
  'ita-variant',
  'kpi-agreement',
  'integrity-policy',
  'improvement-measures',
] as const
export const CATALOG_STATUSES = ['draft', 'published', 'archived'] as const
export const TOOL_CODES = ['IIT', 'EIT', 'OIT'] as const
/**
 * Which document dates satisfy an element:
 * - `current-fy` / `previous-fy`: dated in the assessed fiscal year / the one before it;
 * - `first-half-current-fy`: covers October–March of the assessed fiscal year;
 * - `monthly-12`: one document per month for the 12 months of the last complete fiscal year;
 * - `quarterly`: one document per quarter of the assessed fiscal year reached so far;
 * - `any`: undated (e.g. a law, an organisation chart that is simply current).
 */
export const PERIOD_RULES = [
  'current-fy',
  'previous-fy',
  'first-half-current-fy',
  'monthly-12',
  'quarterly',
  'any',
] as const
/** Short type names an element may accept; `evidence/` maps them to sniffed MIME types. */
export const FILE_TYPES = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'odt',
  'ods',
  'odp',
  'rtf',
  'csv',
  'txt',
  'jpg',
  'png',
  'gif',
  'webp',
  'tif',
  'mp4',
  'zip',
] as const
/** รอบการรายงาน: the reporting rounds, by the months of the fiscal year they report on (6, 9 and 12). */
export const REPORTING_ROUNDS = [6, 9, 12] as const
export type Round = (typeof REPORTING_ROUNDS)[number]
/**
 * How sure the content is, per the ITA reference: `confirmed` (an official page or several sources), `one-source`
 * (one agency's published pages only), `unconfirmed` (inferred, carried over, third-party code or unknown).
 */
export const CONFIDENCE_LEVELS = ['confirmed', 'one-source', 'unconfirmed'] as const

// ---------------------------------------------------------------------------------------------
// Building blocks

const text = z.string().trim().min(1)
/** Text the UI shows in either language: both required. */
export const LocalizedTextSchema = z.object({ th: text, en: text }).strict()
/** Thai text as a source gives it; English optional (long seed texts are not translated). */
export const ThaiTextSchema = z.object({ th: text, en: text.optional() }).strict()
const CODE_RULE = 'รหัสใช้ได้เฉพาะ A–Z a–z 0–9 . _ - / code may only use A–Z a–z 0–9 . _ -'
const CodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, CODE_RULE)
const KeySchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'key ใช้ได้เฉพาะ a–z 0–9 คั่นด้วย - / key may only use a–z 0–9 separated by -')
const percent = z.number().min(0).max(100)
const int = z.number().int()

/**
 * Confidence of a part of a catalog and where it comes from. The source text sits under `note`, which the year
 * shift leaves alone (a source keeps its own years). Optional everywhere so older JSON still imports; see
 * `resolveConfidence` for what an absent one means.
 */
export const ConfidenceSchema = z.object({ level: z.enum(CONFIDENCE_LEVELS), note: ThaiTextSchema }).strict()

/** One line an assessor ticks, and the evidence that proves it (องค์ประกอบด้านข้อมูล). */
export const RequirementElementSchema = z
  .object({
    /** Stable within its criterion/activity, so reviews and evidence links survive text edits. */
    id: CodeSchema,
    text: ThaiTextSchema,
    evidenceKind: z.enum(ELEMENT_EVIDENCE_KINDS),
    minCount: int.min(1),
    period: z.enum(PERIOD_RULES),
    /** Only for `file` evidence; absent = any type the system accepts. */
    fileTypes: z.array(z.enum(FILE_TYPES)).min(1).optional(),
    /**
     * Evidence the assessor may look at but does not require (e.g. one report per risk area): never blocks a
     * submission nor counts as missing; `minCount` is what counts once some is given.
     */
    optional: z.boolean().optional(),
    note: ThaiTextSchema.optional(),
  })
  .strict()

// ---- ITA ------------------------------------------------------------------------------------

/** An OIT item (O1, O2 …). It scores 0 or 100: all elements present, or not. */
export const CriterionSchema = z
  .object({
    code: CodeSchema,
    title: LocalizedTextSchema,
    description: ThaiTextSchema.optional(),
    /** True when the title or element text is a reconstruction not checked against the manual. */
    provisional: z.boolean().optional(),
    /**
     * An item known to exist (its number is taken) whose content is unknown: listed and assignable, but left out
     * of score projections (shown as "unknown", never counted as 0).
     */
    placeholder: z.boolean().optional(),
    confidence: ConfidenceSchema.optional(),
    /** A catalog whose content this item reports on (e.g. the improvement-measures plan for the measures report). */
    relatedCatalogKey: KeySchema.optional(),
    elements: z.array(RequirementElementSchema).min(1),
    note: ThaiTextSchema.optional(),
  })
  .strict()

/** `confidence` here is that of the grouping: which criteria form this sub-indicator (it moves projections). */
export const SubIndicatorSchema = z
  .object({
    code: CodeSchema,
    name: LocalizedTextSchema,
    confidence: ConfidenceSchema.optional(),
    criteria: z.array(CriterionSchema).min(1),
  })
  .strict()

/** IIT/EIT indicators take survey scores (0–100); OIT indicators are checklists of criteria. */
export const IndicatorSchema = z.discriminatedUnion('kind', [
  z.object({ number: int.min(1), name: LocalizedTextSchema, kind: z.literal('survey') }).strict(),
  z
    .object({
      number: int.min(1),
      name: LocalizedTextSchema,
      kind: z.literal('checklist'),
      subIndicators: z.array(SubIndicatorSchema).min(1),
    })
    .strict(),
])

export const ToolSchema = z
  .object({
    code: z.enum(TOOL_CODES),
    name: LocalizedTextSchema,
    weight: z.number().positive().max(100),
    indicators: z.array(IndicatorSchema).min(1),
  })
  .strict()

/**
 * A result band. Bands are ordered best first; a result takes the first band whose `minTotal`
 * it reaches and, when set, whose `minEveryTool` every tool reaches (the 2567+ rating rule).
 */
export const BandSchema = z
  .object({
    code: CodeSchema,
    label: LocalizedTextSchema,
    minTotal: percent,
    minEveryTool: percent.optional(),
    passes: z.boolean(),
  })
  .strict()

export const BandsSchema = z
  .object({
    scheme: z.enum(['letter', 'rating']),
    confidence: ConfidenceSchema.optional(),
    levels: z.array(BandSchema).min(1),
  })
  .strict()

// ---- KPI agreement --------------------------------------------------------------------------

export const MilestoneLevelSchema = z
  .object({
    level: int.min(1).max(5),
    steps: z.array(ThaiTextSchema).min(1, 'ระดับต้องมีอย่างน้อย 1 ขั้นตอน / a level needs at least one step'),
  })
  .strict()

export const KpiScoringSchema = z.discriminatedUnion('kind', [
  /** Level k is reached when the steps of levels 1…k are done. */
  z.object({ kind: z.literal('milestone'), levels: z.array(MilestoneLevelSchema).length(5) }).strict(),
  /** T1…T5: results between thresholds interpolate; `descending` = lower is better. */
  z
    .object({
      kind: z.literal('quantitative'),
      direction: z.enum(['ascending', 'descending']),
      unit: ThaiTextSchema,
      thresholds: z.array(z.number()).length(5),
    })
    .strict(),
])

export const KpiSchema = z
  .object({
    code: CodeSchema,
    name: LocalizedTextSchema,
    weight: z.number().positive().max(100),
    description: ThaiTextSchema,
    /** Role or person (ผู้กำกับดูแลตัวชี้วัด); templates hold role descriptions. */
    supervisor: ThaiTextSchema,
    dataCollector: ThaiTextSchema,
    baseline: z.array(
      z.object({ fiscalYear: int.min(2500).max(2700), value: z.number(), note: ThaiTextSchema.optional() }).strict(),
    ),
    reportingRounds: z.array(z.union([z.literal(6), z.literal(9), z.literal(12)])).min(1),
    scoring: KpiScoringSchema,
    evidence: z.array(RequirementElementSchema).optional(),
    note: ThaiTextSchema.optional(),
  })
  .strict()

// ---- Integrity policy and improvement measures ----------------------------------------------

/** Months of the fiscal year (October = 1 … September = 12) or quarters (Q1 = Oct–Dec). */
export const ActivityPeriodSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('month'), values: z.array(int.min(1).max(12)).min(1) }).strict(),
  z.object({ unit: z.literal('quarter'), values: z.array(int.min(1).max(4)).min(1) }).strict(),
])

export const ActivitySchema = z
  .object({
    code: CodeSchema,
    name: ThaiTextSchema,
    steps: z.array(ThaiTextSchema),
    /** Absent when the source gives no period. */
    period: ActivityPeriodSchema.optional(),
    /** Unit names as the source writes them; the administrator maps them to the agency's units. */
    hostUnit: text.optional(),
    supportUnits: z.array(text),
    /** Positions or people named responsible (ผู้รับผิดชอบ) when the source names people, not units. */
    responsible: z.array(text).optional(),
    indicator: ThaiTextSchema.optional(),
    target: ThaiTextSchema.optional(),
    evidence: z.array(RequirementElementSchema),
    note: ThaiTextSchema.optional(),
  })
  .strict()

export const MeasureSchema = z
  .object({
    code: CodeSchema,
    name: ThaiTextSchema,
    description: ThaiTextSchema.optional(),
    indicator: ThaiTextSchema.optional(),
    activities: z.array(ActivitySchema),
    note: ThaiTextSchema.optional(),
  })
  .strict()

export const PolicyAreaSchema = z
  .object({ code: CodeSchema, name: LocalizedTextSchema, measures: z.array(MeasureSchema).min(1) })
  .strict()

export const ImprovementIssueSchema = z
  .object({
    code: CodeSchema,
    name: LocalizedTextSchema,
    measures: z.array(MeasureSchema).min(1),
    note: ThaiTextSchema.optional(),
  })
  .strict()

/** A reporting deadline, as fiscal month (October = 1) and day. */
export const ReportingRoundSchema = z
  .object({ code: CodeSchema, name: LocalizedTextSchema, dueMonth: int.min(1).max(12), dueDay: int.min(1).max(31) })
  .strict()

// ---- The catalog ----------------------------------------------------------------------------

const common = {
  key: KeySchema,
  name: LocalizedTextSchema,
  fiscalYear: int.min(2500).max(2700),
  version: int.min(1),
  status: z.enum(CATALOG_STATUSES),
  provisional: z.boolean(),
  /** Where the content came from and what is unconfirmed. */
  provenance: LocalizedTextSchema,
  /** Of the catalog as a whole (its item list); parts carry their own. */
  confidence: ConfidenceSchema.optional(),
  description: ThaiTextSchema.optional(),
}

/** A catalog of one kind: its kind first, then the fields every catalog has, then its own. */
const catalogObject = <K extends z.ZodTypeAny, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ kind, ...common, ...shape }).strict()

const ItaCatalogObject = catalogObject(z.enum(['ita', 'ita-variant']), {
  /** For a variant, the key of the catalog it adapts. */
  basedOn: KeySchema.optional(),
  /** Of the tool weights as a set (e.g. IIT 30 / EIT 30 / OIT 40). */
  weightsConfidence: ConfidenceSchema.optional(),
  tools: z.array(ToolSchema).min(1),
  bands: BandsSchema,
})

const KpiAgreementCatalogObject = catalogObject(z.literal('kpi-agreement'), {
  /** Score when level 1 is not reached (agencies use 0 or 1). */
  scoreBelowLevel1: z.union([z.literal(0), z.literal(1)]),
  kpis: z.array(KpiSchema).min(1),
})

const IntegrityPolicyCatalogObject = catalogObject(z.literal('integrity-policy'), {
  reportingRounds: z.array(ReportingRoundSchema).optional(),
  policyAreas: z.array(PolicyAreaSchema).min(1),
})

const ImprovementMeasuresCatalogObject = catalogObject(z.literal('improvement-measures'), {
  reportingRounds: z.array(ReportingRoundSchema).optional(),
  issues: z.array(ImprovementIssueSchema).min(1),
})

export type ThaiText = z.infer<typeof ThaiTextSchema>
export type CatalogKind = (typeof CATALOG_KINDS)[number]
export type ToolCode = (typeof TOOL_CODES)[number]
export type PeriodRule = (typeof PERIOD_RULES)[number]
export type FileType = (typeof FILE_TYPES)[number]
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number]
export type Confidence = z.infer<typeof ConfidenceSchema>
export type RequirementElement = z.infer<typeof RequirementElementSchema>
export type Criterion = z.infer<typeof CriterionSchema>
export type SubIndicator = z.infer<typeof SubIndicatorSchema>
export type Indicator = z.infer<typeof IndicatorSchema>
export type Tool = z.infer<typeof ToolSchema>
export type Band = z.infer<typeof BandSchema>
export type Bands = z.infer<typeof BandsSchema>
export type MilestoneLevel = z.infer<typeof MilestoneLevelSchema>
export type KpiScoring = z.infer<typeof KpiScoringSchema>
export type Kpi = z.infer<typeof KpiSchema>
export type ActivityPeriod = z.infer<typeof ActivityPeriodSchema>
export type Activity = z.infer<typeof ActivitySchema>
export type Measure = z.infer<typeof MeasureSchema>
export type PolicyArea = z.infer<typeof PolicyAreaSchema>
export type ImprovementIssue = z.infer<typeof ImprovementIssueSchema>
export type ReportingRound = z.infer<typeof ReportingRoundSchema>
export type ItaCatalog = z.infer<typeof ItaCatalogObject>
export type KpiAgreementCatalog = z.infer<typeof KpiAgreementCatalogObject>
export type IntegrityPolicyCatalog = z.infer<typeof IntegrityPolicyCatalogObject>
export type ImprovementMeasuresCatalog = z.infer<typeof ImprovementMeasuresCatalogObject>
export type Catalog = ItaCatalog | KpiAgreementCatalog | IntegrityPolicyCatalog | ImprovementMeasuresCatalog

// ---------------------------------------------------------------------------------------------
// Cross-field rules (zod runs them only once the shape is valid, so the data is typed here)

type Path = (string | number)[]
type Add = (path: Path, message: string) => void

const duplicate = (code: string | number) => `รหัสซ้ำ / duplicate code: ${code}`

/** Reports every repeat of a code; `seen` may be shared so uniqueness spans a whole catalog. */
function unique<T>(
  items: readonly T[],
  code: (item: T) => string | number,
  at: (i: number) => Path,
  add: Add,
  seen = new Set<string>(),
) {
  items.forEach((item, i) => {
    const c = String(code(item))
    if (seen.has(c)) add(at(i), duplicate(c))
    seen.add(c)
  })
}

/** `unique` for the common case: the entries' `field`, at `at`'s index and `field`. */
function uniqueField<T>(items: readonly T[], field: keyof T & string, at: Path, add: Add, seen?: Set<string>) {
  unique(
    items,
    (item) => item[field] as string | number,
    (i) => [...at, i, field],
    add,
    seen,
  )
}

function checkElements(elements: readonly RequirementElement[], at: Path, add: Add) {
  uniqueField(elements, 'id', at, add)
  elements.forEach((e, i) => {
    if (e.fileTypes && e.evidenceKind !== 'file')
      add(
        [...at, i, 'fileTypes'],
        'fileTypes ใช้ได้กับหลักฐานชนิด file เท่านั้น / fileTypes only applies to evidenceKind "file"',
      )
    if (e.fileTypes)
      unique(
        e.fileTypes,
        (t) => t,
        (j) => [...at, i, 'fileTypes', j],
        add,
      )
  })
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0)
// Weights are decimals typed by people (e.g. 33.33): compare sums with the engine's tolerance,
// so that a catalog that publishes is one the engine scores.
const EPS = WEIGHT_TOLERANCE

function checkIta(c: ItaCatalog, add: Add) {
  if (c.basedOn && c.kind !== 'ita-variant')
    add(['basedOn'], 'basedOn ใช้ได้กับ ita-variant เท่านั้น / basedOn only applies to kind "ita-variant"')
  uniqueField(c.tools, 'code', ['tools'], add)
  // The national ITA always has the three tools; a ministry variant may drop some.
  if (c.kind === 'ita')
    for (const code of TOOL_CODES)
      if (!c.tools.some((t) => t.code === code)) add(['tools'], `ขาดแบบวัด ${code} / missing tool ${code}`)
  const total = sum(c.tools.map((t) => t.weight))
  if (Math.abs(total - 100) > EPS)
    add(['tools'], `น้ำหนักแบบวัดรวมกันต้องเท่ากับ 100 (ได้ ${total}) / tool weights must sum to 100 (got ${total})`)

  const numbers = new Set<string>(),
    subCodes = new Set<string>(),
    criterionCodes = new Set<string>()
  c.tools.forEach((tool, ti) => {
    const toolPath: Path = ['tools', ti, 'indicators']
    uniqueField(tool.indicators, 'number', toolPath, add, numbers)
    tool.indicators.forEach((ind, ii) => {
      const at: Path = [...toolPath, ii]
      const expected = tool.code === 'OIT' ? 'checklist' : 'survey'
      if (ind.kind !== expected)
        add(
          [...at, 'kind'],
          `ตัวชี้วัดของ ${tool.code} ต้องเป็นชนิด ${expected} / ${tool.code} indicators must be of kind "${expected}"`,
        )
      if (ind.kind !== 'checklist') return
      uniqueField(ind.subIndicators, 'code', [...at, 'subIndicators'], add, subCodes)
      ind.subIndicators.forEach((sub, si) => {
        const subPath: Path = [...at, 'subIndicators', si]
        if (!sub.code.startsWith(`${ind.number}.`))
          add(
            [...subPath, 'code'],
            `รหัสตัวชี้วัดย่อยต้องขึ้นต้นด้วย ${ind.number}. / sub-indicator code must start with "${ind.number}." (got ` +
              `${sub.code})`,
          )
        uniqueField(sub.criteria, 'code', [...subPath, 'criteria'], add, criterionCodes)
        sub.criteria.forEach((cr, ci) => {
          checkElements(cr.elements, [...subPath, 'criteria', ci, 'elements'], add)
          if (cr.placeholder && cr.confidence?.level === 'confirmed')
            add(
              [...subPath, 'criteria', ci, 'confidence', 'level'],
              'ข้อที่ยังไม่ทราบเนื้อหา (placeholder) ยืนยันแล้วไม่ได้ / a placeholder cannot be confirmed',
            )
          if (cr.elements.every((e) => e.optional))
            add(
              [...subPath, 'criteria', ci, 'elements'],
              'ต้องมีองค์ประกอบที่บังคับอย่างน้อย 1 รายการ / needs at least one required (not optional) element',
            )
        })
      })
    })
  })

  const levels = c.bands.levels
  uniqueField(levels, 'code', ['bands', 'levels'], add)
  levels.forEach((b, i) => {
    const prev = levels[i - 1]
    // Best first, so "first band that matches" is the right band: by minTotal, then minEveryTool.
    if (
      prev &&
      (b.minTotal > prev.minTotal ||
        (b.minTotal === prev.minTotal && (b.minEveryTool ?? 0) >= (prev.minEveryTool ?? 0)))
    )
      add(
        ['bands', 'levels', i],
        `ระดับผลต้องเรียงจากสูงไปต่ำ / bands must be ordered from highest to lowest (${b.code} after ${prev.code})`,
      )
  })
  const last = levels[levels.length - 1]
  if (last.minTotal !== 0 || last.minEveryTool !== undefined)
    add(
      ['bands', 'levels', levels.length - 1],
      'ระดับสุดท้ายต้องรับคะแนนตั้งแต่ 0 / the last band must start at 0 with no per-tool minimum',
    )
}

function checkKpis(c: KpiAgreementCatalog, add: Add) {
  uniqueField(c.kpis, 'code', ['kpis'], add)
  // A template may hold only some KPIs of a bigger agreement, so below 100 is allowed.
  const total = sum(c.kpis.map((k) => k.weight))
  if (total > 100 + EPS)
    add(['kpis'], `น้ำหนักตัวชี้วัดรวมกันต้องไม่เกิน 100 (ได้ ${total}) / KPI weights must not sum above 100 (got ${total})`)
  c.kpis.forEach((k, ki) => {
    const at: Path = ['kpis', ki]
    unique(
      k.reportingRounds,
      (r) => r,
      (i) => [...at, 'reportingRounds', i],
      add,
    )
    uniqueField(k.baseline, 'fiscalYear', [...at, 'baseline'], add)
    if (k.evidence) checkElements(k.evidence, [...at, 'evidence'], add)
    const s = k.scoring
    if (s.kind === 'milestone') {
      s.levels.forEach((l, i) => {
        if (l.level !== i + 1)
          add(
            [...at, 'scoring', 'levels', i, 'level'],
            `ระดับต้องเรียง 1–5 (ตำแหน่งนี้ต้องเป็น ${i + 1}) / levels must be 1–5 in order (expected ${i + 1}, got ` +
              `${l.level})`,
          )
      })
    } else {
      const t = s.thresholds
      const ordered = t.every((x, i) => i === 0 || (s.direction === 'ascending' ? x > t[i - 1] : x < t[i - 1]))
      if (!ordered)
        add(
          [...at, 'scoring', 'thresholds'],
          s.direction === 'ascending'
            ? `เกณฑ์ต้องเพิ่มขึ้นทุกระดับ (T1 < … < T5) / thresholds must strictly increase for direction "ascending": ` +
                `${t.join(', ')}`
            : `เกณฑ์ต้องลดลงทุกระดับ (T1 > … > T5) / thresholds must strictly decrease for direction "descending": ` +
                `${t.join(', ')}`,
        )
    }
  })
}

function checkMeasures(measures: readonly Measure[], at: Path, add: Add) {
  uniqueField(measures, 'code', at, add)
  measures.forEach((m, mi) => {
    const mPath: Path = [...at, mi, 'activities']
    uniqueField(m.activities, 'code', mPath, add)
    m.activities.forEach((a, ai) => {
      if (a.period)
        unique(
          a.period.values,
          (v) => v,
          (i) => [...mPath, ai, 'period', 'values', i],
          add,
        )
      checkElements(a.evidence, [...mPath, ai, 'evidence'], add)
    })
  })
}

function checkPlan(c: IntegrityPolicyCatalog | ImprovementMeasuresCatalog, add: Add) {
  if (c.reportingRounds) uniqueField(c.reportingRounds, 'code', ['reportingRounds'], add)
  const groups = c.kind === 'integrity-policy' ? c.policyAreas : c.issues
  const field = c.kind === 'integrity-policy' ? 'policyAreas' : 'issues'
  uniqueField(groups, 'code', [field], add)
  groups.forEach((g, gi) => checkMeasures(g.measures, [field, gi, 'measures'], add))
}

/** The full catalog schema: shape (discriminated by `kind`) plus the cross-field rules. */
export const CatalogSchema = z
  .discriminatedUnion('kind', [
    ItaCatalogObject,
    KpiAgreementCatalogObject,
    IntegrityPolicyCatalogObject,
    ImprovementMeasuresCatalogObject,
  ])
  .superRefine((c, ctx) => {
    const add: Add = (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message })
    if (c.kind === 'ita' || c.kind === 'ita-variant') checkIta(c, add)
    else if (c.kind === 'kpi-agreement') checkKpis(c, add)
    else if (c.kind === 'integrity-policy' || c.kind === 'improvement-measures') checkPlan(c, add)
  })

// ---------------------------------------------------------------------------------------------
// Parsing with Thai + English messages

/** zod's built-in messages are English only; the import screen shows these to Thai admins. */
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? { message: 'ต้องระบุค่านี้ / required' }
        : { message: `ชนิดข้อมูลไม่ถูกต้อง / wrong type: expected ${issue.expected}, got ${issue.received}` }
    case 'invalid_enum_value':
      return {
        message:
          `ค่าไม่อยู่ในรายการที่อนุญาต / not an allowed value: ${JSON.stringify(issue.received)} (allowed: ` +
          `${issue.options.join(', ')})`,
      }
    case 'invalid_union_discriminator':
      return { message: `ชนิดไม่ถูกต้อง / unknown kind (allowed: ${issue.options.map(String).join(', ')})` }
    case 'invalid_literal':
      return { message: `ต้องเป็น ${JSON.stringify(issue.expected)} / must be ${JSON.stringify(issue.expected)}` }
    case 'unrecognized_keys':
      return { message: `ฟิลด์ที่ไม่รู้จัก / unknown field: ${issue.keys.join(', ')}` }
    case 'invalid_union':
      return { message: 'ค่าไม่ตรงกับรูปแบบใดที่อนุญาต / value matches none of the allowed forms' }
    case 'too_small':
      if (issue.type === 'array')
        return issue.exact
          ? { message: `ต้องมี ${issue.minimum} รายการพอดี / needs exactly ${issue.minimum} items` }
          : { message: `ต้องมีอย่างน้อย ${issue.minimum} รายการ / needs at least ${issue.minimum} item(s)` }
      if (issue.type === 'string') return { message: 'ต้องไม่เว้นว่าง / must not be empty' }
      return issue.inclusive
        ? { message: `ต้องไม่น้อยกว่า ${issue.minimum} / must be at least ${issue.minimum}` }
        : { message: `ต้องมากกว่า ${issue.minimum} / must be greater than ${issue.minimum}` }
    case 'too_big':
      if (issue.type === 'array')
        return issue.exact
          ? { message: `ต้องมี ${issue.maximum} รายการพอดี / needs exactly ${issue.maximum} items` }
          : { message: `ต้องมีไม่เกิน ${issue.maximum} รายการ / needs at most ${issue.maximum} item(s)` }
      return { message: `ต้องไม่เกิน ${issue.maximum} / must be at most ${issue.maximum}` }
    default:
      return { message: ctx.defaultError }
  }
}

export type CatalogIssue = { path: string; message: string }
export type ParseCatalogResult = { ok: true; catalog: Catalog } | { ok: false; issues: CatalogIssue[] }

/** Validates an imported or stored catalog document; never throws. */
export function parseCatalog(json: unknown): ParseCatalogResult {
  const r = CatalogSchema.safeParse(json, { errorMap })
  if (r.success) return { ok: true, catalog: r.data }
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: i.message })),
  }
}

/** Every OIT criterion of an ITA catalog with where it sits, in document order. */
export function listCriteria(c: ItaCatalog) {
  return c.tools.flatMap((tool) =>
    tool.indicators.flatMap((indicator) =>
      indicator.kind === 'checklist'
        ? indicator.subIndicators.flatMap((subIndicator) =>
            subIndicator.criteria.map((criterion) => ({ tool, indicator, subIndicator, criterion })),
          )
        : [],
    ),
  )
}

// ---------------------------------------------------------------------------------------------
// Confidence, as stored or as derived when absent

export interface ResolvedConfidence extends Confidence {
  /** False when the catalog did not say and the level was derived. */
  explicit: boolean
}

const DERIVED_NOTE: Record<'confirmed' | 'unconfirmed', ThaiText> = {
  unconfirmed: {
    th: 'แค็ตตาล็อกไม่ได้ระบุระดับความเชื่อมั่น ถือว่ายังไม่ยืนยันเพราะเป็นข้อมูลเบื้องต้น',
    en: 'The catalog gives no confidence; taken as unconfirmed because it is provisional',
  },
  confirmed: {
    th: 'แค็ตตาล็อกไม่ได้ระบุระดับความเชื่อมั่น ถือว่ายืนยันแล้วเพราะไม่ได้เป็นข้อมูลเบื้องต้น',
    en: 'The catalog gives no confidence; taken as confirmed because it is not marked provisional',
  },
}

/**
 * The confidence of a part: the stored one, else derived: `unconfirmed` in a provisional catalog (or for a part
 * flagged provisional, or a placeholder), `confirmed` otherwise. Imports of older JSON thus keep working and
 * read as honestly as their `provisional` flags allow.
 */
export function resolveConfidence(
  catalog: { provisional: boolean },
  given: Confidence | undefined,
  part: { provisional?: boolean; placeholder?: boolean } = {},
): ResolvedConfidence {
  if (given) return { ...given, explicit: true }
  const level = catalog.provisional || part.provisional || part.placeholder ? 'unconfirmed' : 'confirmed'
  return { level, note: DERIVED_NOTE[level], explicit: false }
}

/**
 * Every confidence of an ITA catalog, resolved: the catalog, its weights, bands, sub-indicators and criteria by code.
 */
export function itaConfidence(c: ItaCatalog) {
  const subIndicators: Record<string, ResolvedConfidence> = {}
  const criteria: Record<string, ResolvedConfidence> = {}
  const placeholders: string[] = []
  for (const { subIndicator, criterion } of listCriteria(c)) {
    subIndicators[subIndicator.code] ??= resolveConfidence(c, subIndicator.confidence)
    criteria[criterion.code] = resolveConfidence(c, criterion.confidence, criterion)
    if (criterion.placeholder) placeholders.push(criterion.code)
  }
  return {
    catalog: resolveConfidence(c, c.confidence),
    weights: resolveConfidence(c, c.weightsConfidence),
    bands: resolveConfidence(c, c.bands.confidence),
    subIndicators,
    criteria,
    placeholders,
  }
}
export type ItaConfidence = ReturnType<typeof itaConfidence>
