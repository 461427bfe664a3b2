/**
 * Authoring edits of a catalog draft, one item or part at a time, for every catalog kind:
 * - ITA: criteria and their required elements;
 * - KPI agreement: KPIs (code, name, weight, people, baseline, rounds, levels or thresholds);
 * - integrity policy / improvement measures: areas or issues → measures → activities.
 * Required elements (evidence) of criteria, KPIs and activities share the `element.*` edits; their
 * owner is named by `code`: a criterion code, a KPI code, or `area/measure/activity` for an activity.
 * Pure: returns a new catalog, which the caller validates with the full schema before saving (so an
 * edit can never store a broken catalog). Form-level rules are checked here first so that a refusal
 * names the form's field, in Thai and English.
 */
import { z } from 'zod'
import {
  CONFIDENCE_LEVELS,
  FILE_TYPES,
  PERIOD_RULES,
  REPORTING_ROUNDS,
  type Activity,
  type Catalog,
  type Confidence,
  type Criterion,
  type ImprovementIssue,
  type ImprovementMeasuresCatalog,
  type IntegrityPolicyCatalog,
  type ItaCatalog,
  type Kpi,
  type KpiAgreementCatalog,
  type Measure,
  type PolicyArea,
  type RequirementElement,
  type SubIndicator,
  type ThaiText,
} from '#models/catalog/schema'
import { ELEMENT_EVIDENCE_KINDS } from '#models/evidence/kinds'
import { AppError, bi } from '#models/errors'

/** The reporting rounds as the form's check boxes send them. */
const ROUND_VALUES = REPORTING_ROUNDS.map(String) as [string, ...string[]]

const req = (th: string, en: string) =>
  z
    .string({ required_error: bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`) })
    .trim()
    .min(1, bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`))
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
/** Same rule as the catalog schema's codes, said for the form field. */
const codeField = (th: string, en: string) =>
  req(th, en).pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        bi(`${th}: ใช้ได้เฉพาะ A–Z a–z 0–9 . _ -`, `${en}: may only use A–Z a–z 0–9 . _ -`),
      ),
  )
/** A textarea: one entry per non-empty line. */
const lines = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  )
/** A checkbox: present ("on") or absent. */
const flag = z
  .string()
  .optional()
  .transform((v) => v === 'on' || v === 'true')
/** Repeated form values (checkboxes) arrive as an array; a single one may arrive as a string. */
const many = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
const num = (th: string, en: string) =>
  z
    .string({ required_error: bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`) })
    .trim()
    .min(1, bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`))
    .transform((v) => Number(v.replace(/,/g, '')))
    .pipe(
      z
        .number({ invalid_type_error: bi(`${th}: ต้องเป็นตัวเลข`, `${en}: must be a number`) })
        .finite(bi(`${th}: ต้องเป็นตัวเลข`, `${en}: must be a number`)),
    )
const direction = z.enum(['up', 'down'])

