/**
 * Completeness of a catalog (a fiscal year's assessment): the matrix of assigned items × responsible
 * units with each item's status, live evidence and elements covered, counts by status, and the
 * percentages per indicator (the item's group) and overall. Built from one batch of parallel
 * queries with projections (catalog, assignments, reviews, evidence links and answer choices,
 * calendar, units, people), never one query per cell. The evidence links are read by key, one
 * document per item (models/evidence/item-links.server.ts, kept by every link, unlink, delete and
 * restore), so a load after any change costs the same as any other; only the first load of a
 * catalog whose links are not kept yet reads the evidence collection, and keeps them.
 *
 * Status and evidence belong to the item (one answer per criterion): an item assigned to several
 * units shows the same status under each of them; its due date and "overdue" are per unit (the
 * unit's deadline in the ITA calendar applies when the assignment has no date of its own).
 */
import mongoose from 'mongoose'
import { z } from 'zod'
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, listCatalogs, type CatalogSummary, type StoredCatalog } from '#models/catalog/catalog.server'
import { listItems } from '#models/catalog/items'
import { AppError, bi, fromZod, notFound } from '#models/errors'
// also registers the Evidence model whose collection is read below
import type { ItemLinkEntry } from '#models/evidence/item-links.server'
import { linksOfCatalogItems } from '#models/evidence/records.server'
import { oid } from '#models/ids'
import { deriveItemStatus, ITEM_STATUSES, itemElements, type ItemStatus } from '#models/work/review.server'
import { storedReviewStatuses } from '#models/work/review-store.server'
import { dayField, defaultFiscalYear } from '#models/dates'
import { bangkokDayStart, effectiveDueDate, isOverdue, unitDeadlinesByYear } from '#models/work/calendar.server'
import { listUnits } from '#models/tenancy/unit.server'
import { listPeople } from '#models/tenancy/user.server'

// ---- indexes on collections other modules own ----------------------------------------------

const state = globalThis as typeof globalThis & { __saisaatCompletenessIndexes?: Promise<unknown> }

/**
 * The dashboard reads evidence by catalog link and assignments by unit; those models do not
 * declare these indexes, so they are created here once per process (createIndex is idempotent).
 */
export function ensureCompletenessIndexes(): Promise<unknown> {
  state.__saisaatCompletenessIndexes ??= Promise.all([
    mongoose
      .model('Evidence')
      .collection.createIndex({ organizationId: 1, 'links.catalogId': 1 }, { name: 'completeness_links' }),
    mongoose
      .model('Assignment')
      .collection.createIndex({ organizationId: 1, unitIds: 1 }, { name: 'completeness_units' }),
  ]).catch((error: unknown) => {
    state.__saisaatCompletenessIndexes = undefined
    throw error
  })
  return state.__saisaatCompletenessIndexes
}

// ---- filters --------------------------------------------------------------------------------

/** A date box of the filters: typed text or "YYYY-MM-DD", read by the app's one date parser. */
const optionalDay = (th: string, en: string) => dayField({ th, en }).transform((v) => v ?? undefined)
const optionalId = (th: string, en: string) =>
  z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .optional()
    .refine((v) => v === undefined || /^[0-9a-f]{24}$/i.test(v), bi(`${th}: ไม่ใช่รหัสที่ถูกต้อง`, `${en}: not a valid id`))

/** The dashboard's filters, as the query string carries them (every one optional). */
export const CompletenessFilterSchema = z.object({
  catalog: optionalId('แค็ตตาล็อก', 'catalog'),
  status: z
    .string()
    .trim()
    .transform((v) => v || undefined)
    .optional()
    .refine(
      (v) => v === undefined || (ITEM_STATUSES as readonly string[]).includes(v),
      bi('สถานะ: ไม่รู้จักสถานะนี้', 'status: unknown status'),
    )
    .transform((v) => v as ItemStatus | undefined),
  unit: optionalId('หน่วยงาน', 'unit'),
  owner: optionalId('ผู้รับผิดชอบ', 'owner'),
  dueFrom: optionalDay('กำหนดส่งตั้งแต่', 'due from'),
  dueTo: optionalDay('กำหนดส่งถึง', 'due to'),
  overdue: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1' || v === 'true'),
})
export type CompletenessFilters = z.output<typeof CompletenessFilterSchema>

