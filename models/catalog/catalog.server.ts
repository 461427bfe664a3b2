/**
 * An organization's catalogs: its own copies of built-in catalogs (or imported ones), one
 * document per framework, fiscal year and version. The whole tree is stored as JSON text: it is
 * validated by zod on every write anyway, it can be 120 KB, and FerretDB v1 refuses arrays of
 * arrays, which a text field can never contain. Drafts are edited; published versions are frozen.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import mongoose, { Schema } from 'mongoose'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { BUILT_IN_CATALOG_DIR, loadBuiltInCatalogs } from '#models/catalog/files.server'
import { applyEdit, CatalogEditSchema, type CatalogEditInput } from '#models/catalog/edit'
import { catalogFromXlsx } from '#models/catalog/excel.server'
import { listItems, matchItems, overrideMatches, type RolloverOverrides, type RolloverRow } from '#models/catalog/items'
import { describeIssue, type SheetIssue } from '#models/catalog/sheet'
import {
  CATALOG_STATUSES,
  parseCatalog,
  type Catalog,
  type CatalogIssue,
  type CatalogKind,
} from '#models/catalog/schema'
import { yearShiftedGuess } from '#models/catalog/next-year'
import { shiftCatalogYear, type YearShiftChange } from '#models/catalog/year-shift'
import { claim } from '#models/claims.server'
import {
  keptByOrganization,
  type LeanDoc,
  organizationSchema,
  organizationStamps,
  schemaModel,
} from '#models/db.server'
import { trackWorkState } from '#models/work/work-state.server'
import { AppError, bi, fromZod, halves, isBilingual, notFound } from '#models/errors'
import { defaultFiscalYear } from '#models/dates'
import { oid, toObjectId } from '#models/ids'
import { markNewCatalog } from '#models/evidence/item-links.server'

const catalogSchema = organizationSchema({
  key: { type: String, required: true },
  kind: { type: String, required: true },
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  fiscalYear: { type: Number, required: true },
  version: { type: Number, required: true },
  status: { type: String, enum: CATALOG_STATUSES, required: true },
  provisional: { type: Boolean, default: false },
  provenanceTh: { type: String, default: '' },
  provenanceEn: { type: String, default: '' },
  /** The built-in catalog it was copied from. */
  sourceKey: { type: String, default: null },
  previousVersionId: { type: Schema.Types.ObjectId, default: null },
  /** Set by a confirmed year rollover: last year's catalog and old → new item codes (JSON). */
  rolledFromId: { type: Schema.Types.ObjectId, default: null },
  rolloverMap: { type: String, default: null },
  /** Set when this draft was made from last year's catalog by the year shift. */
  yearShiftedFromId: { type: Schema.Types.ObjectId, default: null },
  publishedAt: { type: Date, default: null },
  content: { type: String, required: true },
})
catalogSchema.index({ organizationId: 1, key: 1, version: 1 }, { unique: true })
// which catalogs are current is part of the inbox's work summary
trackWorkState(catalogSchema)
const CATALOG_STAMP = 'catalogs'
// What this instance read of catalogs, under their stamps: a catalog is up to 120 KB of JSON, read on most pages and
// written a few times a year. Its content is kept as text and parsed for each reader.
const keptCatalogs = keptByOrganization(catalogSchema, CATALOG_STAMP, 1000)
type CatalogDoc = LeanDoc<typeof catalogSchema> & { updatedAt: Date }
const CatalogModel = schemaModel('Catalog', catalogSchema)

export interface CatalogSummary {
  id: string
  key: string
  kind: CatalogKind
  nameTh: string
  nameEn: string
  fiscalYear: number
  version: number
  status: (typeof CATALOG_STATUSES)[number]
  provisional: boolean
  provenanceTh: string
  provenanceEn: string
  sourceKey: string | null
  previousVersionId: string | null
  rolledFromId: string | null
  publishedAt: string | null
  updatedAt: string
  itemCount: number
}

export interface StoredCatalog extends CatalogSummary {
  content: Catalog
}