const elementFields = {
  id: codeField('รหัสองค์ประกอบ', 'element id'),
  textTh: req('องค์ประกอบ (ไทย)', 'element (Thai)'),
  textEn: optional,
  evidenceKind: z.enum(ELEMENT_EVIDENCE_KINDS, {
    message: bi('ชนิดหลักฐาน: ต้องเป็น file, url หรือ text', 'evidence kind: must be file, url or text'),
  }),
  minCount: z.coerce
    .number({ message: bi('จำนวนขั้นต่ำ: ต้องเป็นตัวเลข', 'minimum count: must be a number') })
    .int(bi('จำนวนขั้นต่ำ: ต้องเป็นจำนวนเต็ม', 'minimum count: must be a whole number'))
    .min(1, bi('จำนวนขั้นต่ำ: อย่างน้อย 1', 'minimum count: at least 1')),
  period: z.enum(PERIOD_RULES, { message: bi('ช่วงวันที่: ไม่รู้จักค่านี้', 'period: unknown value') }),
  fileTypes: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .toLowerCase()
        .split(/[,\s]+/)
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(FILE_TYPES, {
          message: bi(`ชนิดไฟล์: ใช้ได้เฉพาะ ${FILE_TYPES.join(', ')}`, `file types: only ${FILE_TYPES.join(', ')}`),
        }),
      ),
    ),
  /** Absent keeps the stored note; empty removes it. */
  noteTh: z.string().trim().optional(),
  /** Optional evidence: never blocks a submission (the form's checkbox). */
  optional: flag,
}
const criterionFields = {
  titleTh: req('ชื่อข้อ (ไทย)', 'title (Thai)'),
  titleEn: req('ชื่อข้อ (อังกฤษ)', 'title (English)'),
  descriptionTh: optional,
  descriptionEn: optional,
  /** "The wording is not yet checked against the manual"; an administrator clears it once checked. */
  provisional: flag,
  /** Absent keeps the stored confidence; empty removes it (then derived from the provisional flags). */
  confidence: z
    .enum(['', ...CONFIDENCE_LEVELS], {
      message: bi(
        `ความเชื่อมั่น: ต้องเป็น ${CONFIDENCE_LEVELS.join(', ')}`,
        `confidence: must be ${CONFIDENCE_LEVELS.join(', ')}`,
      ),
    })
    .optional(),
  /** Where the confidence comes from (Thai); required with a level. */
  confidenceNoteTh: z.string().trim().optional(),
}
const kpiFields = {
  code: codeField('รหัสตัวชี้วัด', 'KPI code'),
  nameTh: req('ชื่อตัวชี้วัด (ไทย)', 'KPI name (Thai)'),
  nameEn: req('ชื่อตัวชี้วัด (อังกฤษ)', 'KPI name (English)'),
  weight: num('น้ำหนัก', 'weight').pipe(
    z
      .number()
      .gt(0, bi('น้ำหนัก: ต้องมากกว่า 0', 'weight: must be greater than 0'))
      .max(100, bi('น้ำหนัก: ต้องไม่เกิน 100', 'weight: must be at most 100')),
  ),
  descriptionTh: req('คำอธิบายตัวชี้วัด', 'description'),
  supervisorTh: req('ผู้กำกับดูแลตัวชี้วัด', 'KPI supervisor'),
  dataCollectorTh: req('ผู้จัดเก็บข้อมูล', 'data collector'),
  /** One line per year: "2567: 80" or "2567: 80 note". */
  baseline: lines,
  reportingRounds: many.pipe(
    z
      .array(
        z.enum(ROUND_VALUES, {
          message: bi('รอบการรายงาน: ใช้ได้เฉพาะ 6, 9, 12 เดือน', 'reporting rounds: only 6, 9 or 12 months'),
        }),
      )
      .min(1, bi('รอบการรายงาน: เลือกอย่างน้อย 1 รอบ', 'reporting rounds: choose at least one')),
  ),
  scoringKind: z.enum(['milestone', 'quantitative'], {
    message: bi('เกณฑ์การให้คะแนน: ต้องเป็นระดับขั้นความสำเร็จหรือค่าเชิงปริมาณ', 'scoring: must be milestone or quantitative'),
  }),
  level1: lines,
  level2: lines,
  level3: lines,
  level4: lines,
  level5: lines,
  direction: z.enum(['ascending', 'descending']).optional(),
  unitTh: optional,
  t1: optional,
  t2: optional,
  t3: optional,
  t4: optional,
  t5: optional,
}
const groupFields = { nameTh: req('ชื่อ (ไทย)', 'name (Thai)'), nameEn: req('ชื่อ (อังกฤษ)', 'name (English)') }
const measureFields = { nameTh: req('ชื่อมาตรการ', 'measure name'), descriptionTh: optional, indicatorTh: optional }
const activityFields = {
  nameTh: req('ชื่อกิจกรรม', 'activity name'),
  steps: lines,
  periodUnit: z
    .enum(['', 'month', 'quarter'], {
      message: bi('ช่วงเวลา: ต้องเป็นเดือนหรือไตรมาส', 'period: must be months or quarters'),
    })
    .optional(),
  periodValues: many,
  hostUnit: optional,
  supportUnits: lines,
  responsible: lines,
  indicatorTh: optional,
  targetTh: optional,
}