/** Filters from a query string; a bad value is refused naming the field and the rule. */
export function parseCompletenessFilters(params: URLSearchParams): CompletenessFilters {
  const raw = Object.fromEntries(
    ['catalog', 'status', 'unit', 'owner', 'dueFrom', 'dueTo', 'overdue'].flatMap((k) =>
      params.has(k) ? [[k, params.get(k) ?? '']] : [],
    ),
  )
  const r = CompletenessFilterSchema.safeParse(raw)
  if (!r.success) throw fromZod(r.error)
  if (r.data.dueFrom && r.data.dueTo && r.data.dueTo < r.data.dueFrom)
    throw new AppError(bi('กำหนดส่งถึง: ต้องไม่ก่อนวันที่เริ่ม', 'due to: must not be before "due from"'), 400, {
      dueTo: bi('ต้องไม่ก่อนวันที่เริ่ม', 'must not be before "due from"'),
    })
  return r.data
}

// ---- the result -----------------------------------------------------------------------------

export type StatusCounts = Record<ItemStatus, number>

export interface MatrixCell {
  unitId: string
  status: ItemStatus
  dueDate: string | null
  overdue: boolean
}

export interface MatrixRow {
  itemCode: string
  titleTh: string
  titleEn: string
  group: string
  status: ItemStatus
  /** Live evidence items linked to any element of the item. */
  evidenceCount: number
  /** Required elements with at least their minimum of live evidence in the item's answer. */
  elementsCovered: number
  elementsRequired: number
  ownerIds: string[]
  /** Cells shown (those passing the filters), by unit id. */
  cells: Record<string, MatrixCell>
  /** The earliest due date of the cells shown. */
  dueDate: string | null
  overdue: boolean
}

/** Counts and percentages of a set of rows (an indicator, or all). */
export interface Summary {
  items: number
  approved: number
  /** approved ÷ items × 100, one decimal; null without items. */
  approvedPct: number | null
  elementsRequired: number
  elementsCovered: number
  /** elementsCovered ÷ elementsRequired × 100, one decimal; null without elements. */
  evidencePct: number | null
  overdue: number
  byStatus: StatusCounts
}

export interface GroupSummary extends Summary {
  group: string
}

export interface UnitColumn {
  id: string
  nameTh: string
  nameEn: string
  /** Cells of this unit in the rows shown, by status. */
  byStatus: StatusCounts
  cells: number
  overdue: number
}

export interface Completeness {
  catalog: Pick<CatalogSummary, 'id' | 'key' | 'kind' | 'nameTh' | 'nameEn' | 'fiscalYear' | 'status' | 'provisional'>
  filters: CompletenessFilters
  rows: MatrixRow[]
  units: UnitColumn[]
  groups: GroupSummary[]
  overall: Summary
  /** Items of the catalog that no assignment covers (not in the matrix). */
  unassigned: number
  /** What the filter lists offer. */
  options: {
    catalogs: Pick<CatalogSummary, 'id' | 'nameTh' | 'nameEn' | 'fiscalYear' | 'status' | 'version'>[]
    units: { id: string; nameTh: string; nameEn: string }[]
    owners: { id: string; nameTh: string; nameEn: string }[]
  }
  generatedAt: string
}

const emptyCounts = (): StatusCounts => Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as StatusCounts
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10)

function summarize(rows: MatrixRow[]): Summary {
  const byStatus = emptyCounts()
  let elementsRequired = 0
  let elementsCovered = 0
  let overdue = 0
  for (const r of rows) {
    byStatus[r.status]++
    elementsRequired += r.elementsRequired
    elementsCovered += r.elementsCovered
    if (r.overdue) overdue++
  }
  return {
    items: rows.length,
    approved: byStatus.approved,
    approvedPct: pct(byStatus.approved, rows.length),
    elementsRequired,
    elementsCovered,
    evidencePct: pct(elementsCovered, elementsRequired),
    overdue,
    byStatus,
  }
}