function toSummary(doc: CatalogDoc, content: Catalog): CatalogSummary {
  return {
    id: doc._id.toString(),
    key: doc.key,
    kind: doc.kind as CatalogKind,
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    fiscalYear: doc.fiscalYear,
    version: doc.version,
    status: doc.status as CatalogSummary['status'],
    provisional: Boolean(doc.provisional),
    provenanceTh: doc.provenanceTh ?? '',
    provenanceEn: doc.provenanceEn ?? '',
    sourceKey: doc.sourceKey ?? null,
    previousVersionId: doc.previousVersionId?.toString() ?? null,
    rolledFromId: doc.rolledFromId?.toString() ?? null,
    publishedAt: doc.publishedAt ? doc.publishedAt.toISOString() : null,
    updatedAt: (doc.updatedAt ?? new Date()).toISOString(),
    itemCount: listItems(content).length,
  }
}

/** The indexed copy of the content's own fields, so lists need not parse every tree. */
function columnsOf(c: Catalog) {
  return {
    key: c.key,
    kind: c.kind,
    nameTh: c.name.th,
    nameEn: c.name.en,
    fiscalYear: c.fiscalYear,
    version: c.version,
    status: c.status,
    provisional: c.provisional,
    provenanceTh: c.provenance.th,
    provenanceEn: c.provenance.en,
    content: JSON.stringify(c),
  }
}

const snapshot = (s: CatalogSummary) => ({
  key: s.key,
  name: s.nameTh,
  fiscalYear: s.fiscalYear,
  version: s.version,
  status: s.status,
  items: s.itemCount,
})

// ---------------------------------------------------------------------------------------------
// Built-in catalogs

/**
 * The folder of the built-in JSON files. In the Remix server bundle import.meta.url points at
 * build/index.js, so the module-relative default is wrong there: the app runs from the project
 * root (npm start, the e2e server), which holds models/catalog/built-in.
 */
export function builtInCatalogDir(): string {
  if (process.env.BUILT_IN_CATALOG_DIR) return process.env.BUILT_IN_CATALOG_DIR
  const fromCwd = path.resolve(process.cwd(), 'models', 'catalog', 'built-in')
  return existsSync(fromCwd) ? fromCwd : BUILT_IN_CATALOG_DIR
}

const cache = globalThis as typeof globalThis & { __saisaatBuiltIns?: Catalog[] }

/** Every built-in catalog, validated once per process; a broken file throws (a release bug). */
export function builtInCatalogs(): Catalog[] {
  cache.__saisaatBuiltIns ??= loadBuiltInCatalogs(builtInCatalogDir())
  return cache.__saisaatBuiltIns
}

export interface BuiltInSummary {
  key: string
  kind: CatalogKind
  nameTh: string
  nameEn: string
  fiscalYear: number
  provisional: boolean
  provenanceTh: string
  provenanceEn: string
  itemCount: number
}