export const CatalogEditSchema = z.discriminatedUnion('op', [
  // ITA
  z.object({ op: z.literal('criterion.update'), code: z.string(), ...criterionFields }),
  z.object({
    op: z.literal('criterion.add'),
    subCode: z.string(),
    code: codeField('ข้อ', 'code'),
    ...criterionFields,
    ...elementFields,
  }),
  z.object({ op: z.literal('criterion.move'), code: z.string(), direction }),
  z.object({ op: z.literal('criterion.delete'), code: z.string() }),
  // required elements of a criterion, a KPI or an activity
  z.object({ op: z.literal('element.update'), code: z.string(), elementId: z.string(), ...elementFields }),
  z.object({ op: z.literal('element.add'), code: z.string(), ...elementFields }),
  z.object({ op: z.literal('element.move'), code: z.string(), elementId: z.string(), direction }),
  z.object({ op: z.literal('element.delete'), code: z.string(), elementId: z.string() }),
  // KPI agreement
  z.object({ op: z.literal('kpi.add'), ...kpiFields }),
  z.object({ op: z.literal('kpi.update'), ...kpiFields }),
  z.object({ op: z.literal('kpi.move'), code: z.string(), direction }),
  z.object({ op: z.literal('kpi.delete'), code: z.string() }),
  // policy areas / improvement issues (a new one starts with its first measure)
  z.object({
    op: z.literal('group.add'),
    code: codeField('รหัสด้าน/ประเด็น', 'area/issue code'),
    ...groupFields,
    measureCode: codeField('รหัสมาตรการ', 'measure code'),
    measureNameTh: req('ชื่อมาตรการ', 'measure name'),
  }),
  z.object({ op: z.literal('group.update'), code: z.string(), ...groupFields }),
  z.object({ op: z.literal('group.move'), code: z.string(), direction }),
  z.object({ op: z.literal('group.delete'), code: z.string() }),
  // measures
  z.object({
    op: z.literal('measure.add'),
    groupCode: z.string(),
    code: codeField('รหัสมาตรการ', 'measure code'),
    ...measureFields,
  }),
  z.object({ op: z.literal('measure.update'), groupCode: z.string(), code: z.string(), ...measureFields }),
  z.object({ op: z.literal('measure.move'), groupCode: z.string(), code: z.string(), direction }),
  z.object({ op: z.literal('measure.delete'), groupCode: z.string(), code: z.string() }),
  // activities
  z.object({
    op: z.literal('activity.add'),
    groupCode: z.string(),
    measureCode: z.string(),
    code: codeField('รหัสกิจกรรม', 'activity code'),
    ...activityFields,
  }),
  z.object({
    op: z.literal('activity.update'),
    groupCode: z.string(),
    measureCode: z.string(),
    code: z.string(),
    ...activityFields,
  }),
  z.object({
    op: z.literal('activity.move'),
    groupCode: z.string(),
    measureCode: z.string(),
    code: z.string(),
    direction,
  }),
  z.object({ op: z.literal('activity.delete'), groupCode: z.string(), measureCode: z.string(), code: z.string() }),
])
export type CatalogEdit = z.infer<typeof CatalogEditSchema>
export type CatalogEditInput = z.input<typeof CatalogEditSchema>
/** Form fields that repeat (checkbox groups): the route reads them with getAll. */
export const MULTI_VALUE_FIELDS = ['reportingRounds', 'periodValues'] as const

const missing = (what: string) => new AppError(bi(`ไม่พบ ${what}`, `${what} not found`), 404)
const fieldError = (field: string, th: string, en: string) => new AppError(bi(th, en), 400, { [field]: bi(th, en) })
const taken = (field: string, code: string) =>
  fieldError(
    field,
    `${field === 'measureCode' ? 'รหัสมาตรการ' : 'รหัส'}: ${code} มีอยู่แล้ว`,
    `${field === 'measureCode' ? 'measure code' : 'code'}: ${code} already exists`,
  )
const lastOne = (th: string, en: string) => new AppError(bi(`ลบไม่ได้: ${th}`, `cannot delete: ${en}`), 409)

