/**
 * The assignable items of a catalog (ITA criteria, KPIs, integrity measures) as one flat list,
 * and the year-rollover matching between two catalogs. Pure: no I/O, safe in the browser.
 */
import { distance } from 'fastest-levenshtein'
import { REPORTING_ROUNDS, listCriteria, type Catalog, type RequirementElement } from '#models/catalog/schema'
import { AppError, bi } from '#models/errors'

export interface CatalogItem {
  /** Unique within the catalog; assignments and evidence links key on it. */
  code: string
  titleTh: string
  titleEn: string
  /** Where it sits: "OIT · 9.1" or "ด้าน 1". */
  group: string
  elementCount: number
}

/** Every item a unit can be made responsible for, in document order. */
export function listItems(catalog: Catalog): CatalogItem[] {
  switch (catalog.kind) {
    case 'ita':
    case 'ita-variant':
      return listCriteria(catalog).map(({ tool, subIndicator, criterion }) => ({
        code: criterion.code,
        titleTh: criterion.title.th,
        titleEn: criterion.title.en,
        group: `${tool.code} · ${subIndicator.code}`,
        elementCount: criterion.elements.length,
      }))
    case 'kpi-agreement':
      return catalog.kpis.map((k) => ({
        code: k.code,
        titleTh: k.name.th,
        titleEn: k.name.en,
        group: 'KPI',
        elementCount: k.evidence?.length ?? 0,
      }))
    case 'integrity-policy':
    case 'improvement-measures': {
      const groups = catalog.kind === 'integrity-policy' ? catalog.policyAreas : catalog.issues
      // measure codes are unique only within their area, so the item code carries both
      return groups.flatMap((g) =>
        g.measures.map((m) => ({
          code: `${g.code}/${m.code}`,
          titleTh: m.name.th,
          titleEn: m.name.en ?? m.name.th,
          group: g.name.th,
          elementCount: m.activities.reduce((s, a) => s + a.evidence.length, 0),
        })),
      )
    }
  }
}

/**
 * The required elements of an item of a catalog, where evidence is linked and what the review
 * ticks; null when the catalog has no such item. A KPI's are its evidence list; a measure's are
 * its activities' evidence, whose ids are unique within an activity only, so the activity code
 * prefixes them ("2.e1").
 */
export function itemElements(catalog: Catalog, itemCode: string): RequirementElement[] | null {
  switch (catalog.kind) {
    case 'ita':
    case 'ita-variant':
      return listCriteria(catalog).find((x) => x.criterion.code === itemCode)?.criterion.elements ?? null
    case 'kpi-agreement': {
      const kpi = catalog.kpis.find((k) => k.code === itemCode)
      return kpi ? (kpi.evidence ?? []) : null
    }
    case 'integrity-policy':
    case 'improvement-measures': {
      const groups = catalog.kind === 'integrity-policy' ? catalog.policyAreas : catalog.issues
      const measure = groups
        .flatMap((g) => g.measures.map((m) => ({ code: `${g.code}/${m.code}`, m })))
        .find((x) => x.code === itemCode)?.m
      return measure
        ? measure.activities.flatMap((a) => a.evidence.map((e) => ({ ...e, id: `${a.code}.${e.id}` })))
        : null
    }
  }
}

