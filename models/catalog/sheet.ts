/**
 * An ITA catalog as spreadsheet tables (one row per required element), and back. Pure: the
 * column definitions are shared by the Excel export, the template and the import, so the three
 * can never disagree. Import problems carry the sheet, the row, the column and the rule.
 */
import {
  CONFIDENCE_LEVELS,
  parseCatalog,
  PERIOD_RULES,
  type Confidence,
  type Criterion,
  type Indicator,
  type ItaCatalog,
  type RequirementElement,
  type SubIndicator,
  type ThaiText,
} from '#models/catalog/schema'
import { ELEMENT_EVIDENCE_KINDS } from '#models/evidence/kinds'
import { formatPath } from '#scoring/index'
import { bi, localize } from '#models/errors'

export type Cell = string | number | boolean | null

type ColumnType = 'text' | 'int' | 'number' | 'bool' | 'list'
export interface Column {
  key: string
  th: string
  type: ColumnType
  required?: boolean
  /** Allowed values, offered as a drop-down in the workbook. */
  values?: readonly string[]
}

const c = (key: string, th: string, type: ColumnType = 'text', extra: Partial<Column> = {}): Column => ({
  key,
  th,
  type,
  ...extra,
})

/** The "catalog" sheet is a list of fields (column A) and values (column B). */
export const CATALOG_FIELDS: Column[] = [
  c('kind', 'ชนิด (ita / ita-variant)', 'text', { required: true, values: ['ita', 'ita-variant'] }),
  c('key', 'รหัสแค็ตตาล็อก', 'text', { required: true }),
  c('nameTh', 'ชื่อ (ไทย)', 'text', { required: true }),
  c('nameEn', 'ชื่อ (อังกฤษ)', 'text', { required: true }),
  c('fiscalYear', 'ปีงบประมาณ (พ.ศ.)', 'int', { required: true }),
  c('version', 'ฉบับที่', 'int', { required: true }),
  c('status', 'สถานะ', 'text', { required: true, values: ['draft', 'published', 'archived'] }),
  c('provisional', 'ข้อมูลเบื้องต้น (TRUE/FALSE)', 'bool', { required: true }),
  c('provenanceTh', 'ที่มาของข้อมูล (ไทย)', 'text', { required: true }),
  c('provenanceEn', 'ที่มาของข้อมูล (อังกฤษ)', 'text', { required: true }),
  c('descriptionTh', 'คำอธิบาย (ไทย)'),
  c('descriptionEn', 'คำอธิบาย (อังกฤษ)'),
  c('basedOn', 'ปรับจากแค็ตตาล็อก (สำหรับ ita-variant)'),
  c('bandsScheme', 'รูปแบบระดับผล (letter / rating)', 'text', { required: true, values: ['letter', 'rating'] }),
  // confidence columns come last so that older workbooks keep their rows and columns
  c('confidence', 'ความเชื่อมั่นของรายการข้อ', 'text', { values: CONFIDENCE_LEVELS }),
  c('confidenceNoteTh', 'ที่มาของความเชื่อมั่น (ไทย)'),
  c('confidenceNoteEn', 'ที่มาของความเชื่อมั่น (อังกฤษ)'),
  c('weightsConfidence', 'ความเชื่อมั่นของน้ำหนักแบบวัด', 'text', { values: CONFIDENCE_LEVELS }),
  c('weightsConfidenceNoteTh', 'ที่มาของน้ำหนัก (ไทย)'),
  c('weightsConfidenceNoteEn', 'ที่มาของน้ำหนัก (อังกฤษ)'),
  c('bandsConfidence', 'ความเชื่อมั่นของเกณฑ์ระดับผล', 'text', { values: CONFIDENCE_LEVELS }),
  c('bandsConfidenceNoteTh', 'ที่มาของเกณฑ์ระดับผล (ไทย)'),
  c('bandsConfidenceNoteEn', 'ที่มาของเกณฑ์ระดับผล (อังกฤษ)'),
]