/** Thai text as typed; the stored English is kept only while the Thai it translates is unchanged. */
function thai(th: string, before?: ThaiText): ThaiText {
  return before?.en && before.th === th ? { th, en: before.en } : { th }
}
const thaiOpt = (th: string | undefined, before?: ThaiText) => (th ? thai(th, before) : undefined)

function move<T>(list: T[], index: number, dir: 'up' | 'down') {
  const to = dir === 'up' ? index - 1 : index + 1
  if (to < 0 || to >= list.length) return
  ;[list[index], list[to]] = [list[to], list[index]]
}

function at<T extends { code: string }>(list: T[], code: string, what: string): number {
  const index = list.findIndex((x) => x.code === code)
  if (index < 0) throw missing(`${what} ${code}`)
  return index
}

/** Where an added or changed entry goes: the end of the list for an add (its code must be free), else its place. */
function slot<T extends { code: string }>(list: T[], code: string, adding: boolean, what: string): number {
  if (adding && list.some((x) => x.code === code)) throw taken('code', code)
  return adding ? list.length : at(list, code, what)
}

/** Adds an entry at the end (`adding`) or replaces the one of its code; `make` builds it from the one replaced. */
function setEntry<T extends { code: string }>(
  list: T[],
  code: string,
  adding: boolean,
  what: string,
  make: (before: T | undefined) => T,
): void {
  const index = slot(list, code, adding, what)
  list[index] = make(list[index])
}

/** Sets or removes an optional key, so stored documents never hold `undefined`. */
function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined) {
  if (value === undefined) delete target[key]
  else target[key] = value
}

type ElementInput = z.infer<z.ZodObject<typeof elementFields>>

function element(e: ElementInput, before?: RequirementElement): RequirementElement {
  const note = e.noteTh === undefined ? before?.note : e.noteTh ? thai(e.noteTh, before?.note) : undefined
  return {
    id: e.id,
    text: { th: e.textTh, ...(e.textEn ? { en: e.textEn } : {}) },
    evidenceKind: e.evidenceKind,
    minCount: e.minCount,
    period: e.period,
    ...(e.fileTypes.length && e.evidenceKind === 'file' ? { fileTypes: [...new Set(e.fileTypes)] } : {}),
    ...(e.optional ? { optional: true } : {}),
    ...(note ? { note } : {}),
  }
}

// ---- ITA ------------------------------------------------------------------------------------

function subIndicators(c: ItaCatalog): SubIndicator[] {
  return c.tools.flatMap((t) => t.indicators.flatMap((i) => (i.kind === 'checklist' ? i.subIndicators : [])))
}

function findCriterion(c: ItaCatalog, code: string): { list: Criterion[]; index: number } | null {
  for (const sub of subIndicators(c)) {
    const index = sub.criteria.findIndex((cr) => cr.code === code)
    if (index >= 0) return { list: sub.criteria, index }
  }
  return null
}

/** The fields the criterion form edits; `undefined` ones are removed by the caller. */
function criterionText(
  edit: z.infer<z.ZodObject<typeof criterionFields>>,
): Pick<Criterion, 'title' | 'description' | 'provisional'> {
  const description = edit.descriptionTh
    ? { th: edit.descriptionTh, ...(edit.descriptionEn ? { en: edit.descriptionEn } : {}) }
    : undefined
  return { title: { th: edit.titleTh, en: edit.titleEn }, description, provisional: edit.provisional || undefined }
}

/** The criterion's confidence after the form: kept when the form has no such field, removed when emptied. */
function criterionConfidence(
  edit: z.infer<z.ZodObject<typeof criterionFields>>,
  before?: Confidence,
): Confidence | undefined {
  if (edit.confidence === undefined) return before
  if (edit.confidence === '') return undefined
  const note = edit.confidenceNoteTh || (edit.confidenceNoteTh === undefined ? before?.note.th : undefined)
  if (!note)
    throw fieldError(
      'confidenceNoteTh',
      'ที่มาของความเชื่อมั่น: จำเป็นต้องกรอกเมื่อเลือกระดับ',
      'source of the confidence: required when a level is chosen',
    )
  return { level: edit.confidence, note: thai(note, before?.note) }
}