/** A reporting round an item is due at (a KPI's 6/9/12 months, a plan's report deadlines). */
export interface ItemRound {
  /** "6", "9", "12" for KPIs; the catalog's round code (e.g. "r1", "annual") for measures. */
  round: string
  labelTh: string
  labelEn: string
  /** The usual deadline of the round in the catalog's fiscal year, "YYYY-MM-DD" (CE), to prefill forms. */
  suggested: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** Fiscal month (October = 1) and day of a fiscal year (BE) → "YYYY-MM-DD" (CE), the day clamped to the month. */
function fiscalDay(fiscalYear: number, fiscalMonth: number, day: number): string {
  const month = ((fiscalMonth + 8) % 12) + 1
  const year = fiscalYear - 543 - (fiscalMonth <= 3 ? 1 : 0)
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${pad(month)}-${pad(Math.min(day, last))}`
}

/** A KPI reporting round: the end of its 6th, 9th or 12th fiscal month. */
const kpiRound = (fiscalYear: number, months: number): ItemRound => ({
  round: String(months),
  labelTh: `รอบ ${months} เดือน`,
  labelEn: `${months}-month round`,
  suggested: fiscalDay(fiscalYear, months, 31),
})

/**
 * The reporting rounds of a catalog and which of them each item reports at. ITA criteria have
 * none (one due date); a KPI reports at its own rounds; a measure at the plan's rounds (the
 * 6/9/12-month rounds when the plan names none).
 */
export function reportingRoundsOf(catalog: Catalog): { rounds: ItemRound[]; byItem: Map<string, string[]> } {
  const fy = catalog.fiscalYear
  switch (catalog.kind) {
    case 'ita':
    case 'ita-variant':
      return { rounds: [], byItem: new Map() }
    case 'kpi-agreement': {
      const used = REPORTING_ROUNDS.filter((r) => catalog.kpis.some((k) => (k.reportingRounds as number[]).includes(r)))
      return {
        rounds: used.map((r) => kpiRound(fy, r)),
        byItem: new Map(
          catalog.kpis.map((k) => [
            k.code,
            REPORTING_ROUNDS.filter((r) => (k.reportingRounds as number[]).includes(r)).map(String),
          ]),
        ),
      }
    }
    case 'integrity-policy':
    case 'improvement-measures': {
      const rounds = catalog.reportingRounds?.length
        ? catalog.reportingRounds.map((r) => ({
            round: r.code,
            labelTh: r.name.th,
            labelEn: r.name.en,
            suggested: fiscalDay(fy, r.dueMonth, r.dueDay),
          }))
        : REPORTING_ROUNDS.map((r) => kpiRound(fy, r))
      return { rounds, byItem: new Map(listItems(catalog).map((i) => [i.code, rounds.map((r) => r.round)])) }
    }
  }
}

export type RolloverChange = 'same' | 'changed' | 'renumbered' | 'new' | 'dropped'

export interface RolloverRow {
  change: RolloverChange
  fromCode: string | null
  toCode: string | null
  fromTitle: string | null
  toTitle: string | null
  /** 0–1 title similarity of a matched pair. */
  similarity: number | null
  /** The administrator chose this pairing (or "new, no match") instead of the proposed one. */
  overridden?: boolean
}

const normalize = (s: string) =>
  s
    .replace(/\s+/g, ' ')
    .replace(/(ประจำ)?ปี(งบประมาณ)?\s*(พ\.ศ\.)?\s*25\d\d/g, '')
    .trim()
    .toLowerCase()

/** 1 for equal titles, 0 for nothing in common (Levenshtein over the longer length). */
export function titleSimilarity(a: string, b: string): number {
  const x = normalize(a)
  const y = normalize(b)
  const longest = Math.max(x.length, y.length)
  return longest === 0 ? 1 : 1 - distance(x, y) / longest
}

/** Same code with a title at least this close is "changed wording"; below, the code was reused. */
const SAME_CODE_MIN = 0.4
/** A different code with a title at least this close is "renumbered". */
const RENUMBERED_MIN = 0.6
const SAME_CODE_BONUS = 0.15

/** An item of the old year with no successor in the new one. */
const droppedRow = (o: CatalogItem): RolloverRow => ({
  change: 'dropped',
  fromCode: o.code,
  toCode: null,
  fromTitle: o.titleTh,
  toTitle: null,
  similarity: null,
})
/**
 * Matches last year's items to this year's: by code and by title similarity. Every old and new
 * item appears in exactly one row. Titles that are identical apart from the year match first,
 * so a shifted numbering (2568 O12 → 2569 O11) is not mistaken for a wording change.
 */
export function matchItems(from: CatalogItem[], to: CatalogItem[]): RolloverRow[] {
  const oldLeft = new Map(from.map((i) => [i.code, i]))
  const newLeft = new Map(to.map((i) => [i.code, i]))
  const rows: RolloverRow[] = []
  const pair = (o: CatalogItem, n: CatalogItem, similarity: number) => {
    oldLeft.delete(o.code)
    newLeft.delete(n.code)
    const change: RolloverChange = o.code !== n.code ? 'renumbered' : similarity >= 0.999 ? 'same' : 'changed'
    rows.push({ change, fromCode: o.code, toCode: n.code, fromTitle: o.titleTh, toTitle: n.titleTh, similarity })
  }
  // 1. identical titles, whatever the code
  for (const n of to) {
    const o = [...oldLeft.values()].find((o) => normalize(o.titleTh) === normalize(n.titleTh))
    if (o && newLeft.has(n.code)) pair(o, n, 1)
  }
  // 2. the best remaining pairs first; keeping the code is worth a little similarity
  const candidates = [...newLeft.values()]
    .flatMap((n) => [...oldLeft.values()].map((o) => ({ o, n, s: titleSimilarity(o.titleTh, n.titleTh) })))
    .filter((c) => c.s >= (c.o.code === c.n.code ? SAME_CODE_MIN : RENUMBERED_MIN))
    .sort(
      (a, b) =>
        b.s + (b.o.code === b.n.code ? SAME_CODE_BONUS : 0) - (a.s + (a.o.code === a.n.code ? SAME_CODE_BONUS : 0)),
    )
  for (const { o, n, s } of candidates) {
    if (oldLeft.has(o.code) && newLeft.has(n.code)) pair(o, n, s)
  }
  for (const n of newLeft.values())
    rows.push({ change: 'new', fromCode: null, toCode: n.code, fromTitle: null, toTitle: n.titleTh, similarity: null })
  for (const o of oldLeft.values()) rows.push(droppedRow(o))
  // in the new year's order, dropped items after
  const order = new Map(to.map((i, k) => [i.code, k]))
  const oldOrder = new Map(from.map((i, k) => [i.code, k]))
  return rows.sort(
    (a, b) =>
      (a.toCode ? order.get(a.toCode)! : 1e6 + oldOrder.get(a.fromCode!)!) -
      (b.toCode ? order.get(b.toCode)! : 1e6 + oldOrder.get(b.fromCode!)!),
  )
}

/** For a new item's code: the old item's code it continues, or null for "new, no match". */
export type RolloverOverrides = Record<string, string | null>

/**
 * The proposed matching with the administrator's choices applied. Each old item continues into
 * at most one new item (assignments and evidence links follow one path), so choosing an old
 * item twice is refused, naming both new items; unknown codes are refused too.
 */
export function overrideMatches(
  proposed: RolloverRow[],
  from: CatalogItem[],
  to: CatalogItem[],
  overrides: RolloverOverrides,
): RolloverRow[] {
  const oldByCode = new Map(from.map((i) => [i.code, i]))
  const newCodes = new Set(to.map((i) => i.code))
  const chosen = new Map(proposed.filter((r) => r.toCode).map((r) => [r.toCode!, r.fromCode]))
  for (const [toCode, fromCode] of Object.entries(overrides)) {
    if (!newCodes.has(toCode))
      throw new AppError(
        bi(`การจับคู่: ไม่พบข้อ ${toCode} ในปีใหม่`, `matching: ${toCode} is not an item of the new year`),
        400,
      )
    if (fromCode !== null && !oldByCode.has(fromCode))
      throw new AppError(
        bi(
          `การจับคู่ของ ${toCode}: ไม่พบข้อ ${fromCode} ในปีเดิม`,
          `matching of ${toCode}: ${fromCode} is not an item of last year`,
        ),
        400,
        { [`match.${toCode}`]: bi('ไม่พบในปีเดิม', 'not in last year') },
      )
    chosen.set(toCode, fromCode)
  }
  const usedBy = new Map<string, string>()
  for (const n of to) {
    const o = chosen.get(n.code)
    if (!o) continue
    const other = usedBy.get(o)
    if (other)
      throw new AppError(
        bi(
          `การจับคู่: ข้อเดิม ${o} ถูกเลือกให้ทั้ง ${other} และ ${n.code} ข้อเดิมหนึ่งข้อต่อได้กับข้อใหม่เพียงข้อเดียว`,
          `matching: last year's ${o} is chosen for both ${other} and ${n.code}; an old item can continue ` +
            `into one new item only`,
        ),
        400,
        { [`match.${n.code}`]: bi(`${o} ถูกเลือกให้ ${other} แล้ว`, `${o} is already chosen for ${other}`) },
      )
    usedBy.set(o, n.code)
  }
  const before = new Map(proposed.filter((r) => r.toCode).map((r) => [r.toCode!, r]))
  const rows: RolloverRow[] = to.map((n) => {
    const o = chosen.get(n.code) ? oldByCode.get(chosen.get(n.code)!)! : null
    const overridden = (before.get(n.code)?.fromCode ?? null) !== (o?.code ?? null)
    if (!overridden) return before.get(n.code)!
    if (!o)
      return {
        change: 'new',
        fromCode: null,
        toCode: n.code,
        fromTitle: null,
        toTitle: n.titleTh,
        similarity: null,
        overridden,
      }
    const similarity = titleSimilarity(o.titleTh, n.titleTh)
    const change: RolloverChange = o.code !== n.code ? 'renumbered' : similarity >= 0.999 ? 'same' : 'changed'
    return {
      change,
      fromCode: o.code,
      toCode: n.code,
      fromTitle: o.titleTh,
      toTitle: n.titleTh,
      similarity,
      overridden,
    }
  })
  for (const o of from) if (!usedBy.has(o.code)) rows.push(droppedRow(o))
  return rows
}