export function listBuiltInCatalogs(): BuiltInSummary[] {
  return builtInCatalogs().map((c) => ({
    key: c.key,
    kind: c.kind,
    nameTh: c.name.th,
    nameEn: c.name.en,
    fiscalYear: c.fiscalYear,
    provisional: c.provisional,
    provenanceTh: c.provenance.th,
    provenanceEn: c.provenance.en,
    itemCount: listItems(c).length,
  }))
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * The stamps of an organization's catalogs: every write of its catalogs changes its own, a write naming no single
 * organization the shared one (stampWritesByOrganization). Writes past mongoose (an import, an erasure) change both.
 */
export const catalogStamps = (organizationId: string) => organizationStamps(CATALOG_STAMP, organizationId)

/** The organization's catalogs, newest fiscal year first, then by name and version. */
export async function listCatalogs(organizationId: string): Promise<CatalogSummary[]> {
  return keptCatalogs(organizationId, `list:${organizationId}`, async () => {
    const docs = await CatalogModel.find({ organizationId: oid(organizationId) }).lean<CatalogDoc[]>()
    return docs
      .map((d) => toSummary(d, JSON.parse(d.content) as Catalog))
      .sort((a, b) => b.fiscalYear - a.fiscalYear || a.key.localeCompare(b.key) || b.version - a.version)
  })
}

/**
 * The catalog a screen opens on (of a list newest first, as listCatalogs gives it): the published one of the default
 * year (the fiscal year in progress when one is published, else the latest before it: defaultFiscalYear), else the
 * first of the list. A catalog published ahead for next year never wins over this year's.
 */
export function defaultCatalog<T extends { fiscalYear: number; status: string }>(
  catalogs: readonly T[],
  now: Date = new Date(),
): T | null {
  const published = catalogs.filter((c) => c.status === 'published')
  const year = defaultFiscalYear(
    published.map((c) => c.fiscalYear),
    now,
  )
  return published.find((c) => c.fiscalYear === year) ?? catalogs[0] ?? null
}

export async function getCatalog(organizationId: string, catalogId: string): Promise<StoredCatalog | null> {
  const id = toObjectId(catalogId)
  if (!id) return null
  const kept = await keptCatalogs(organizationId, `${organizationId}:${id}`, async () => {
    const doc = await CatalogModel.findOne({ _id: id, organizationId: oid(organizationId) }).lean<CatalogDoc>()
    if (!doc) return null
    const content = JSON.parse(doc.content) as Catalog
    return { summary: toSummary(doc, content), content }
  })
  // shared and frozen, as kept: a change (a draft's edit) starts from a copy
  return kept ? { ...kept.summary, content: kept.content } : null
}

async function requireCatalog(organizationId: string, catalogId: string): Promise<StoredCatalog> {
  const c = await getCatalog(organizationId, catalogId)
  if (!c) throw notFound()
  return c
}

function requireDraft(c: StoredCatalog) {
  if (c.status !== 'draft')
    throw new AppError(
      bi(
        'แก้ไขไม่ได้: แค็ตตาล็อกนี้เผยแพร่แล้ว ให้สร้างฉบับใหม่เพื่อแก้ไข',
        'cannot edit: this catalog is published; create a new version to change it',
      ),
      409,
    )
}

/** A catalog that fails validation, as one AppError naming the first paths and rules. */
export class CatalogValidationError extends AppError {
  constructor(readonly issues: CatalogIssue[]) {
    const first = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ')
    super(
      bi(`แค็ตตาล็อกไม่ถูกต้อง (${issues.length} ข้อ): ${first}`, `invalid catalog (${issues.length} issue(s)): ${first}`),
      400,
    )
  }
}

/** An import refused as a whole; each problem names where it is (sheet/row/column or JSON path). */
export class CatalogImportError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      bi(
        `นำเข้าไม่สำเร็จ ไม่มีการบันทึกใด ๆ (${problems.length} ปัญหา)`,
        `import refused, nothing was saved (${problems.length} problem(s))`,
      ),
      400,
      { file: problems[0] ?? '' },
    )
  }
}

function validate(json: unknown): Catalog {
  const r = parseCatalog(json)
  if (!r.ok) throw new CatalogValidationError(r.issues)
  return r.catalog
}

// ---------------------------------------------------------------------------------------------
// Writing

async function insert(
  actor: Actor,
  content: Catalog,
  extra: Record<string, unknown>,
  action: string,
): Promise<StoredCatalog> {
  const taken = await CatalogModel.exists({
    organizationId: oid(actor.organizationId),
    key: content.key,
    version: content.version,
  })
  if (taken)
    throw new AppError(
      bi(
        `รหัสแค็ตตาล็อก: มี ${content.key} ฉบับที่ ${content.version} อยู่แล้ว`,
        `catalog key: ${content.key} version ${content.version} already exists`,
      ),
      409,
      { key: bi('มีอยู่แล้ว', 'already exists') },
    )
  const doc = await CatalogModel.create({ organizationId: oid(actor.organizationId), ...columnsOf(content), ...extra })
  await markNewCatalog(actor.organizationId, doc._id.toString())
  const stored = (await getCatalog(actor.organizationId, doc._id.toString()))!
  await recordAudit(actor, {
    action,
    targetType: 'catalog',
    targetId: stored.id,
    targetLabel: stored.nameTh,
    changes: diff(null, snapshot(stored)),
  })
  return stored
}