/**
 * Live evidence of one catalog: item code → distinct evidence items, and item code → element id →
 * evidence in the item's answer (models/work/answer-store.server.ts: where the lead unit chose among
 * contributions, only the chosen evidence counts, as in the submission check): the items' links
 * read by key, and the catalog's answer choices.
 */
async function evidenceCounts(organizationId: string, catalogId: string, itemCodes: Promise<string[]>) {
  const [byItem, choices] = await Promise.all([
    itemCodes.then((codes) => linksOfCatalogItems(organizationId, catalogId, codes)),
    // the answer_choices collection of models/work/answer-store.server.ts, read for the whole catalog at once
    mongoose.connection
      .collection('answer_choices')
      .find(
        { organizationId: oid(organizationId), catalogId: oid(catalogId) },
        { projection: { _id: 0, itemCode: 1, evidenceId: 1, selected: 1 } },
      )
      .toArray() as unknown as Promise<{ itemCode: string; evidenceId: mongoose.Types.ObjectId; selected: boolean }[]>,
  ])
  const answers = new Map<string, Set<string>>()
  for (const c of choices) {
    if (!answers.has(c.itemCode)) answers.set(c.itemCode, new Set())
    if (c.selected) answers.get(c.itemCode)!.add(c.evidenceId.toString())
  }
  // each item on its own (an evidence linked to two items counts in each)
  const perElement = new Map<string, ReadonlyMap<string, number>>()
  const perItem = new Map<string, number>()
  for (const [itemCode, entries] of byItem) {
    const answer = answers.get(itemCode)
    // an item's kept links are the same array until they change: counted once while no answer is chosen
    const counts = (!answer && countedLinks.get(entries)) || countLinks(entries, answer)
    if (!answer) countedLinks.set(entries, counts)
    if (counts.perElement.size) perElement.set(itemCode, counts.perElement)
    if (counts.evidence) perItem.set(itemCode, counts.evidence)
  }
  return { perElement, perItem }
}

interface LinkCounts {
  /** element id → evidence linked to it (in the answer, when one is chosen) */
  perElement: ReadonlyMap<string, number>
  /** distinct evidence linked to the item */
  evidence: number
}
const countedLinks = new WeakMap<ItemLinkEntry[], LinkCounts>()

function countLinks(entries: ItemLinkEntry[], answer: Set<string> | undefined): LinkCounts {
  const counted = new Set<string>()
  const evidence = new Set<string>()
  const perElement = new Map<string, number>()
  for (const { elementId, evidenceId } of entries) {
    const key = `${evidenceId}\u0000${elementId}`
    if (counted.has(key)) continue
    counted.add(key)
    evidence.add(evidenceId)
    if (answer && !answer.has(evidenceId)) continue
    perElement.set(elementId, (perElement.get(elementId) ?? 0) + 1)
  }
  return { perElement, evidence: evidence.size }
}

/** Stored review statuses of one catalog's items: item code → status. */
async function reviewStatuses(organizationId: string, catalogId: string): Promise<Map<string, string>> {
  const stored = await storedReviewStatuses(organizationId, [catalogId])
  return new Map([...stored].map(([key, status]) => [key.slice(key.indexOf('|') + 1), status]))
}

/**
 * The catalog the dashboard opens on: the published ITA catalog of the default year (the current fiscal year when
 * it has one, else the latest: defaultFiscalYear), else the newest published catalog.
 */
function defaultCatalog(catalogs: CatalogSummary[], now: Date): CatalogSummary | null {
  const published = catalogs.filter((c) => c.status === 'published')
  const ita = published.filter((c) => c.kind === 'ita' || c.kind === 'ita-variant')
  const year = defaultFiscalYear(
    ita.map((c) => c.fiscalYear),
    now,
  )
  return (
    ita.find((c) => c.fiscalYear === year && c.kind === 'ita') ??
    ita.find((c) => c.fiscalYear === year) ??
    published[0] ??
    null
  )
}

