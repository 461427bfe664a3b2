/**
 * The evidence library's search: words (Thai and English, every one must match, case and digit form aside) in the
 * title, file names, description, tags, text and the text extracted from files, with filters by issuing unit, kind,
 * date and linked item. Words are looked up in the index by key (models/evidence/search-index.server.ts), the
 * evidence they name is read by `_id`, and filters apply to that. Without words the library lists the evidence
 * newest first with the same filters.
 */
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { parseDayInput, type DayMessage } from '#models/dates'
import { listItems } from '#models/catalog/items'
import { EVIDENCE_TYPES, type EvidenceType } from '#models/evidence/kinds'
import { evidenceByIds, listEvidence, type Evidence } from '#models/evidence/records.server'
import { evidenceIdsWithWords, evidenceTexts, type EvidenceTextInfo } from '#models/evidence/search-index.server'
import { queryWords, snippet, type SnippetPart } from '#models/evidence/words'
import { listUnits } from '#models/tenancy/unit.server'

/** What the library's address says: `?q=…&unit=…&type=…&from=…&to=…&item=<catalog id>|<item code>&page=2`. */
export interface LibraryQuery {
  q: string
  unit: string
  type: EvidenceType | ''
  /** Days, "YYYY-MM-DD" (Christian era); '' for none. */
  from: string
  to: string
  item: string
  page: number
  /** A date box whose text is not a date: named in Thai and English; that filter is not applied. */
  errors: Partial<Record<'from' | 'to', DayMessage>>
}

/**
 * Reads the library's query parameters. Dates come as "YYYY-MM-DD" from the date box, or as typed (BE dates, Thai
 * digits) when the page runs without JavaScript; other malformed values are ignored (the form offers valid ones).
 */
export function parseLibraryQuery(params: URLSearchParams): LibraryQuery {
  const get = (k: string) => (params.get(k) ?? '').trim()
  const errors: LibraryQuery['errors'] = {}
  const day = (k: 'from' | 'to', th: string, en: string) => {
    const parsed = parseDayInput(get(k).slice(0, 60))
    if (parsed.ok) return parsed.value ?? ''
    errors[k] = { th: `${th}: ${parsed.error.th}`, en: `${en}: ${parsed.error.en}` }
    return ''
  }
  const page = Number.parseInt(get('page'), 10)
  return {
    q: get('q').slice(0, 200),
    unit: /^[0-9a-f]{24}$/.test(get('unit')) ? get('unit') : '',
    type: EVIDENCE_TYPES.find((t) => t === get('type')) ?? '',
    from: day('from', 'ตั้งแต่วันที่', 'from'),
    to: day('to', 'ถึงวันที่', 'to'),
    item: /^[0-9a-f]{24}\|[^|]{1,100}$/.test(get('item')) ? get('item') : '',
    page: Number.isFinite(page) && page > 1 ? Math.min(page, 1000) : 1,
    errors,
  }
}

/** One evidence found, with the part of its text around the words searched. */
export interface LibraryRow {
  evidence: Evidence
  snippet: SnippetPart[] | null
  text: EvidenceTextInfo | null
}

export interface LibraryResult {
  rows: LibraryRow[]
  /** The words searched, as the index compares them. */
  words: string[]
  /** Evidence matching words and filters (null when listing without words: not counted). */
  total: number | null
  page: number
  hasMore: boolean
  /** The words match more evidence than one search reads: only the most recently indexed are shown. */
  capped: boolean
}

export const PAGE_SIZE = 25
/** Evidence read for one search at most; a search matching more shows the most recently indexed of them. */
export const MAX_CANDIDATES = 200

const bangkokStart = (day: string) => new Date(`${day}T00:00:00+07:00`)
const bangkokEnd = (day: string) => new Date(bangkokStart(day).getTime() + 86_400_000 - 1)

/** The day that counts for the date filter: the document's date, else when it was added. */
const dayOf = (e: Evidence) => new Date(e.documentDate ?? e.createdAt)
const newestFirst = (a: Evidence, b: Evidence) =>
  (b.current?.uploadedAt ?? b.createdAt).localeCompare(a.current?.uploadedAt ?? a.createdAt)