/**
 * "Use ITA 2569 for our FY2569 round": copies a built-in catalog into the organization as its
 * own draft (version 1), to be checked, adjusted and published.
 */
export async function startFromBuiltIn(actor: Actor, key: string): Promise<StoredCatalog> {
  const source = builtInCatalogs().find((c) => c.key === key)
  if (!source)
    throw new AppError(bi(`แค็ตตาล็อกต้นแบบ: ไม่พบ ${key}`, `built-in catalog: ${key} not found`), 400, {
      key: bi('ไม่พบ', 'not found'),
    })
  return insert(actor, { ...source, version: 1, status: 'draft' }, { sourceKey: key }, 'catalog.start')
}

/** Imports a whole catalog (JSON already parsed) as a new draft; nothing is saved when invalid. */
export async function importCatalog(actor: Actor, json: unknown): Promise<StoredCatalog> {
  const content = validate(json)
  return insert(actor, { ...content, status: 'draft' }, {}, 'catalog.import')
}

/**
 * Replaces the content of a draft (authoring edits and whole-catalog imports). The key,
 * version and status stay those of the stored draft; the rest must validate, then pass `check`
 * (models/work/catalog-changes.server.ts refuses removing an assigned item there).
 */
export async function writeDraft(
  actor: Actor,
  catalogId: string,
  json: unknown,
  action: string,
  check: (content: Catalog) => Promise<void>,
): Promise<StoredCatalog> {
  const before = await requireCatalog(actor.organizationId, catalogId)
  requireDraft(before)
  const candidate =
    typeof json === 'object' && json
      ? { ...(json as object), key: before.key, version: before.version, status: 'draft' }
      : json
  const content = validate(candidate)
  await check(content)
  await CatalogModel.updateOne(
    { _id: oid(catalogId), organizationId: oid(actor.organizationId), status: 'draft' },
    { $set: columnsOf(content) },
  )
  const after = (await getCatalog(actor.organizationId, catalogId))!
  const changes = diff(snapshot(before), snapshot(after))
  const beforeItems = new Map(listItems(before.content).map((i) => [i.code, i.titleTh]))
  const afterItems = new Map(listItems(after.content).map((i) => [i.code, i.titleTh]))
  const changedItems = [...new Set([...beforeItems.keys(), ...afterItems.keys()])].filter(
    (c) => beforeItems.get(c) !== afterItems.get(c),
  )
  if (changedItems.length)
    changes.items = {
      before: changedItems.map((c) => `${c} ${beforeItems.get(c) ?? '—'}`),
      after: changedItems.map((c) => `${c} ${afterItems.get(c) ?? '—'}`),
    }
  if (
    before.content &&
    JSON.stringify(before.content) !== JSON.stringify(after.content) &&
    Object.keys(changes).length === 0
  )
    changes.content = { before: 'edited', after: 'edited' } // element-level edits: the exports show the detail
  await recordAudit(actor, { action, targetType: 'catalog', targetId: catalogId, targetLabel: after.nameTh, changes })
  return after
}

/** The content after one authoring edit of a draft (add, change, reorder or delete an item or one of its parts). */
export async function editedContent(
  actor: Actor,
  catalogId: string,
  input: CatalogEditInput,
): Promise<{ content: unknown; action: string }> {
  // the catalog first: another organization's id is "not found", whatever the edit
  const before = await requireCatalog(actor.organizationId, catalogId)
  const parsed = CatalogEditSchema.safeParse(input)
  if (!parsed.success) {
    const { fieldErrors } = fromZod(parsed.error)
    const first = parsed.error.issues[0]
    // the edit schema's messages already name the field in both languages
    if (first.path[0] === 'op') throw new AppError(bi('การแก้ไขที่ไม่รู้จัก', 'unknown edit'), 400)
    throw new AppError(
      isBilingual(first.message)
        ? first.message
        : bi(`${first.path.join('.')}: ${first.message}`, `${first.path.join('.')}: ${first.message}`),
      400,
      fieldErrors,
    )
  }
  requireDraft(before)
  return { content: applyEdit(before.content, parsed.data), action: `catalog.${parsed.data.op}` }
}

