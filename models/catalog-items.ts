/**
 * The assignable items of a catalog (ITA criteria, KPIs, integrity measures) as one flat list,
 * and the year-rollover matching between two catalogs. Pure: no I/O, safe in the browser.
 */
import { distance } from 'fastest-levenshtein'
import { listCriteria, type Catalog } from '#models/catalog-schema'

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
      return catalog.kpis.map((k) => ({ code: k.code, titleTh: k.name.th, titleEn: k.name.en, group: 'KPI', elementCount: k.evidence?.length ?? 0 }))
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

export type RolloverChange = 'same' | 'changed' | 'renumbered' | 'new' | 'dropped'

export interface RolloverRow {
  change: RolloverChange
  fromCode: string | null
  toCode: string | null
  fromTitle: string | null
  toTitle: string | null
  /** 0–1 title similarity of a matched pair. */
  similarity: number | null
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').replace(/(ประจำ)?ปี(งบประมาณ)?\s*(พ\.ศ\.)?\s*25\d\d/g, '').trim().toLowerCase()

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
    .sort((a, b) => b.s + (b.o.code === b.n.code ? SAME_CODE_BONUS : 0) - (a.s + (a.o.code === a.n.code ? SAME_CODE_BONUS : 0)))
  for (const { o, n, s } of candidates) {
    if (oldLeft.has(o.code) && newLeft.has(n.code)) pair(o, n, s)
  }
  for (const n of newLeft.values()) rows.push({ change: 'new', fromCode: null, toCode: n.code, fromTitle: null, toTitle: n.titleTh, similarity: null })
  for (const o of oldLeft.values()) rows.push({ change: 'dropped', fromCode: o.code, toCode: null, fromTitle: o.titleTh, toTitle: null, similarity: null })
  // in the new year's order, dropped items after
  const order = new Map(to.map((i, k) => [i.code, k]))
  const oldOrder = new Map(from.map((i, k) => [i.code, k]))
  return rows.sort((a, b) => (a.toCode ? order.get(a.toCode)! : 1e6 + oldOrder.get(a.fromCode!)!) - (b.toCode ? order.get(b.toCode)! : 1e6 + oldOrder.get(b.fromCode!)!))
}