export const SHEETS = {
  tools: [
    c('code', 'แบบวัด', 'text', { required: true, values: ['IIT', 'EIT', 'OIT'] }),
    c('nameTh', 'ชื่อ (ไทย)', 'text', { required: true }),
    c('nameEn', 'ชื่อ (อังกฤษ)', 'text', { required: true }),
    c('weight', 'น้ำหนัก (ร้อยละ)', 'number', { required: true }),
  ],
  indicators: [
    c('tool', 'แบบวัด', 'text', { required: true, values: ['IIT', 'EIT', 'OIT'] }),
    c('number', 'ตัวชี้วัดที่', 'int', { required: true }),
    c('kind', 'ชนิด (survey / checklist)', 'text', { required: true, values: ['survey', 'checklist'] }),
    c('nameTh', 'ชื่อ (ไทย)', 'text', { required: true }),
    c('nameEn', 'ชื่อ (อังกฤษ)', 'text', { required: true }),
  ],
  elements: [
    c('indicator', 'ตัวชี้วัดที่', 'int', { required: true }),
    c('subCode', 'ตัวชี้วัดย่อย', 'text', { required: true }),
    c('subNameTh', 'ชื่อตัวชี้วัดย่อย (ไทย)', 'text', { required: true }),
    c('subNameEn', 'ชื่อตัวชี้วัดย่อย (อังกฤษ)', 'text', { required: true }),
    c('criterionCode', 'ข้อ', 'text', { required: true }),
    c('titleTh', 'ชื่อข้อ (ไทย)', 'text', { required: true }),
    c('titleEn', 'ชื่อข้อ (อังกฤษ)', 'text', { required: true }),
    c('descriptionTh', 'คำอธิบายข้อ (ไทย)'),
    c('descriptionEn', 'คำอธิบายข้อ (อังกฤษ)'),
    c('criterionProvisional', 'ข้อนี้เป็นข้อมูลเบื้องต้น (TRUE/FALSE)', 'bool'),
    c('criterionNoteTh', 'หมายเหตุข้อ (ไทย)'),
    c('criterionNoteEn', 'หมายเหตุข้อ (อังกฤษ)'),
    c('elementId', 'รหัสองค์ประกอบ', 'text', { required: true }),
    c('textTh', 'องค์ประกอบ (ไทย)', 'text', { required: true }),
    c('textEn', 'องค์ประกอบ (อังกฤษ)'),
    c('evidenceKind', 'ชนิดหลักฐาน', 'text', { required: true, values: ELEMENT_EVIDENCE_KINDS }),
    c('minCount', 'จำนวนขั้นต่ำ', 'int', { required: true }),
    c('period', 'ช่วงวันที่ของเอกสาร', 'text', { required: true, values: PERIOD_RULES }),
    c('fileTypes', 'ชนิดไฟล์ (คั่นด้วย ,)', 'list'),
    c('elementNoteTh', 'หมายเหตุองค์ประกอบ (ไทย)'),
    c('elementNoteEn', 'หมายเหตุองค์ประกอบ (อังกฤษ)'),
    // added later, so appended: earlier columns keep their letters
    c('elementOptional', 'องค์ประกอบไม่บังคับ (TRUE/FALSE)', 'bool'),
    c('criterionPlaceholder', 'ข้อที่ยังไม่ทราบเนื้อหา (TRUE/FALSE)', 'bool'),
    c('criterionConfidence', 'ความเชื่อมั่นของข้อ', 'text', { values: CONFIDENCE_LEVELS }),
    c('criterionConfidenceNoteTh', 'ที่มาของข้อ (ไทย)'),
    c('criterionConfidenceNoteEn', 'ที่มาของข้อ (อังกฤษ)'),
    c('relatedCatalogKey', 'แค็ตตาล็อกที่เกี่ยวข้อง (รหัส)'),
    c('subConfidence', 'ความเชื่อมั่นของการจัดกลุ่มตัวชี้วัดย่อย', 'text', { values: CONFIDENCE_LEVELS }),
    c('subConfidenceNoteTh', 'ที่มาของการจัดกลุ่ม (ไทย)'),
    c('subConfidenceNoteEn', 'ที่มาของการจัดกลุ่ม (อังกฤษ)'),
  ],
  bands: [
    c('code', 'รหัสระดับผล', 'text', { required: true }),
    c('labelTh', 'ชื่อ (ไทย)', 'text', { required: true }),
    c('labelEn', 'ชื่อ (อังกฤษ)', 'text', { required: true }),
    c('minTotal', 'คะแนนรวมขั้นต่ำ', 'number', { required: true }),
    c('minEveryTool', 'คะแนนขั้นต่ำทุกแบบวัด', 'number'),
    c('passes', 'ผ่าน (TRUE/FALSE)', 'bool', { required: true }),
  ],
} as const satisfies Record<string, Column[]>