/**
 * Publishes a draft: it is frozen from now on. When it is a new version of a published catalog,
 * the older version is archived and `afterArchive` runs (the work layer moves assignments there).
 */
export async function publishDraft(
  actor: Actor,
  catalogId: string,
  afterArchive: (previousId: string, content: Catalog) => Promise<void>,
): Promise<StoredCatalog> {
  const before = await requireCatalog(actor.organizationId, catalogId)
  requireDraft(before)
  const content = { ...before.content, status: 'published' as const }
  await CatalogModel.updateOne(
    { _id: oid(catalogId), organizationId: oid(actor.organizationId) },
    { $set: { status: 'published', publishedAt: new Date(), content: JSON.stringify(content) } },
  )
  if (before.previousVersionId) {
    const previous = await getCatalog(actor.organizationId, before.previousVersionId)
    if (previous && previous.status === 'published') {
      await CatalogModel.updateOne(
        { _id: oid(previous.id), organizationId: oid(actor.organizationId) },
        { $set: { status: 'archived', content: JSON.stringify({ ...previous.content, status: 'archived' }) } },
      )
      await recordAudit(actor, {
        action: 'catalog.archive',
        targetType: 'catalog',
        targetId: previous.id,
        targetLabel: previous.nameTh,
        changes: diff({ status: 'published' }, { status: 'archived' }),
      })
      await afterArchive(previous.id, content)
    }
  }
  const after = (await getCatalog(actor.organizationId, catalogId))!
  await recordAudit(actor, {
    action: 'catalog.publish',
    targetType: 'catalog',
    targetId: catalogId,
    targetLabel: after.nameTh,
    changes: diff(snapshot(before), snapshot(after)),
  })
  return after
}

/** Changing a published catalog: a draft copy with the next version number. */
export async function createNewVersion(actor: Actor, catalogId: string): Promise<StoredCatalog> {
  const source = await requireCatalog(actor.organizationId, catalogId)
  if (source.status !== 'published')
    throw new AppError(
      bi('สร้างฉบับใหม่ได้จากแค็ตตาล็อกที่เผยแพร่แล้วเท่านั้น', 'a new version can only be made from a published catalog'),
      409,
    )
  const newest = await CatalogModel.findOne({ organizationId: oid(actor.organizationId), key: source.key })
    .sort({ version: -1 })
    .lean<CatalogDoc>()
  if (newest && newest.status === 'draft')
    throw new AppError(
      bi(`มีฉบับร่าง (ฉบับที่ ${newest.version}) อยู่แล้ว`, `a draft (version ${newest.version}) already exists`),
      409,
    )
  const version = (newest?.version ?? source.version) + 1
  return insert(
    actor,
    { ...source.content, version, status: 'draft' },
    { sourceKey: source.sourceKey, previousVersionId: oid(source.id) },
    'catalog.version',
  )
}

/** Deletes a draft once `check` has let it (the work layer refuses when assignments use it). */
export async function removeDraft(actor: Actor, catalogId: string, check: () => Promise<void>): Promise<void> {
  const before = await requireCatalog(actor.organizationId, catalogId)
  requireDraft(before)
  await check()
  await CatalogModel.deleteOne({ _id: oid(catalogId), organizationId: oid(actor.organizationId), status: 'draft' })
  await recordAudit(actor, {
    action: 'catalog.delete',
    targetType: 'catalog',
    targetId: catalogId,
    targetLabel: before.nameTh,
    changes: diff(snapshot(before), null),
  })
}

// ---------------------------------------------------------------------------------------------
// Year rollover