function editIta(c: ItaCatalog, edit: CatalogEdit) {
  switch (edit.op) {
    case 'criterion.add': {
      const sub = subIndicators(c).find((s) => s.code === edit.subCode)
      if (!sub) throw missing(edit.subCode)
      if (findCriterion(c, edit.code)) throw taken('code', edit.code)
      const cr: Criterion = { code: edit.code, ...criterionText(edit), elements: [element(edit)] }
      put(cr, 'description', cr.description)
      put(cr, 'provisional', cr.provisional)
      put(cr, 'confidence', criterionConfidence(edit))
      sub.criteria.push(cr)
      return
    }
    case 'criterion.update': {
      const found = findCriterion(c, edit.code)
      if (!found) throw missing(edit.code)
      const cr = { ...found.list[found.index], ...criterionText(edit) }
      put(cr, 'description', cr.description)
      put(cr, 'provisional', cr.provisional)
      put(cr, 'confidence', criterionConfidence(edit, found.list[found.index].confidence))
      found.list[found.index] = cr
      return
    }
    case 'criterion.move': {
      const found = findCriterion(c, edit.code)
      if (!found) throw missing(edit.code)
      return move(found.list, found.index, edit.direction)
    }
    case 'criterion.delete': {
      const found = findCriterion(c, edit.code)
      if (!found) throw missing(edit.code)
      if (found.list.length === 1)
        throw lastOne('ตัวชี้วัดย่อยต้องมีอย่างน้อย 1 ข้อ', 'a sub-indicator needs at least one criterion')
      found.list.splice(found.index, 1)
      return
    }
    default:
      throw wrongKind()
  }
}

// ---- KPI agreement --------------------------------------------------------------------------

type KpiInput = z.infer<z.ZodObject<typeof kpiFields>>
const EPS = 1e-6

function baselineOf(rows: string[], before: Kpi['baseline']): Kpi['baseline'] {
  const years = new Set<number>()
  return rows.map((row) => {
    const m = /^(\d{4})\s*[:=]\s*(-?\d+(?:[.,]\d+)?)\s*(.*)$/.exec(row)
    if (!m)
      throw fieldError(
        'baseline',
        `ข้อมูลพื้นฐาน: บรรทัด "${row}" ต้องเป็น "ปี พ.ศ.: ค่า" เช่น 2567: 80`,
        `baseline: the line "${row}" must be "BE year: value", e.g. 2567: 80`,
      )
    const fiscalYear = Number(m[1])
    if (fiscalYear < 2500 || fiscalYear > 2700)
      throw fieldError(
        'baseline',
        `ข้อมูลพื้นฐาน: ปี ${fiscalYear} ต้องเป็นปี พ.ศ. 2500–2700`,
        `baseline: ${fiscalYear} must be a BE year 2500–2700`,
      )
    if (years.has(fiscalYear))
      throw fieldError('baseline', `ข้อมูลพื้นฐาน: ปี ${fiscalYear} ซ้ำ`, `baseline: year ${fiscalYear} is repeated`)
    years.add(fiscalYear)
    const note = m[3].trim()
    return {
      fiscalYear,
      value: Number(m[2].replace(',', '.')),
      ...(note ? { note: thai(note, before.find((b) => b.fiscalYear === fiscalYear)?.note) } : {}),
    }
  })
}

