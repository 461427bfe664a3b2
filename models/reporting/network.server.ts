/**
 * The network view: administrators and executives of an organization follow every organization beneath it (any
 * depth, through `parentId`). They get figures only — statuses, projections, counts, dates — never evidence or
 * people; those stay behind each organization's own membership.
 *
 * Speed: FerretDB 1.24 on SQLite reads a whole collection for any filter but `_id`, so scoring a thousand
 * organizations on every load is out of reach. Each organization's figures for a fiscal year are kept in one
 * `network_summaries` document keyed by `<organizationId>:<fiscalYear>`, valid while the organization's change
 * counter (`organization_activity`, raised by every audited change) and the Bangkok day (overdue items, inactivity)
 * are those it was built at; a stale one is rebuilt from the organization's own dashboard projection.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { schemaModel } from '#models/db.server'
import { AppError, bi, type Bilingual } from '#models/errors'
import { bangkokDayValue, fiscalYearOf } from '#models/dates'
import { getActivity, recordReads, type Actor } from '#models/tenancy/audit.server'
import {
  AGENCY_TYPES,
  keptOrganizations,
  OrganizationModel,
  type Organization,
} from '#models/tenancy/organization.server'
import { ACCESS_STAMP } from '#models/tenancy/auth.server'
import { listPeople } from '#models/tenancy/user.server'
import type { MembershipGrant, Role } from '#models/tenancy/permissions'
import { getItaDashboard } from '#models/reporting/projection.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { RATING_BANDS_2567 } from '#scoring/index'
import { compareThai } from '#models/order'

/** Who of an organization sees its network: read-only, figures only. */
export const NETWORK_ROLES: readonly Role[] = ['admin', 'executive']
export const mayViewNetwork = (m: MembershipGrant | null | undefined) =>
  Boolean(m?.active && NETWORK_ROLES.includes(m.role))

export const SCENARIOS = ['approvedOnly', 'ifSubmittedApproved', 'ifOverdueDelivered'] as const
export type Scenario = (typeof SCENARIOS)[number]

/** Days without a change by a person after which an organization is listed as inactive. */
export const INACTIVE_DAYS = 30

// ---- the tree ---------------------------------------------------------------------------------

interface Node {
  id: string
  code: string
  nameTh: string
  nameEn: string
  agencyType: Organization['agencyType']
  parentId: string | null
}

/** Every organization's place in the tree, in one read of the (small) organizations collection. */
async function readTree(): Promise<Map<string, Node>> {
  const docs = await OrganizationModel.find({})
    .select({ code: 1, nameTh: 1, nameEn: 1, agencyType: 1, parentId: 1 })
    .lean<
      {
        _id: mongoose.Types.ObjectId
        code: string
        nameTh: string
        nameEn?: string
        agencyType: string
        parentId?: mongoose.Types.ObjectId | null
      }[]
    >()
  return new Map(
    docs.map((d) => [
      d._id.toString(),
      {
        id: d._id.toString(),
        code: d.code,
        nameTh: d.nameTh,
        nameEn: d.nameEn ?? '',
        agencyType: d.agencyType as Node['agencyType'],
        parentId: d.parentId ? d.parentId.toString() : null,
      },
    ]),
  )
}

export interface Descendant extends Node {
  depth: number
  /** The root's direct child this one sits under (itself at depth 1): its sub-network. */
  branchId: string
}

/** Every organization beneath `rootId`, breadth first; a circle in the links is walked once and stops. */
export function descendantsIn(tree: Map<string, Node>, rootId: string): Descendant[] {
  const children = new Map<string, string[]>()
  for (const n of tree.values()) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id])
  const seen = new Set([rootId])
  const out: Descendant[] = []
  let level = (children.get(rootId) ?? []).map((id) => ({ id, branchId: id }))
  for (let depth = 1; level.length > 0; depth++) {
    const next: { id: string; branchId: string }[] = []
    for (const { id, branchId } of level) {
      if (seen.has(id)) continue
      seen.add(id)
      out.push({ ...tree.get(id)!, depth, branchId })
      for (const c of children.get(id) ?? []) next.push({ id: c, branchId })
    }
    level = next
  }
  return out
}