export interface RolloverPlan {
  from: CatalogSummary
  to: CatalogSummary
  rows: RolloverRow[]
  /** Set when this rollover was already confirmed. */
  confirmed: boolean
}

const family = (k: CatalogKind) => (k === 'ita-variant' ? 'ita' : k)

function checkRolloverPair(from: StoredCatalog, to: StoredCatalog) {
  if (to.fiscalYear !== from.fiscalYear + 1)
    throw new AppError(
      bi(
        `ปีงบประมาณ: แค็ตตาล็อกปลายทางต้องเป็นปี ${from.fiscalYear + 1}`,
        `fiscal year: the target catalog must be for ${from.fiscalYear + 1}`,
      ),
      400,
      { to: bi(`ต้องเป็นปี ${from.fiscalYear + 1}`, `must be ${from.fiscalYear + 1}`) },
    )
  if (family(from.kind) !== family(to.kind))
    throw new AppError(
      bi('ประเภทแค็ตตาล็อกต้นทางและปลายทางต้องเป็นชนิดเดียวกัน', 'both catalogs must be of the same kind'),
      400,
      { to: bi('ต่างประเภท', 'different kind') },
    )
  if (to.status === 'archived')
    throw new AppError(bi('แค็ตตาล็อกปลายทางถูกเก็บถาวรแล้ว', 'the target catalog is archived'), 409)
}

/**
 * The review screen's content: last year's items matched to the new year's, by code and title
 * similarity, then with the administrator's overrides (new item code → old item code or null).
 */
export async function planRollover(
  organizationId: string,
  fromCatalogId: string,
  toCatalogId: string,
  overrides: RolloverOverrides = {},
): Promise<RolloverPlan> {
  const from = await requireCatalog(organizationId, fromCatalogId)
  const to = await requireCatalog(organizationId, toCatalogId)
  checkRolloverPair(from, to)
  const { content: _a, ...fromSummary } = from
  const { content: _b, ...toSummary } = to
  const oldItems = listItems(from.content)
  const newItems = listItems(to.content)
  const proposed = matchItems(oldItems, newItems)
  const rows = Object.keys(overrides).length ? overrideMatches(proposed, oldItems, newItems, overrides) : proposed
  return { from: fromSummary, to: toSummary, rows, confirmed: to.rolledFromId === from.id }
}

async function nextYearTargets(organizationId: string, from: CatalogSummary): Promise<CatalogSummary[]> {
  return (await listCatalogs(organizationId)).filter(
    (c) => c.fiscalYear === from.fiscalYear + 1 && c.status !== 'archived' && family(c.kind) === family(from.kind),
  )
}

/**
 * The rollover screen: the catalogs of the next fiscal year it can go to, and the plan for one. `yearShift` lists
 * what the year shift changed when the target was made from this catalog by it (so the administrator sees it
 * before the review).
 */
export async function getRolloverScreen(
  organizationId: string,
  fromCatalogId: string,
  toCatalogId: string | null,
  overrides: RolloverOverrides = {},
) {
  const from = await requireCatalog(organizationId, fromCatalogId)
  const targets = await nextYearTargets(organizationId, from)
  const chosen = toCatalogId ?? (targets.length === 1 ? targets[0].id : null)
  const plan = chosen ? await planRollover(organizationId, fromCatalogId, chosen, overrides) : null
  const { content: _, ...summary } = from
  // the old items, for the "continues last year's …" choice of each new item
  const oldItems = listItems(from.content).map((i) => ({ code: i.code, titleTh: i.titleTh, titleEn: i.titleEn }))
  const shifted = plan && (await yearShiftSourceOf(organizationId, plan.to.id)) === from.id
  const yearShift: YearShiftChange[] | null = shifted ? shiftCatalogYear(from.content).changes : null
  return { from: summary, targets, plan, oldItems, yearShift }
}