function scoringOf(k: KpiInput, before?: Kpi['scoring']): Kpi['scoring'] {
  if (k.scoringKind === 'milestone') {
    const steps = [k.level1, k.level2, k.level3, k.level4, k.level5]
    const empty = steps.findIndex((s) => s.length === 0)
    if (empty >= 0)
      throw fieldError(
        `level${empty + 1}`,
        `ระดับ ${empty + 1}: ต้องมีอย่างน้อย 1 ขั้นตอน (บรรทัดละ 1 ขั้นตอน)`,
        `level ${empty + 1}: needs at least one step (one per line)`,
      )
    const old = before?.kind === 'milestone' ? before.levels : []
    return {
      kind: 'milestone',
      levels: steps.map((s, i) => ({
        level: i + 1,
        steps: s.map((th) =>
          thai(
            th,
            old[i]?.steps.find((x) => x.th === th),
          ),
        ),
      })),
    }
  }
  const raw = [k.t1, k.t2, k.t3, k.t4, k.t5]
  const thresholds = raw.map((v, i) => {
    const n = v === undefined ? NaN : Number(v.replace(/,/g, ''))
    if (!Number.isFinite(n))
      throw fieldError(`t${i + 1}`, `เกณฑ์ระดับ ${i + 1}: ต้องเป็นตัวเลข`, `threshold of level ${i + 1}: must be a number`)
    return n
  })
  if (!k.unitTh) throw fieldError('unitTh', 'หน่วยวัด: จำเป็นต้องกรอก', 'unit: required')
  const dir = k.direction ?? 'ascending'
  const bad = thresholds.findIndex(
    (x, i) => i > 0 && (dir === 'ascending' ? x <= thresholds[i - 1] : x >= thresholds[i - 1]),
  )
  if (bad > 0)
    throw fieldError(
      `t${bad + 1}`,
      dir === 'ascending'
        ? `เกณฑ์ระดับ ${bad + 1}: ต้องมากกว่าระดับ ${bad} (ยิ่งมากยิ่งดี)`
        : `เกณฑ์ระดับ ${bad + 1}: ต้องน้อยกว่าระดับ ${bad} (ยิ่งน้อยยิ่งดี)`,
      dir === 'ascending'
        ? `threshold of level ${bad + 1}: must be above level ${bad} (higher is better)`
        : `threshold of level ${bad + 1}: must be below level ${bad} (lower is better)`,
    )
  return {
    kind: 'quantitative',
    direction: dir,
    unit: thai(k.unitTh, before?.kind === 'quantitative' ? before.unit : undefined),
    thresholds,
  }
}

function kpiOf(k: KpiInput, before?: Kpi): Kpi {
  const kpi: Kpi = {
    code: k.code,
    name: { th: k.nameTh, en: k.nameEn },
    weight: k.weight,
    description: thai(k.descriptionTh, before?.description),
    supervisor: thai(k.supervisorTh, before?.supervisor),
    dataCollector: thai(k.dataCollectorTh, before?.dataCollector),
    baseline: baselineOf(k.baseline, before?.baseline ?? []),
    reportingRounds: REPORTING_ROUNDS.filter((r) => (k.reportingRounds as string[]).includes(String(r))),
    scoring: scoringOf(k, before?.scoring),
  }
  if (before?.evidence) kpi.evidence = before.evidence
  if (before?.note) kpi.note = before.note
  return kpi
}

function editKpis(c: KpiAgreementCatalog, edit: CatalogEdit) {
  const list = c.kpis
  switch (edit.op) {
    case 'kpi.add':
    case 'kpi.update': {
      const index = slot(list, edit.code, edit.op === 'kpi.add', 'KPI')
      const total = list.reduce((s, k, i) => s + (i === index ? 0 : k.weight), 0) + edit.weight
      if (total > 100 + EPS) {
        const sum = Math.round(total * 10000) / 10000
        throw fieldError(
          'weight',
          `น้ำหนัก: น้ำหนักรวมทุกตัวชี้วัดต้องไม่เกิน 100 (จะเป็น ${sum})`,
          `weight: the weights of all KPIs must not sum above 100 (would be ${sum})`,
        )
      }
      list[index] = kpiOf(edit, list[index])
      return
    }
    case 'kpi.move':
      return move(list, at(list, edit.code, 'KPI'), edit.direction)
    case 'kpi.delete': {
      const index = at(list, edit.code, 'KPI')
      if (list.length === 1) throw lastOne('คำรับรองต้องมีอย่างน้อย 1 ตัวชี้วัด', 'an agreement needs at least one KPI')
      list.splice(index, 1)
      return
    }
    default:
      throw wrongKind()
  }
}

// ---- Integrity policy and improvement measures ----------------------------------------------

type Group = PolicyArea | ImprovementIssue