export type SheetName = keyof typeof SHEETS
export const CATALOG_SHEET = 'catalog'
export const SHEET_ORDER: (typeof CATALOG_SHEET | SheetName)[] = [
  CATALOG_SHEET,
  'tools',
  'indicators',
  'elements',
  'bands',
]

/** The header text of a column: the Thai label, then the key the import reads. */
export const header = (col: Column) => `${col.th} [${col.key}]`

/** Spreadsheet column letter of a 0-based index. */
export function columnLetter(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

export interface Workbook {
  /** field → value of the catalog sheet */
  catalog: Record<string, Cell>
  /** data rows (without the header) of each table sheet, as objects keyed by column key */
  tables: Record<SheetName, Record<string, Cell>[]>
}

// ---------------------------------------------------------------------------------------------
// Catalog → tables

const th = (t?: ThaiText) => t?.th ?? null
const en = (t?: ThaiText) => t?.en ?? null
/** A confidence as three cells: level, Thai note, English note. */
const confidenceCells = (prefix: string, x?: Confidence): Record<string, Cell> => ({
  [prefix]: x?.level ?? null,
  [`${prefix}NoteTh`]: x?.note.th ?? null,
  [`${prefix}NoteEn`]: x?.note.en ?? null,
})

export function catalogToWorkbook(cat: ItaCatalog): Workbook {
  const elements: Record<string, Cell>[] = []
  for (const tool of cat.tools)
    for (const ind of tool.indicators) {
      if (ind.kind !== 'checklist') continue
      for (const sub of ind.subIndicators)
        for (const cr of sub.criteria)
          for (const el of cr.elements)
            elements.push({
              indicator: ind.number,
              subCode: sub.code,
              subNameTh: sub.name.th,
              subNameEn: sub.name.en,
              criterionCode: cr.code,
              titleTh: cr.title.th,
              titleEn: cr.title.en,
              descriptionTh: th(cr.description),
              descriptionEn: en(cr.description),
              criterionProvisional: cr.provisional ?? null,
              criterionNoteTh: th(cr.note),
              criterionNoteEn: en(cr.note),
              elementId: el.id,
              textTh: el.text.th,
              textEn: en(el.text),
              evidenceKind: el.evidenceKind,
              minCount: el.minCount,
              period: el.period,
              fileTypes: el.fileTypes ? el.fileTypes.join(', ') : null,
              elementNoteTh: th(el.note),
              elementNoteEn: en(el.note),
              elementOptional: el.optional ?? null,
              criterionPlaceholder: cr.placeholder ?? null,
              ...confidenceCells('criterionConfidence', cr.confidence),
              relatedCatalogKey: cr.relatedCatalogKey ?? null,
              ...confidenceCells('subConfidence', sub.confidence),
            })
    }
  return {
    catalog: {
      kind: cat.kind,
      key: cat.key,
      nameTh: cat.name.th,
      nameEn: cat.name.en,
      fiscalYear: cat.fiscalYear,
      version: cat.version,
      status: cat.status,
      provisional: cat.provisional,
      provenanceTh: cat.provenance.th,
      provenanceEn: cat.provenance.en,
      descriptionTh: th(cat.description),
      descriptionEn: en(cat.description),
      basedOn: cat.basedOn ?? null,
      bandsScheme: cat.bands.scheme,
      ...confidenceCells('confidence', cat.confidence),
      ...confidenceCells('weightsConfidence', cat.weightsConfidence),
      ...confidenceCells('bandsConfidence', cat.bands.confidence),
    },
    tables: {
      tools: cat.tools.map((t) => ({ code: t.code, nameTh: t.name.th, nameEn: t.name.en, weight: t.weight })),
      indicators: cat.tools.flatMap((t) =>
        t.indicators.map((i) => ({
          tool: t.code,
          number: i.number,
          kind: i.kind,
          nameTh: i.name.th,
          nameEn: i.name.en,
        })),
      ),
      elements,
      bands: cat.bands.levels.map((b) => ({
        code: b.code,
        labelTh: b.label.th,
        labelEn: b.label.en,
        minTotal: b.minTotal,
        minEveryTool: b.minEveryTool ?? null,
        passes: b.passes,
      })),
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Tables → catalog, with every problem located

export interface SheetIssue {
  sheet: string
  /** 1-based spreadsheet row (row 1 is the header) */
  row: number
  /** "P (evidenceKind)" */
  column: string
  /** bilingual "ไทย / English" */
  message: string
}

export function describeIssue(i: SheetIssue): string {
  const loc = (l: 'th' | 'en') =>
    l === 'th' ? `แผ่นงาน ${i.sheet} แถว ${i.row} คอลัมน์ ${i.column}` : `sheet ${i.sheet} row ${i.row} column ${i.column}`
  return bi(`${loc('th')}: ${localize(i.message, 'th')}`, `${loc('en')}: ${localize(i.message, 'en')}`)
}

type Loc = { sheet: string; row: number; column: string }

function colName(sheet: SheetName | typeof CATALOG_SHEET, key: string): string {
  if (sheet === CATALOG_SHEET) return `B (${key})`
  const cols: readonly Column[] = SHEETS[sheet]
  return `${columnLetter(cols.findIndex((x) => x.key === key))} (${key})`
}

/** Reads a cell by its column type; problems go to `issues`. */
function reader(issues: SheetIssue[]) {
  return (col: Column, value: Cell, loc: Loc): string | number | boolean | string[] | undefined => {
    const empty = value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
    if (empty) {
      if (col.required) issues.push({ ...loc, message: bi('ต้องกรอกค่านี้', 'required') })
      return undefined
    }
    const bad = (th: string, en: string) => {
      issues.push({ ...loc, message: bi(th, `${en} (got ${JSON.stringify(value)})`) })
      return undefined
    }
    switch (col.type) {
      case 'text': {
        const s = String(value).trim()
        if (col.values && !col.values.includes(s))
          return bad(`ต้องเป็นค่าใดค่าหนึ่งใน ${col.values.join(', ')}`, `must be one of ${col.values.join(', ')}`)
        return s
      }
      case 'int':
      case 'number': {
        const n = typeof value === 'number' ? value : Number(String(value).trim())
        if (!Number.isFinite(n)) return bad('ต้องเป็นตัวเลข', 'must be a number')
        if (col.type === 'int' && !Number.isInteger(n)) return bad('ต้องเป็นจำนวนเต็ม', 'must be a whole number')
        return n
      }
      case 'bool': {
        if (typeof value === 'boolean') return value
        const s = String(value).trim().toLowerCase()
        if (['true', 'ใช่', 'yes', '1'].includes(s)) return true
        if (['false', 'ไม่ใช่', 'no', '0'].includes(s)) return false
        return bad('ต้องเป็น TRUE หรือ FALSE', 'must be TRUE or FALSE')
      }
      case 'list':
        return String(value)
          .split(/[,\s]+/)
          .map((x) => x.trim())
          .filter(Boolean)
    }
  }
}

const opt = (thText: unknown, enText: unknown): ThaiText | undefined =>
  typeof thText === 'string' ? { th: thText, ...(typeof enText === 'string' ? { en: enText } : {}) } : undefined
/**
 * A confidence from its three cells; absent when the level is empty. A level without a note is passed on with
 * the note missing, so the schema reports it at that cell.
 */
const confidenceOf = (v: Record<string, unknown>, prefix: string): { confidence?: Confidence } =>
  v[prefix] === undefined
    ? {}
    : { confidence: { level: v[prefix], note: opt(v[`${prefix}NoteTh`], v[`${prefix}NoteEn`]) } as Confidence }

export type WorkbookResult = { ok: true; catalog: ItaCatalog } | { ok: false; issues: SheetIssue[] }

/**
 * Builds the catalog from the tables. Every cell is checked, then the whole catalog is checked
 * by the catalog schema; its problems are mapped back to the cell they came from.
 */
export function workbookToCatalog(wb: Workbook): WorkbookResult {
  const issues: SheetIssue[] = []
  const read = reader(issues)
  /** formatPath(path) → where that part of the catalog came from */
  const origin = new Map<string, Loc>()
  const note = (path: (string | number)[], loc: Loc) => {
    const k = formatPath(path)
    if (!origin.has(k)) origin.set(k, loc)
  }

  const meta: Record<string, unknown> = {}
  CATALOG_FIELDS.forEach((col, i) => {
    const loc = { sheet: CATALOG_SHEET, row: i + 2, column: colName(CATALOG_SHEET, col.key) }
    meta[col.key] = read(col, wb.catalog[col.key] ?? null, loc)
  })
  const metaLoc = (key: string): Loc => ({
    sheet: CATALOG_SHEET,
    row: CATALOG_FIELDS.findIndex((f) => f.key === key) + 2,
    column: colName(CATALOG_SHEET, key),
  })
  for (const [path, key] of [
    ['kind', 'kind'],
    ['key', 'key'],
    ['name.th', 'nameTh'],
    ['name.en', 'nameEn'],
    ['fiscalYear', 'fiscalYear'],
    ['version', 'version'],
    ['status', 'status'],
    ['provisional', 'provisional'],
    ['provenance.th', 'provenanceTh'],
    ['provenance.en', 'provenanceEn'],
    ['description', 'descriptionTh'],
    ['basedOn', 'basedOn'],
    ['bands.scheme', 'bandsScheme'],
    ['confidence', 'confidence'],
    ['confidence.note', 'confidenceNoteTh'],
    ['weightsConfidence', 'weightsConfidence'],
    ['weightsConfidence.note', 'weightsConfidenceNoteTh'],
    ['bands.confidence', 'bandsConfidence'],
    ['bands.confidence.note', 'bandsConfidenceNoteTh'],
  ] as const)
    origin.set(path, metaLoc(key))

  const blank = (v: Cell | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
  const rowsOf = (sheet: SheetName) =>
    (wb.tables[sheet] ?? []).flatMap((raw, i) => {
      // a row emptied in a spreadsheet is not data; numbering still follows the sheet
      if (Object.values(raw).every(blank)) return []
      const row = i + 2
      // each value has its column's type; the schema below checks the row as a whole
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const values: Record<string, any> = {}
      for (const col of SHEETS[sheet] as readonly Column[])
        values[col.key] = read(col, raw[col.key] ?? null, { sheet, row, column: colName(sheet, col.key) })
      return [{ row, values }]
    })
  const loc = (sheet: SheetName, row: number, key: string): Loc => ({ sheet, row, column: colName(sheet, key) })

  const tools = rowsOf('tools').map(({ row, values: v }, ti) => {
    note(['tools', ti], loc('tools', row, 'code'))
    note(['tools', ti, 'code'], loc('tools', row, 'code'))
    note(['tools', ti, 'name', 'th'], loc('tools', row, 'nameTh'))
    note(['tools', ti, 'name', 'en'], loc('tools', row, 'nameEn'))
    note(['tools', ti, 'weight'], loc('tools', row, 'weight'))
    return { code: v.code, name: { th: v.nameTh, en: v.nameEn }, weight: v.weight, indicators: [] as Indicator[] }
  })
  if (tools.length === 0)
    issues.push({
      sheet: 'tools',
      row: 2,
      column: colName('tools', 'code'),
      message: bi('ต้องมีอย่างน้อย 1 แบบวัด', 'needs at least one tool'),
    })

  const indicatorPaths = new Map<
    number,
    { ind: Extract<Indicator, { kind: 'checklist' }>; path: (string | number)[] }
  >()
  for (const { row, values: v } of rowsOf('indicators')) {
    const ti = tools.findIndex((t) => t.code === v.tool)
    if (ti < 0) {
      if (v.tool)
        issues.push({
          ...loc('indicators', row, 'tool'),
          message: bi(`ไม่มีแบบวัด ${v.tool} ในแผ่นงาน tools`, `no tool ${v.tool} in sheet tools`),
        })
      continue
    }
    const ind = (
      v.kind === 'checklist'
        ? { number: v.number, name: { th: v.nameTh, en: v.nameEn }, kind: 'checklist', subIndicators: [] }
        : { number: v.number, name: { th: v.nameTh, en: v.nameEn }, kind: v.kind }
    ) as Indicator
    const path = ['tools', ti, 'indicators', tools[ti].indicators.length]
    tools[ti].indicators.push(ind)
    note(path, loc('indicators', row, 'number'))
    note([...path, 'number'], loc('indicators', row, 'number'))
    note([...path, 'kind'], loc('indicators', row, 'kind'))
    note([...path, 'name', 'th'], loc('indicators', row, 'nameTh'))
    note([...path, 'name', 'en'], loc('indicators', row, 'nameEn'))
    note([...path, 'subIndicators'], loc('indicators', row, 'kind'))
    if (ind.kind === 'checklist') indicatorPaths.set(ind.number, { ind, path })
  }

  // criterion-level cells repeat on each of its element rows: they must agree
  const firstRow = new Map<string, { row: number; values: Record<string, unknown> }>()
  const agree = (id: string, row: number, v: Record<string, unknown>, keys: string[]) => {
    const first = firstRow.get(id)
    if (!first) return void firstRow.set(id, { row, values: v })
    for (const k of keys)
      if (JSON.stringify(first.values[k] ?? null) !== JSON.stringify(v[k] ?? null))
        issues.push({
          ...loc('elements', row, k),
          message: bi(`ไม่ตรงกับแถว ${first.row} ของ ${id} เดียวกัน`, `differs from row ${first.row} of the same ${id}`),
        })
  }
  for (const { row, values: v } of rowsOf('elements')) {
    const target = indicatorPaths.get(v.indicator)
    if (!target) {
      if (v.indicator !== undefined)
        issues.push({
          ...loc('elements', row, 'indicator'),
          message: bi(
            `ไม่มีตัวชี้วัดที่ ${v.indicator} ชนิด checklist ในแผ่นงาน indicators`,
            `no checklist indicator ${v.indicator} in sheet indicators`,
          ),
        })
      continue
    }
    let si = target.ind.subIndicators.findIndex((s) => s.code === v.subCode)
    if (si < 0) {
      target.ind.subIndicators.push({
        code: v.subCode,
        name: { th: v.subNameTh, en: v.subNameEn },
        ...confidenceOf(v, 'subConfidence'),
        criteria: [],
      } as SubIndicator)
      si = target.ind.subIndicators.length - 1
    }
    agree(`sub-indicator ${v.subCode}`, row, v, [
      'subNameTh',
      'subNameEn',
      'subConfidence',
      'subConfidenceNoteTh',
      'subConfidenceNoteEn',
    ])
    const sub = target.ind.subIndicators[si]
    const subPath = [...target.path, 'subIndicators', si]
    note(subPath, loc('elements', row, 'subCode'))
    note([...subPath, 'code'], loc('elements', row, 'subCode'))
    note([...subPath, 'name', 'th'], loc('elements', row, 'subNameTh'))
    note([...subPath, 'name', 'en'], loc('elements', row, 'subNameEn'))
    note([...subPath, 'confidence'], loc('elements', row, 'subConfidence'))
    note([...subPath, 'confidence', 'note'], loc('elements', row, 'subConfidenceNoteTh'))
    let ci = sub.criteria.findIndex((cr) => cr.code === v.criterionCode)
    if (ci < 0) {
      const cr: Criterion = {
        code: v.criterionCode,
        title: { th: v.titleTh, en: v.titleEn },
        ...(opt(v.descriptionTh, v.descriptionEn) ? { description: opt(v.descriptionTh, v.descriptionEn) } : {}),
        ...(typeof v.criterionProvisional === 'boolean' ? { provisional: v.criterionProvisional } : {}),
        ...(typeof v.criterionPlaceholder === 'boolean' ? { placeholder: v.criterionPlaceholder } : {}),
        ...confidenceOf(v, 'criterionConfidence'),
        ...(v.relatedCatalogKey ? { relatedCatalogKey: v.relatedCatalogKey } : {}),
        elements: [],
        ...(opt(v.criterionNoteTh, v.criterionNoteEn) ? { note: opt(v.criterionNoteTh, v.criterionNoteEn) } : {}),
      }
      sub.criteria.push(cr)
      ci = sub.criteria.length - 1
    }
    agree(`criterion ${v.criterionCode}`, row, v, [
      'titleTh',
      'titleEn',
      'descriptionTh',
      'descriptionEn',
      'criterionProvisional',
      'criterionNoteTh',
      'criterionNoteEn',
      'criterionPlaceholder',
      'criterionConfidence',
      'criterionConfidenceNoteTh',
      'criterionConfidenceNoteEn',
      'relatedCatalogKey',
    ])
    const crPath = [...subPath, 'criteria', ci]
    note(crPath, loc('elements', row, 'criterionCode'))
    for (const [p, k] of [
      ['code', 'criterionCode'],
      ['title', 'titleTh'],
      ['description', 'descriptionTh'],
      ['note', 'criterionNoteTh'],
      ['elements', 'elementId'],
      ['placeholder', 'criterionPlaceholder'],
      ['confidence', 'criterionConfidence'],
      ['confidence.note', 'criterionConfidenceNoteTh'],
      ['relatedCatalogKey', 'relatedCatalogKey'],
    ] as const)
      note([...crPath, p], loc('elements', row, k))
    note([...crPath, 'title', 'en'], loc('elements', row, 'titleEn'))
    const criterion = sub.criteria[ci]
    const el: RequirementElement = {
      id: v.elementId,
      text: { th: v.textTh, ...(v.textEn !== undefined ? { en: v.textEn } : {}) },
      evidenceKind: v.evidenceKind,
      minCount: v.minCount,
      period: v.period,
      ...(v.fileTypes ? { fileTypes: v.fileTypes } : {}),
      ...(typeof v.elementOptional === 'boolean' ? { optional: v.elementOptional } : {}),
      ...(opt(v.elementNoteTh, v.elementNoteEn) ? { note: opt(v.elementNoteTh, v.elementNoteEn) } : {}),
    }
    const elPath = [...crPath, 'elements', criterion.elements.length]
    criterion.elements.push(el)
    for (const [p, k] of [
      ['', 'elementId'],
      ['id', 'elementId'],
      ['text', 'textTh'],
      ['evidenceKind', 'evidenceKind'],
      ['minCount', 'minCount'],
      ['period', 'period'],
      ['fileTypes', 'fileTypes'],
      ['optional', 'elementOptional'],
      ['note', 'elementNoteTh'],
    ] as const)
      note(p ? [...elPath, p] : elPath, loc('elements', row, k))
  }

  const levels = rowsOf('bands').map(({ row, values: v }, bi_) => {
    const path = ['bands', 'levels', bi_]
    note(path, loc('bands', row, 'code'))
    for (const k of ['code', 'minTotal', 'minEveryTool', 'passes'] as const) note([...path, k], loc('bands', row, k))
    note([...path, 'label'], loc('bands', row, 'labelTh'))
    return {
      code: v.code,
      label: { th: v.labelTh, en: v.labelEn },
      minTotal: v.minTotal,
      ...(v.minEveryTool !== undefined ? { minEveryTool: v.minEveryTool } : {}),
      passes: v.passes,
    }
  })

  if (issues.length) return { ok: false, issues }
  /** The closest recorded origin: the field itself, else the object it belongs to. */
  const locate = (path: string): Loc | undefined => {
    for (let p = path; p;) {
      const hit = origin.get(p)
      if (hit) return hit
      const up = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')
      if (up === p) return undefined
      p = up
    }
    return undefined
  }

  const candidate = {
    kind: meta.kind,
    key: meta.key,
    name: { th: meta.nameTh, en: meta.nameEn },
    fiscalYear: meta.fiscalYear,
    version: meta.version,
    status: meta.status,
    provisional: meta.provisional,
    provenance: { th: meta.provenanceTh, en: meta.provenanceEn },
    ...(opt(meta.descriptionTh, meta.descriptionEn)
      ? { description: opt(meta.descriptionTh, meta.descriptionEn) }
      : {}),
    ...confidenceOf(meta, 'confidence'),
    ...(meta.basedOn ? { basedOn: meta.basedOn } : {}),
    ...(meta.weightsConfidence === undefined
      ? {}
      : { weightsConfidence: confidenceOf(meta, 'weightsConfidence').confidence }),
    tools,
    bands: { scheme: meta.bandsScheme, ...confidenceOf(meta, 'bandsConfidence'), levels },
  }
  const r = parseCatalog(candidate)
  if (r.ok) return { ok: true, catalog: r.catalog as ItaCatalog }
  return {
    ok: false,
    issues: r.issues.map((issue) => {
      const at = locate(issue.path)
      return { ...(at ?? { sheet: CATALOG_SHEET, row: 1, column: '—' }), message: `${issue.message} [${issue.path}]` }
    }),
  }
}