/** The organizations above `organizationId`, nearest first (a circle stops the walk). */
export function ancestorsIn(tree: Map<string, Node>, organizationId: string): Node[] {
  const out: Node[] = []
  const seen = new Set([organizationId])
  for (let at = tree.get(organizationId)?.parentId; at && !seen.has(at); at = tree.get(at)?.parentId) {
    seen.add(at)
    const n = tree.get(at)
    if (!n) break
    out.push(n)
  }
  return out
}

export async function listDescendants(rootId: string): Promise<Descendant[]> {
  return descendantsIn(await readTree(), rootId)
}

/** The descendant `childId` of `rootId`, or null: a non-descendant is never found (the routes answer 404). */
export async function findDescendant(rootId: string, childId: string): Promise<Descendant | null> {
  return (await listDescendants(rootId)).find((d) => d.id === childId) ?? null
}

/** Who above the organization sees its figures: the active administrators and executives of every ancestor. */
export async function listNetworkViewers(
  organizationId: string,
): Promise<{ organization: Bilingual; code: string; people: { name: string; email: string; role: Role }[] }[]> {
  const ancestors = ancestorsIn(await readTree(), organizationId)
  return Promise.all(
    ancestors.map(async (a) => ({
      organization: { th: a.nameTh, en: a.nameEn || a.nameTh },
      code: a.code,
      people: (await listPeople(a.id))
        .filter((p) => mayViewNetwork(p.membership))
        .map((p) => ({ name: p.nameTh || p.email, email: p.email, role: p.membership.role })),
    })),
  )
}

// ---- one organization's figures ---------------------------------------------------------------

export interface BandFigure {
  code: string
  th: string
  en: string
}

/** What the network shows of one organization for one fiscal year; all of it comes from its own dashboard. */
export interface ChildFigures {
  fiscalYear: number
  /** scored; no published ITA catalog for the year; a catalog the engine refuses. */
  state: 'scored' | 'no-catalog' | 'invalid'
  catalogId: string | null
  totals: Record<Scenario, number> | null
  bands: Record<Scenario, BandFigure> | null
  /** Tool scores (approved items only), published two-decimal figures. */
  tools: { code: string; score: number }[]
  /** Last fiscal year's total (approved items only), null without a scored catalog that year. */
  previousTotal: number | null
  criteria: number
  approved: number
  /** As on /completeness: approved ÷ assigned × 100 and elements with their minimum of evidence ÷ all, 1 decimal. */
  approvedPct: number | null
  evidencePct: number | null
  overdue: number
  /** Any criterion past "not started". */
  started: boolean
  /** Criteria (not placeholders) not approved. */
  notApproved: string[]
}

const bandOf = (b: { code: string; label: { th: string; en: string } }): BandFigure => ({
  code: b.code,
  th: b.label.th,
  en: b.label.en,
})

/** The figures of one organization, read through the same projection as its own dashboard. */
export async function computeFigures(
  organizationId: string,
  fiscalYear: number,
  now = new Date(),
): Promise<ChildFigures> {
  const ita = await getItaDashboard(organizationId, fiscalYear, now)
  const empty: ChildFigures = {
    fiscalYear,
    state: ita.invalid ? 'invalid' : 'no-catalog',
    catalogId: null,
    totals: null,
    bands: null,
    tools: [],
    previousTotal: null,
    criteria: 0,
    approved: 0,
    approvedPct: null,
    evidencePct: null,
    overdue: 0,
    started: false,
    notApproved: [],
  }
  const current = ita.current
  if (!current) return empty
  const p = current.projection
  const counted = current.criteria.filter((c) => !c.placeholder)
  const completeness = await getCompleteness(
    organizationId,
    parseCompletenessFilters(new URLSearchParams({ catalog: current.catalog.id })),
    now,
  )
  await saveTitles(current.catalog.id, Object.fromEntries(counted.map((c) => [c.code, c.title])))
  return {
    ...empty,
    state: 'scored',
    catalogId: current.catalog.id,
    totals: {
      approvedOnly: p.approvedOnly.total,
      ifSubmittedApproved: p.ifSubmittedApproved.total,
      ifOverdueDelivered: p.ifOverdueDelivered.total,
    },
    bands: {
      approvedOnly: bandOf(p.approvedOnly.band),
      ifSubmittedApproved: bandOf(p.ifSubmittedApproved.band),
      ifOverdueDelivered: bandOf(p.ifOverdueDelivered.band),
    },
    tools: p.approvedOnly.tools.map((t) => ({ code: t.code, score: t.score })),
    previousTotal: ita.previous ? ita.previous.projection.approvedOnly.total : null,
    criteria: counted.length,
    approved: counted.filter((c) => c.status === 'approved').length,
    approvedPct: completeness?.overall.approvedPct ?? null,
    evidencePct: completeness?.overall.evidencePct ?? null,
    overdue: counted.filter((c) => c.overdue).length,
    started: counted.some((c) => c.status !== 'not-started' && c.status !== 'carried'),
    notApproved: counted.filter((c) => c.status !== 'approved').map((c) => c.code),
  }
}