async function yearShiftSourceOf(organizationId: string, catalogId: string): Promise<string | null> {
  const doc = await CatalogModel.findOne({ _id: oid(catalogId), organizationId: oid(organizationId) })
    .select({ yearShiftedFromId: 1 })
    .lean<{ yearShiftedFromId?: mongoose.Types.ObjectId | null }>()
  return doc?.yearShiftedFromId?.toString() ?? null
}

/**
 * "Start fiscal year N+1 from N" when the organization has no N+1 catalog of that kind yet: a new draft made by the
 * year shift (every Buddhist-era year of the content moved by one; periods and rounds are relative and carry over),
 * which then goes through the usual rollover review. Refused when an N+1 catalog already exists (review that one).
 */
export async function startNextYearFromCatalog(
  actor: Actor,
  fromCatalogId: string,
): Promise<{ catalog: StoredCatalog; changes: YearShiftChange[] }> {
  const from = await requireCatalog(actor.organizationId, fromCatalogId)
  const existing = await nextYearTargets(actor.organizationId, from)
  if (existing.length)
    throw new AppError(
      bi(
        `มีแค็ตตาล็อกปี ${from.fiscalYear + 1} อยู่แล้ว (${existing[0].nameTh}): เลือกเพื่อตรวจการยกยอด`,
        `a ${from.fiscalYear + 1} catalog already exists (${existing[0].nameEn || existing[0].nameTh}): ` +
          `choose it to review the rollover`,
      ),
      409,
    )
  const { catalog, changes } = yearShiftedGuess(from.content, 1)
  // an archived or deleted-then-recreated copy may hold the key already: take the next free version
  const versions = await CatalogModel.find({ organizationId: oid(actor.organizationId), key: catalog.key })
    .select({ version: 1 })
    .lean<{ version: number }[]>()
  const content: Catalog = {
    ...catalog,
    version: Math.max(0, ...versions.map((v) => v.version)) + 1,
    status: 'draft',
    provenance: {
      th:
        `${from.content.provenance.th} · เลื่อนปีจาก "${from.nameTh}" (ฉบับที่ ${from.version}) ไปเป็นปีงบประมาณ ` +
        `${catalog.fiscalYear}: ข้อความที่มีปี พ.ศ. เปลี่ยน ${changes.length} แห่ง`,
      en:
        `${from.content.provenance.en} · Year-shifted from "${from.nameEn || from.nameTh}" (version ` +
        `${from.version}) to fiscal year ${catalog.fiscalYear}: ${changes.length} text(s) with a ` +
        `Buddhist-era year changed`,
    },
  }
  // named after the built-in of the new year when there is one, so /catalogs does not offer that built-in again
  const sourceKey = builtInCatalogs().some((c) => c.key === catalog.key) ? catalog.key : null
  const stored = await insert(
    actor,
    validate(content),
    { sourceKey, yearShiftedFromId: oid(from.id) },
    'catalog.year-shift',
  )
  return { catalog: stored, changes }
}

/**
 * Old → new item codes of matched items, for any module that carries links forward (evidence).
 * The confirmed mapping when the rollover was confirmed, else the proposed one.
 */
export async function rolloverMapping(
  organizationId: string,
  fromCatalogId: string,
  toCatalogId: string,
): Promise<Record<string, string>> {
  const to = await requireCatalog(organizationId, toCatalogId)
  if (to.rolledFromId === fromCatalogId) {
    const doc = await CatalogModel.findOne({ _id: oid(toCatalogId), organizationId: oid(organizationId) })
      .select({ rolloverMap: 1 })
      .lean<{ rolloverMap: string | null }>()
    if (doc?.rolloverMap) return JSON.parse(doc.rolloverMap) as Record<string, string>
  }
  const plan = await planRollover(organizationId, fromCatalogId, toCatalogId)
  return mappingOf(plan.rows)
}

const mappingOf = (rows: RolloverRow[]) =>
  Object.fromEntries(rows.filter((r) => r.fromCode && r.toCode).map((r) => [r.fromCode!, r.toCode!]))

/**
 * Records a confirmed rollover (the mapping the administrator reviewed) on the new year's catalog, then `carry`
 * carries the work forward (models/work/catalog-changes.server.ts). Confirming twice is refused.
 */