function periodOf(edit: z.infer<z.ZodObject<typeof activityFields>>): Activity['period'] {
  if (!edit.periodUnit) {
    if (edit.periodValues.length)
      throw fieldError('periodUnit', 'ช่วงเวลา: เลือกว่าเป็นเดือนหรือไตรมาส', 'period: choose months or quarters')
    return undefined
  }
  const max = edit.periodUnit === 'month' ? 12 : 4
  // the form offers months ("1"…"12") and quarters ("q1"…"q4") side by side; keep the chosen unit's
  const quarters = edit.periodValues.filter((v) => v.startsWith('q'))
  const chosen =
    edit.periodUnit === 'quarter'
      ? quarters.length
        ? quarters
        : edit.periodValues
      : edit.periodValues.filter((v) => !v.startsWith('q'))
  const values = [...new Set(chosen.map((v) => Number(v.replace(/^q/, ''))))].sort((a, b) => a - b)
  if (values.length === 0) throw fieldError('periodValues', 'ช่วงเวลา: เลือกอย่างน้อย 1 ช่วง', 'period: choose at least one')
  if (values.some((v) => !Number.isInteger(v) || v < 1 || v > max))
    throw fieldError('periodValues', `ช่วงเวลา: ต้องเป็น 1–${max}`, `period: must be 1–${max}`)
  return { unit: edit.periodUnit, values }
}

function editPlan(groups: Group[], edit: CatalogEdit, kind: 'integrity-policy' | 'improvement-measures') {
  const groupWord = kind === 'integrity-policy' ? (['ด้าน', 'policy area'] as const) : (['ประเด็น', 'issue'] as const)
  const group = (code: string) => groups[at(groups, code, groupWord[1])]
  const measures = (groupCode: string) => group(groupCode).measures
  const activities = (groupCode: string, measureCode: string) => {
    const ms = measures(groupCode)
    return ms[at(ms, measureCode, 'measure')].activities
  }
  switch (edit.op) {
    case 'group.add': {
      if (groups.some((g) => g.code === edit.code)) throw taken('code', edit.code)
      groups.push({
        code: edit.code,
        name: { th: edit.nameTh, en: edit.nameEn },
        measures: [{ code: edit.measureCode, name: { th: edit.measureNameTh }, activities: [] }],
      })
      return
    }
    case 'group.update': {
      const g = group(edit.code)
      g.name = { th: edit.nameTh, en: edit.nameEn }
      return
    }
    case 'group.move':
      return move(groups, at(groups, edit.code, groupWord[1]), edit.direction)
    case 'group.delete': {
      const index = at(groups, edit.code, groupWord[1])
      if (groups.length === 1) throw lastOne(`ต้องมีอย่างน้อย 1 ${groupWord[0]}`, `at least one ${groupWord[1]} is needed`)
      groups.splice(index, 1)
      return
    }
    case 'measure.add':
    case 'measure.update': {
      return setEntry(measures(edit.groupCode), edit.code, edit.op === 'measure.add', 'measure', (before) => {
        const m: Measure = {
          code: edit.code,
          name: thai(edit.nameTh, before?.name),
          activities: before?.activities ?? [],
        }
        put(m, 'description', thaiOpt(edit.descriptionTh, before?.description))
        put(m, 'indicator', thaiOpt(edit.indicatorTh, before?.indicator))
        put(m, 'note', before?.note)
        return m
      })
    }
    case 'measure.move': {
      const ms = measures(edit.groupCode)
      return move(ms, at(ms, edit.code, 'measure'), edit.direction)
    }
    case 'measure.delete': {
      const ms = measures(edit.groupCode)
      const index = at(ms, edit.code, 'measure')
      if (ms.length === 1)
        throw lastOne(`${groupWord[0]}ต้องมีอย่างน้อย 1 มาตรการ`, `a ${groupWord[1]} needs at least one measure`)
      ms.splice(index, 1)
      return
    }
    case 'activity.add':
    case 'activity.update': {
      const list = activities(edit.groupCode, edit.measureCode)
      return setEntry(list, edit.code, edit.op === 'activity.add', 'activity', (before) => {
        const a: Activity = {
          code: edit.code,
          name: thai(edit.nameTh, before?.name),
          steps: edit.steps.map((s) =>
            thai(
              s,
              before?.steps.find((x) => x.th === s),
            ),
          ),
          supportUnits: edit.supportUnits,
          evidence: before?.evidence ?? [],
        }
        put(a, 'period', periodOf(edit))
        put(a, 'hostUnit', edit.hostUnit)
        put(a, 'responsible', edit.responsible.length ? edit.responsible : undefined)
        put(a, 'indicator', thaiOpt(edit.indicatorTh, before?.indicator))
        put(a, 'target', thaiOpt(edit.targetTh, before?.target))
        put(a, 'note', before?.note)
        return a
      })
    }
    case 'activity.move': {
      const list = activities(edit.groupCode, edit.measureCode)
      return move(list, at(list, edit.code, 'activity'), edit.direction)
    }
    case 'activity.delete': {
      const list = activities(edit.groupCode, edit.measureCode)
      list.splice(at(list, edit.code, 'activity'), 1)
      return
    }
    default:
      throw wrongKind()
  }
}