// ---- the summaries ----------------------------------------------------------------------------

const summarySchema = new Schema(
  {
    _id: { type: String, required: true },
    fiscalYear: { type: Number, required: true },
    version: { type: Number, required: true },
    day: { type: String, required: true },
    figures: { type: String, required: true },
  },
  { versionKey: false },
)
const SummaryModel = schemaModel('NetworkSummary', summarySchema, 'network_summaries')

/** Criterion titles of a catalog (one document per catalog), for the list of criteria that fail most. */
const titlesSchema = new Schema(
  { _id: { type: String, required: true }, titles: { type: String, required: true } },
  { versionKey: false },
)
const TitlesModel = schemaModel('NetworkTitles', titlesSchema, 'network_titles')

async function saveTitles(catalogId: string, titles: Record<string, Bilingual>) {
  await TitlesModel.updateOne({ _id: catalogId }, { $set: { titles: JSON.stringify(titles) } }, { upsert: true })
}

const summaryKey = (organizationId: string, fiscalYear: number) => `${organizationId}:${fiscalYear}`

/** Stores figures as built at `version` of the organization's change counter on `day` (seeds and benchmarks). */
export async function storeFigures(
  rows: { organizationId: string; version: number; day: string; figures: ChildFigures }[],
): Promise<void> {
  if (rows.length === 0) return
  await SummaryModel.bulkWrite(
    rows.map((r) => ({
      updateOne: {
        filter: { _id: summaryKey(r.organizationId, r.figures.fiscalYear) },
        update: {
          $set: {
            fiscalYear: r.figures.fiscalYear,
            version: r.version,
            day: r.day,
            figures: JSON.stringify(r.figures),
          },
        },
        upsert: true,
      },
    })),
    { ordered: false },
  )
}

/** A few at a time: each build reads the organization's collections. */
const BUILD_CONCURRENCY = 4

/**
 * The figures of each organization for the year: from its summary when its change counter and the day are those the
 * summary was built at, else built again (and stored). Also the activity (last change by a person) of each.
 */
type SummaryDoc = { _id: string; version: number; day: string; figures: string }

/** Every summary of the fiscal year: one read of a small collection, started while the tree is read. */
const readSummaries = (fiscalYear: number) => SummaryModel.find({ fiscalYear }).lean<SummaryDoc[]>().exec()

export async function figuresOf(
  organizationIds: string[],
  fiscalYear: number,
  now = new Date(),
  summaries: Promise<SummaryDoc[]> = readSummaries(fiscalYear),
): Promise<{ figures: Map<string, ChildFigures>; activity: Map<string, string | null>; rebuilt: number }> {
  const day = bangkokDayValue(now)
  const [activity, docs] = await Promise.all([getActivity(organizationIds), summaries])
  const stored = new Map(docs.map((d) => [d._id, d]))
  const figures = new Map<string, ChildFigures>()
  const stale: string[] = []
  for (const id of organizationIds) {
    const doc = stored.get(summaryKey(id, fiscalYear))
    if (doc && doc.version === activity.get(id)!.version && doc.day === day)
      figures.set(id, JSON.parse(doc.figures) as ChildFigures)
    else stale.push(id)
  }
  // the counter is read before building: a change while building leaves the summary stale for the next load
  for (let i = 0; i < stale.length; i += BUILD_CONCURRENCY) {
    const batch = stale.slice(i, i + BUILD_CONCURRENCY)
    const built = await Promise.all(batch.map((id) => computeFigures(id, fiscalYear, now)))
    batch.forEach((id, k) => figures.set(id, built[k]))
    await storeFigures(
      batch.map((id, k) => ({ organizationId: id, version: activity.get(id)!.version, day, figures: built[k] })),
    )
  }
  return {
    figures,
    activity: new Map([...activity].map(([id, a]) => [id, a.personAt])),
    rebuilt: stale.length,
  }
}