function matchesFilters(e: Evidence, query: LibraryQuery): boolean {
  if (query.type && e.type !== query.type) return false
  if (query.unit && e.issuingUnitId !== query.unit) return false
  if (query.from && dayOf(e) < bangkokStart(query.from)) return false
  if (query.to && dayOf(e) > bangkokEnd(query.to)) return false
  if (query.item) {
    const [catalogId, itemCode] = query.item.split('|')
    if (!e.links.some((l) => l.catalogId === catalogId && l.itemCode === itemCode)) return false
  }
  return true
}

/** One page of the library: evidence matching the words and filters, newest first, with snippets and text states. */
export async function searchLibrary(
  organizationId: string,
  query: LibraryQuery,
  options: { pageSize?: number; maxCandidates?: number } = {},
): Promise<LibraryResult> {
  const pageSize = options.pageSize ?? PAGE_SIZE
  const words = queryWords(query.q)
  const skip = (query.page - 1) * pageSize
  let found: Evidence[]
  let total: number | null = null
  let hasMore: boolean
  let capped = false
  if (words.length === 0) {
    const [catalogId, itemCode] = query.item ? query.item.split('|') : []
    const listed = await listEvidence(
      organizationId,
      {
        type: query.type || undefined,
        unitId: query.unit || undefined,
        from: query.from ? bangkokStart(query.from) : undefined,
        to: query.to ? bangkokEnd(query.to) : undefined,
        item: catalogId ? { catalogId, itemCode } : undefined,
        skip,
      },
      pageSize + 1,
    )
    hasMore = listed.length > pageSize
    found = listed.slice(0, pageSize)
  } else {
    let ids = await evidenceIdsWithWords(organizationId, words)
    const max = options.maxCandidates ?? MAX_CANDIDATES
    if (ids.length > max) {
      capped = true
      ids = ids.slice(-max)
    }
    // read by `_id`, one lookup per id: on MongoDB and on FerretDB over PostgreSQL (with the `_id` index that
    // scripts/services.ts adds) each is an index hit; any other filter would read the organization's whole collection
    const read = await evidenceByIds(organizationId, ids)
    const matching = read.filter((e) => matchesFilters(e, query)).sort(newestFirst)
    total = matching.length
    found = matching.slice(skip, skip + pageSize)
    hasMore = skip + pageSize < matching.length
  }
  const texts = await evidenceTexts(
    organizationId,
    found.map((e) => e.id),
    { withText: words.length > 0 },
  )
  const rows = found.map((evidence) => {
    const text = texts.get(evidence.id) ?? null
    const body = text?.text || (evidence.html ? evidence.html.replace(/<[^>]*>/g, ' ') : '') || evidence.description
    return { evidence, text, snippet: words.length > 0 ? snippet(body, words) : null }
  })
  return { rows, words, total, page: query.page, hasMore, capped }
}

/** The choices of the library's filters: units, and the items of the organization's catalogs (newest year first). */
export async function libraryFilterOptions(organizationId: string) {
  const units = (await listUnits(organizationId)).map((u) => ({ value: u.id, label: u.nameTh, retired: u.retired }))
  const catalogs = (await listCatalogs(organizationId))
    .filter((c) => c.status !== 'archived')
    .sort((a, b) => b.fiscalYear - a.fiscalYear)
  const items: { group: string; items: { value: string; label: string }[] }[] = []
  for (const summary of catalogs) {
    const stored = await getCatalog(organizationId, summary.id)
    if (!stored) continue
    items.push({
      group: `${stored.fiscalYear} · ${stored.nameTh} (ฉบับที่ ${stored.version})`,
      items: listItems(stored.content).map((i) => ({
        value: `${stored.id}|${i.code}`,
        label: `${i.code} ${i.titleTh}`.slice(0, 120),
      })),
    })
  }
  return { units, items }
}