/**
 * The completeness of one catalog of the organization, filtered. Without a catalog in the
 * filters, the newest current one; null when the organization has no catalog. A catalog of
 * another organization is not found (404).
 */
export async function getCompleteness(
  organizationId: string,
  filters: CompletenessFilters,
  now = new Date(),
): Promise<Completeness | null> {
  // drafts are the catalog editor's: this screen shows published catalogs (and archived versions, frozen as published)
  const catalogs = (await listCatalogs(organizationId)).filter((c) => c.status !== 'draft')
  const summary = filters.catalog ? catalogs.find((c) => c.id === filters.catalog) : defaultCatalog(catalogs, now)
  if (filters.catalog && !summary) throw notFound()
  if (!summary) return null
  await ensureCompletenessIndexes()
  const stored$ = getCatalog(organizationId, summary.id) as Promise<StoredCatalog>
  const [catalog, assignments, stored, evidence, deadlines, units, people] = await Promise.all([
    stored$,
    listAssignments(organizationId, summary.id),
    reviewStatuses(organizationId, summary.id),
    evidenceCounts(
      organizationId,
      summary.id,
      stored$.then((c) => listItems(c.content).map((i) => i.code)),
    ),
    unitDeadlinesByYear(organizationId, [summary.fiscalYear]),
    listUnits(organizationId),
    listPeople(organizationId),
  ])
  const unitDeadlines = deadlines.get(summary.fiscalYear)!
  const items = listItems(catalog.content)
  const byCode = new Map(assignments.map((a) => [a.itemCode, a]))
  const dueFrom = filters.dueFrom ? bangkokDayStart(`${filters.dueFrom}T00:00:00+07:00`) : null
  const dueTo = filters.dueTo ? bangkokDayStart(`${filters.dueTo}T00:00:00+07:00`) : null
  const dueMatches = (due: string | null) => {
    if (dueFrom === null && dueTo === null) return true
    if (!due) return false
    const day = bangkokDayStart(due)
    return (dueFrom === null || day >= dueFrom) && (dueTo === null || day <= dueTo)
  }

  const rows: MatrixRow[] = []
  let unassigned = 0
  for (const item of items) {
    const a = byCode.get(item.code)
    if (!a) {
      unassigned++
      continue
    }
    const elements = itemElements(catalog.content, item.code) ?? []
    const counts = evidence.perElement.get(item.code)
    const evidenceCount = evidence.perItem.get(item.code) ?? 0
    const status = deriveItemStatus(stored.get(item.code) ?? null, a.status, evidenceCount)
    if (filters.status && status !== filters.status) continue
    if (filters.owner && !a.ownerIds.includes(filters.owner)) continue
    const cells: Record<string, MatrixCell> = {}
    for (const unitId of a.unitIds) {
      if (filters.unit && unitId !== filters.unit) continue
      const dueDate = effectiveDueDate(a.dueDate, [unitId], unitDeadlines)
      const overdue = isOverdue(dueDate, status, now)
      if (filters.overdue && !overdue) continue
      if (!dueMatches(dueDate)) continue
      cells[unitId] = { unitId, status, dueDate, overdue }
    }
    const shown = Object.values(cells)
    if (shown.length === 0) continue
    const dueDate = shown.reduce<string | null>(
      (min, c) => (c.dueDate && (!min || new Date(c.dueDate) < new Date(min)) ? c.dueDate : min),
      null,
    )
    rows.push({
      itemCode: item.code,
      titleTh: item.titleTh,
      titleEn: item.titleEn,
      group: item.group,
      status,
      evidenceCount,
      // optional elements are neither required nor counted as covered
      elementsCovered: elements.filter((e) => !e.optional && (counts?.get(e.id) ?? 0) >= e.minCount).length,
      elementsRequired: elements.filter((e) => !e.optional).length,
      ownerIds: a.ownerIds,
      cells,
      dueDate,
      overdue: shown.some((c) => c.overdue),
    })
  }

  const unitById = new Map(units.map((u) => [u.id, u]))
  const columns = new Map<string, UnitColumn>()
  for (const r of rows)
    for (const c of Object.values(r.cells)) {
      let col = columns.get(c.unitId)
      if (!col) {
        const u = unitById.get(c.unitId)
        columns.set(
          c.unitId,
          (col = {
            id: c.unitId,
            nameTh: u?.nameTh ?? '—',
            nameEn: u?.nameEn ?? '',
            byStatus: emptyCounts(),
            cells: 0,
            overdue: 0,
          }),
        )
      }
      col.byStatus[c.status]++
      col.cells++
      if (c.overdue) col.overdue++
    }
  const groupOrder = [...new Set(items.map((i) => i.group))]
  const groups = groupOrder
    .map((group) => ({ group, ...summarize(rows.filter((r) => r.group === group)) }))
    .filter((g) => g.items > 0)
  const assignedUnitIds = new Set(assignments.flatMap((a) => a.unitIds))
  const ownerIds = new Set(assignments.flatMap((a) => a.ownerIds))
  return {
    catalog: {
      id: catalog.id,
      key: catalog.key,
      kind: catalog.kind,
      nameTh: catalog.nameTh,
      nameEn: catalog.nameEn,
      fiscalYear: catalog.fiscalYear,
      status: catalog.status,
      provisional: catalog.provisional,
    },
    filters: { ...filters, catalog: catalog.id },
    rows,
    // columns in the units' (Thai name) order
    units: units.filter((u) => columns.has(u.id)).map((u) => columns.get(u.id)!),
    groups,
    overall: summarize(rows),
    unassigned,
    options: {
      catalogs: catalogs.map((c) => ({
        id: c.id,
        nameTh: c.nameTh,
        nameEn: c.nameEn,
        fiscalYear: c.fiscalYear,
        status: c.status,
        version: c.version,
      })),
      units: units
        .filter((u) => !u.retired || assignedUnitIds.has(u.id))
        .map((u) => ({ id: u.id, nameTh: u.nameTh, nameEn: u.nameEn })),
      owners: people.filter((p) => ownerIds.has(p.id)).map((p) => ({ id: p.id, nameTh: p.nameTh, nameEn: p.nameEn })),
    },
    generatedAt: now.toISOString(),
  }
}