// ---- Required elements, whoever owns them ---------------------------------------------------

/** The element list an owner code names; `create` makes a KPI's optional list when absent. */
function elementsOf(c: Catalog, code: string): { list: RequirementElement[]; min: number } {
  switch (c.kind) {
    case 'ita':
    case 'ita-variant': {
      const found = findCriterion(c, code)
      if (!found) throw missing(code)
      return { list: found.list[found.index].elements, min: 1 }
    }
    case 'kpi-agreement': {
      const kpi = c.kpis[at(c.kpis, code, 'KPI')]
      kpi.evidence ??= []
      return { list: kpi.evidence, min: 0 }
    }
    case 'integrity-policy':
    case 'improvement-measures': {
      const [g, m, a] = code.split('/')
      const groups: Group[] = c.kind === 'integrity-policy' ? c.policyAreas : c.issues
      const group = groups.find((x) => x.code === g)
      const measure = group?.measures.find((x) => x.code === m)
      const activity = measure?.activities.find((x) => x.code === a)
      if (!activity) throw missing(code)
      return { list: activity.evidence, min: 0 }
    }
  }
}

function editElements(c: Catalog, edit: Extract<CatalogEdit, { op: `element.${string}` }>) {
  const { list, min } = elementsOf(c, edit.code)
  if (edit.op === 'element.add') {
    if (list.some((e) => e.id === edit.id))
      throw fieldError(
        'id',
        `รหัสองค์ประกอบ: ${edit.id} มีอยู่แล้วใน ${edit.code}`,
        `element id: ${edit.id} already exists in ${edit.code}`,
      )
    list.push(element(edit))
    return
  }
  const index = list.findIndex((e) => e.id === edit.elementId)
  if (index < 0) throw missing(`${edit.code} ${edit.elementId}`)
  if (edit.op === 'element.update') {
    if (edit.id !== edit.elementId && list.some((e) => e.id === edit.id))
      throw fieldError(
        'id',
        `รหัสองค์ประกอบ: ${edit.id} มีอยู่แล้วใน ${edit.code}`,
        `element id: ${edit.id} already exists in ${edit.code}`,
      )
    list[index] = element(edit, list[index])
  } else if (edit.op === 'element.move') move(list, index, edit.direction)
  else {
    if (list.length <= min) throw lastOne('ข้อต้องมีองค์ประกอบอย่างน้อย 1 รายการ', 'a criterion needs at least one element')
    list.splice(index, 1)
  }
}

function wrongKind() {
  return new AppError(bi('การแก้ไขนี้ใช้กับแค็ตตาล็อกชนิดนี้ไม่ได้', 'this edit does not apply to this kind of catalog'), 400)
}

/** Applies one edit to a copy of the catalog. */
export function applyEdit(catalog: Catalog, edit: CatalogEdit): Catalog {
  const c = structuredClone(catalog)
  if (edit.op.startsWith('element.')) editElements(c, edit as Extract<CatalogEdit, { op: `element.${string}` }>)
  else if (c.kind === 'ita' || c.kind === 'ita-variant') editIta(c, edit)
  else if (c.kind === 'kpi-agreement') editKpis(c, edit)
  else {
    const plan = c as IntegrityPolicyCatalog | ImprovementMeasuresCatalog
    editPlan(plan.kind === 'integrity-policy' ? plan.policyAreas : plan.issues, edit, plan.kind)
  }
  return c
}