// ---- the network view -------------------------------------------------------------------------

export const SORTS = ['name', 'total', 'rating', 'approved', 'evidence', 'overdue', 'activity', 'trend'] as const
export type Sort = (typeof SORTS)[number]

const enumField = <T extends readonly [string, ...string[]]>(values: T, th: string, en: string) =>
  z.enum(values, {
    message: bi(`${th}: ต้องเป็นหนึ่งใน ${values.join(', ')}`, `${en}: must be one of ${values.join(', ')}`),
  })

export const NetworkQuerySchema = z.object({
  year: z.coerce
    .number({ message: bi('ปีงบประมาณ: ต้องเป็นตัวเลข', 'fiscal year: must be a number') })
    .int(bi('ปีงบประมาณ: ต้องเป็นจำนวนเต็ม', 'fiscal year: must be a whole number'))
    .min(2500, bi('ปีงบประมาณ: ต้องเป็น พ.ศ. 2500–2700', 'fiscal year: must be a Buddhist-era year 2500–2700'))
    .max(2700, bi('ปีงบประมาณ: ต้องเป็น พ.ศ. 2500–2700', 'fiscal year: must be a Buddhist-era year 2500–2700'))
    .optional(),
  scenario: enumField(SCENARIOS, 'สถานการณ์', 'scenario').default('approvedOnly'),
  sort: enumField(SORTS, 'เรียงตาม', 'sort').default('name'),
  dir: enumField(['asc', 'desc'] as const, 'ทิศทางการเรียง', 'sort direction').default('asc'),
  type: z.union([z.literal(''), enumField(AGENCY_TYPES, 'ประเภทหน่วยงาน', 'agency type')]).default(''),
  branch: z
    .string()
    .trim()
    .regex(/^([0-9a-f]{24})?$/, bi('เครือข่ายย่อย: รหัสไม่ถูกต้อง', 'sub-network: not a valid id'))
    .default(''),
  band: z
    .string()
    .trim()
    .regex(/^([a-z0-9-]{1,40})?$/, bi('ระดับผลการประเมิน: ไม่ถูกต้อง', 'rating: not a valid rating code'))
    .default(''),
})
export type NetworkQuery = z.output<typeof NetworkQuerySchema>

/** The query string of the page (and of its exports); a bad value is refused naming the field and the rule. */
export function parseNetworkQuery(params: URLSearchParams): NetworkQuery {
  const raw = Object.fromEntries(
    ['year', 'scenario', 'sort', 'dir', 'type', 'branch', 'band'].flatMap((k) => {
      const v = params.get(k)
      return v === null || v === '' ? [] : [[k, v]]
    }),
  )
  const parsed = NetworkQuerySchema.safeParse(raw)
  if (!parsed.success) throw new AppError(parsed.error.issues.map((i) => i.message).join('\n'), 400)
  return parsed.data
}

export interface NetworkRow {
  id: string
  code: string
  name: Bilingual
  agencyType: Organization['agencyType']
  depth: number
  branch: { id: string; name: Bilingual }
  figures: ChildFigures
  /** Figures of the chosen scenario. */
  total: number | null
  band: BandFigure | null
  /** total − last year's total, 2 decimals; null when either is missing. */
  trend: number | null
  lastActivity: string | null
  notStarted: boolean
  inactive: boolean
}

export interface NetworkView {
  root: { id: string; code: string; name: Bilingual }
  fiscalYear: number
  years: number[]
  query: NetworkQuery
  /** Organizations beneath the root (before filters). */
  descendants: number
  rows: NetworkRow[]
  /** Over the rows shown: how many per rating under each scenario (bands in the order of the rating scale). */
  distribution: { bands: BandFigure[]; counts: Record<Scenario, Record<string, number>>; unscored: number }
  /** Every criterion not approved somewhere, by share of the scored rows shown where it is not approved, most first. */
  failing: { code: string; title: Bilingual; notApproved: number; of: number; pct: number }[]
  /** Rows shown that have not started, or that no person changed for INACTIVE_DAYS days. */
  attention: NetworkRow[]
  options: { types: Organization['agencyType'][]; branches: { id: string; name: Bilingual }[]; bands: BandFigure[] }
  now: string
}