// ---- what the export states -------------------------------------------------------------------

/** Thai status names of the export (evidence/documents/completeness-workbook.server.ts). */
export const STATUS_TH: Record<ItemStatus, string> = {
  'not-started': 'ยังไม่เริ่ม',
  'in-progress': 'กำลังดำเนินการ',
  carried: 'ยกมาจากปีก่อน — รอยืนยัน',
  submitted: 'ส่งตรวจแล้ว',
  returned: 'ส่งกลับให้แก้ไข',
  approved: 'อนุมัติแล้ว',
}
/** The definitions stated on the screen and in the export. */
export const DEFINITIONS_TH = {
  approvedPct: 'ร้อยละอนุมัติ = จำนวนข้อที่อนุมัติแล้ว ÷ จำนวนข้อที่มอบหมาย (ที่แสดงตามตัวกรอง) × 100',
  evidencePct:
    'ร้อยละหลักฐานครบ = จำนวนองค์ประกอบที่มีหลักฐาน (ในคำตอบของข้อ) ครบตามจำนวนขั้นต่ำ ÷ ' +
    'จำนวนองค์ประกอบทั้งหมดของข้อที่มอบหมาย (ที่แสดงตามตัวกรอง) × 100',
  overdue:
    'เลยกำหนด = พ้นวันกำหนดส่ง (เวลาประเทศไทย) แล้วและยังไม่ได้ส่งตรวจหรืออนุมัติ; กำหนดส่งคือวันที่ในการมอบหมาย ' +
    'หรือกำหนดส่งของหน่วยในปฏิทินรอบการประเมินเมื่อไม่มี',
}