export async function recordRollover(
  actor: Actor,
  fromCatalogId: string,
  toCatalogId: string,
  overrides: RolloverOverrides,
  carry: (mapping: Record<string, string>) => Promise<number>,
): Promise<{ mapping: Record<string, string>; carried: number }> {
  const plan = await planRollover(actor.organizationId, fromCatalogId, toCatalogId, overrides)
  if (plan.to.rolledFromId)
    throw new AppError(bi('ยกยอดไปยังแค็ตตาล็อกนี้แล้ว', 'this catalog has already been rolled over into'), 409)
  const mapping = mappingOf(plan.rows)
  // claim the target first (a unique key: conditional updates are not atomic on FerretDB 1.24),
  // so two confirmations cannot both carry
  if (!(await claim(`catalog:${toCatalogId}:rollover`)))
    throw new AppError(bi('ยกยอดไปยังแค็ตตาล็อกนี้แล้ว', 'this catalog has already been rolled over into'), 409)
  await CatalogModel.updateOne(
    { _id: oid(toCatalogId), organizationId: oid(actor.organizationId) },
    { $set: { rolledFromId: oid(fromCatalogId), rolloverMap: JSON.stringify(mapping) } },
  )
  const carried = await carry(mapping)
  const counts = Object.fromEntries(
    ['same', 'changed', 'renumbered', 'new', 'dropped'].map((k) => [k, plan.rows.filter((r) => r.change === k).length]),
  )
  await recordAudit(actor, {
    action: 'catalog.rollover',
    targetType: 'catalog',
    targetId: toCatalogId,
    targetLabel: plan.to.nameTh,
    changes: {
      rolledFrom: { before: null, after: `${plan.from.nameTh} (${plan.from.fiscalYear})` },
      items: { before: null, after: counts },
      carriedAssignments: { before: 0, after: carried },
      ...(plan.rows.some((r) => r.overridden)
        ? {
            overrides: {
              before: null,
              after: plan.rows.filter((r) => r.overridden && r.toCode).map((r) => `${r.fromCode ?? '—'} → ${r.toCode}`),
            },
          }
        : {}),
    },
  })
  return { mapping, carried }
}

// ---------------------------------------------------------------------------------------------
// Files: JSON and Excel

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

/** Refuses (404, then 409) unless the catalog is the organization's draft. */
export async function requireDraftOf(organizationId: string, catalogId: string): Promise<StoredCatalog> {
  const c = await requireCatalog(organizationId, catalogId)
  requireDraft(c)
  return c
}

/** A whole catalog read from a .json or .xlsx file, checked as a whole; any problem refuses it all. */
export async function readCatalogFile(file: { name: string; bytes: Uint8Array }): Promise<Catalog> {
  const ext = path.extname(file.name).toLowerCase()
  let json: unknown
  if (ext === '.xlsx') {
    const r = await catalogFromXlsx(file.bytes)
    if (!r.ok) throw new CatalogImportError(r.issues.map((i: SheetIssue) => describeIssue(i)))
    json = r.catalog
  } else if (ext === '.json') {
    try {
      json = JSON.parse(Buffer.from(file.bytes).toString('utf8'))
    } catch (e) {
      throw new CatalogImportError([
        bi(`ไฟล์ JSON อ่านไม่ได้: ${(e as Error).message}`, `the JSON file cannot be read: ${(e as Error).message}`),
      ])
    }
  } else {
    throw new AppError(bi('ไฟล์: ต้องเป็น .xlsx หรือ .json', 'file: must be .xlsx or .json'), 400, {
      file: bi('ต้องเป็น .xlsx หรือ .json', 'must be .xlsx or .json'),
    })
  }
  const r = parseCatalog(json)
  if (!r.ok)
    throw new CatalogImportError(
      r.issues.map((i) => bi(`${i.path}: ${halves(i.message).th}`, `${i.path}: ${halves(i.message).en}`)),
    )
  return r.catalog
}