const round2 = (x: number) => Math.round(x * 100) / 100
const round1 = (x: number) => Math.round(x * 10) / 10
const bandOrder = RATING_BANDS_2567.map((b) => b.code)

/** The value a column sorts by; null (no score, no activity…) sorts last in both directions. */
function sortValue(sort: Sort, r: NetworkRow): number | null {
  switch (sort) {
    case 'total':
      return r.total
    case 'rating':
      // the rating scale's order first (a better rating is higher), then the total within it
      return r.band ? (bandOrder.length - Math.max(0, bandOrder.indexOf(r.band.code))) * 1000 + (r.total ?? 0) : null
    case 'approved':
      return r.figures.approvedPct
    case 'evidence':
      return r.figures.evidencePct
    case 'overdue':
      return r.figures.overdue
    case 'activity':
      return r.lastActivity ? Date.parse(r.lastActivity) : null
    case 'trend':
      return r.trend
    default:
      return null
  }
}

const byName = (a: NetworkRow, b: NetworkRow) => compareThai(a.name.th, b.name.th) || a.code.localeCompare(b.code)

function compareRows(sort: Sort, dir: 'asc' | 'desc'): (a: NetworkRow, b: NetworkRow) => number {
  const sign = dir === 'desc' ? -1 : 1
  if (sort === 'name') return (a, b) => sign * byName(a, b)
  return (a, b) => {
    const x = sortValue(sort, a)
    const y = sortValue(sort, b)
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byName(a, b)
    return sign * (x - y) || byName(a, b)
  }
}

/**
 * The network of `root` for the query. The caller has checked the viewer's role (mayViewNetwork); an organization
 * with nothing beneath it has no network (null, the routes answer 404). Every read is recorded in each organization
 * read (one event each, written at once).
 */
export async function getNetworkView(
  viewer: Actor,
  root: Pick<Organization, 'id' | 'code' | 'nameTh' | 'nameEn'>,
  query: NetworkQuery,
  now = new Date(),
  purpose: 'view' | 'export' = 'view',
): Promise<NetworkView | null> {
  const today = fiscalYearOf(now)
  const fiscalYear = query.year ?? today
  // the reads that do not depend on each other run together: tree and summaries, then activity and the audit write
  const summaries = readSummaries(fiscalYear)
  summaries.catch(() => {}) // awaited below; a failure there is reported there
  const all = await listDescendants(root.id)
  if (all.length === 0) return null
  const [{ figures, activity }] = await Promise.all([
    figuresOf(
      all.map((d) => d.id),
      fiscalYear,
      now,
      summaries,
    ),
    recordNetworkReads(viewer, root, all, purpose === 'view' ? 'network.read' : 'network.export', fiscalYear),
  ])
  const names = new Map(all.map((d) => [d.id, { th: d.nameTh, en: d.nameEn || d.nameTh }]))
  const cutoff = now.getTime() - INACTIVE_DAYS * 86_400_000
  const rowsAll: NetworkRow[] = all.map((d) => {
    const f = figures.get(d.id)!
    const total = f.totals?.[query.scenario] ?? null
    const last = activity.get(d.id) ?? null
    return {
      id: d.id,
      code: d.code,
      name: names.get(d.id)!,
      agencyType: d.agencyType,
      depth: d.depth,
      branch: { id: d.branchId, name: names.get(d.branchId)! },
      figures: f,
      total,
      band: f.bands?.[query.scenario] ?? null,
      trend: total !== null && f.previousTotal !== null ? round2(total - f.previousTotal) : null,
      lastActivity: last,
      notStarted: !f.started,
      inactive: last === null || Date.parse(last) < cutoff,
    }
  })
  const rows = rowsAll
    .filter((r) => !query.type || r.agencyType === query.type)
    .filter((r) => !query.branch || r.branch.id === query.branch)
    .filter((r) => !query.band || (query.band === 'none' ? r.band === null : r.band?.code === query.band))
  rows.sort(compareRows(query.sort, query.dir))

  const bandsSeen = new Map<string, BandFigure>()
  for (const r of rowsAll)
    for (const s of SCENARIOS) if (r.figures.bands) bandsSeen.set(r.figures.bands[s].code, r.figures.bands[s])
  for (const b of RATING_BANDS_2567) if (!bandsSeen.has(b.code)) bandsSeen.set(b.code, bandOf(b))
  const bands = [...bandsSeen.values()].sort(
    (a, b) => (bandOrder.indexOf(a.code) + 1 || 99) - (bandOrder.indexOf(b.code) + 1 || 99),
  )
  const counts = Object.fromEntries(
    SCENARIOS.map((s) => [
      s,
      Object.fromEntries(bands.map((b) => [b.code, rows.filter((r) => r.figures.bands?.[s].code === b.code).length])),
    ]),
  ) as Record<Scenario, Record<string, number>>

  const scored = rows.filter((r) => r.figures.state === 'scored')
  const failCount = new Map<string, { n: number; of: number; catalogId: string }>()
  for (const r of scored) {
    const not = new Set(r.figures.notApproved)
    for (const code of not) {
      const c = failCount.get(code) ?? { n: 0, of: 0, catalogId: r.figures.catalogId! }
      c.n++
      failCount.set(code, c)
    }
  }
  for (const c of failCount.values()) c.of = scored.length
  const top = [...failCount.entries()].sort((a, b) => b[1].n - a[1].n || compareThai(a[0], b[0]))
  const titleDocs = await TitlesModel.find({ _id: { $in: [...new Set(top.map(([, c]) => c.catalogId))] } }).lean<
    { _id: string; titles: string }[]
  >()
  const titles = new Map(titleDocs.map((d) => [d._id, JSON.parse(d.titles) as Record<string, Bilingual>]))
  const failing = top.map(([code, c]) => ({
    code,
    title: titles.get(c.catalogId)?.[code] ?? { th: code, en: code },
    notApproved: c.n,
    of: c.of,
    pct: round1((c.n / c.of) * 100),
  }))
  const branches = all.filter((d) => d.depth === 1).map((d) => ({ id: d.id, name: names.get(d.id)! }))
  return {
    root: { id: root.id, code: root.code, name: { th: root.nameTh, en: root.nameEn || root.nameTh } },
    fiscalYear,
    years: [...new Set([today, today - 1, today - 2, fiscalYear])].sort((a, b) => b - a),
    query,
    descendants: all.length,
    rows,
    distribution: { bands, counts, unscored: rows.length - scored.length },
    failing,
    attention: rows.filter((r) => r.notStarted || r.inactive),
    options: {
      types: AGENCY_TYPES.filter((t) => rowsAll.some((r) => r.agencyType === t)),
      branches,
      bands,
    },
    now: now.toISOString(),
  }
}

/** One event in each organization read, in one write (cheap at a thousand). */
async function recordNetworkReads(
  viewer: Actor,
  root: Pick<Organization, 'id' | 'code' | 'nameTh'>,
  children: { id: string }[],
  action: string,
  fiscalYear: number,
) {
  await recordReads(
    children.map((c) => ({
      actor: { ...viewer, organizationId: c.id, userName: `${viewer.userName} (${root.nameTh})` },
      event: {
        action,
        targetType: 'organization',
        targetId: root.id,
        targetLabel: `${root.code} ${root.nameTh}`,
        changes: { fiscalYear: { before: null, after: fiscalYear } },
      },
    })),
  )
}

/** Records that a viewer of `root` opened the read-only dashboard of one of its organizations. */
export async function recordDashboardRead(
  viewer: Actor,
  root: Pick<Organization, 'id' | 'code' | 'nameTh'>,
  child: { id: string },
  fiscalYear: number,
) {
  await recordNetworkReads(viewer, root, [child], 'network.dashboard', fiscalYear)
}

/** Whether the organization has any organization beneath it (the menu shows the network entry then). */
export async function hasNetwork(organizationId: string): Promise<boolean> {
  if (!mongoose.isValidObjectId(organizationId)) return false
  return keptOrganizations([ACCESS_STAMP], `children:${organizationId}`, async () =>
    Boolean(await OrganizationModel.exists({ parentId: new mongoose.Types.ObjectId(organizationId) })),
  )
}
