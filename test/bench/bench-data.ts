/**
 * Data shared by the benchmarks: an ITA catalog of N criteria (the real elements of ITA 2569's OIT
 * criteria, repeated under new codes), an organization with units, that catalog published and every
 * criterion assigned to every unit, and evidence-shaped documents inserted in bulk (the bulk insert
 * stands for years of uploads; it skips the per-item audit and file bytes, which no query here reads).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import mongoose from 'mongoose'
import { assignItems } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import { importCatalog } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { upsertOrganization } from '#models/tenancy/organization.server'
import { createUnit, type Unit } from '#models/tenancy/unit.server'
import { keepCatalogLinks, type ItemLinkEntry } from '#models/evidence/item-links.server'
import { bulkIndexEvidence, markSearchIndexBuilt, type BulkIndexEntry } from '#models/evidence/search-index.server'
import { ROOT } from '#scripts/services'
// registers the Evidence model whose collection insertEvidence writes
import { keepBulkRecordsInItems } from '#models/evidence/records.server'

type Criterion = ReturnType<typeof listCriteria>[number]['criterion']

/** ITA 2569 with its OIT criteria repeated under new codes up to `criteria` (a multiple of 6). */
export function benchCatalog(criteria: number, fiscalYear?: number, key = 'bench-ita'): unknown {
  const base = JSON.parse(
    readFileSync(path.join(ROOT, 'models', 'catalog', 'built-in', 'ita-nacc-2569.json'), 'utf8'),
  ) as ItaCatalog
  const originals = listCriteria(base).map((x) => x.criterion)
  const oit = base.tools.find((t) => t.code === 'OIT')!
  const checklist = oit.indicators.find((i) => i.kind === 'checklist')!
  if (checklist.kind !== 'checklist') throw new Error('no OIT checklist')
  for (const tool of base.tools)
    for (const ind of tool.indicators)
      if (ind.kind === 'checklist') for (const sub of ind.subIndicators) sub.criteria = sub.criteria.filter(() => false)
  // the criteria in 6 sub-indicators of the first checklist indicator (the bench's "indicators")
  checklist.subIndicators = Array.from({ length: 6 }, (_, s) => ({
    code: `${checklist.number}.${s + 1}`,
    name: { th: `ตัวชี้วัดย่อยทดสอบ ${s + 1}`, en: `Bench sub-indicator ${s + 1}` },
    criteria: Array.from({ length: criteria / 6 }, (_, k) => {
      const n = s * (criteria / 6) + k + 1
      const o = originals[(n - 1) % originals.length]
      return { ...o, code: `B${n}`, title: { th: `${o.title.th} (${n})`, en: `${o.title.en} (${n})` } }
    }),
  }))
  for (const tool of base.tools)
    tool.indicators = tool.indicators.filter(
      (i) => i.kind !== 'checklist' || i.subIndicators.some((s) => s.criteria.length > 0),
    )
  return { ...base, key, status: 'draft', version: 1, ...(fiscalYear ? { fiscalYear } : {}) }
}

export interface BenchCatalog {
  id: string
  fiscalYear: number
  criteria: Criterion[]
}

export interface BenchOrganization {
  id: string
  actor: Actor
  units: Unit[]
  /** Oldest first; the last is the year in progress. */
  catalogs: BenchCatalog[]
}

/**
 * An organization with `units` units and one published catalog of `criteria` criteria per fiscal year
 * in `years`, every criterion assigned to every unit (due `dueDate`).
 */
export async function seedOrganization(options: {
  code: string
  units: number
  criteria: number
  years: number[]
  dueDate: (fiscalYear: number) => string
}): Promise<BenchOrganization> {
  const organization = await upsertOrganization({
    code: options.code,
    nameTh: `หน่วยงานทดสอบความเร็ว ${options.code}`,
    nameEn: `Bench agency ${options.code}`,
    agencyType: 'department',
  })
  const actor: Actor = { organizationId: organization.id, userId: null, userName: 'bench' }
  const units: Unit[] = []
  for (let i = 0; i < options.units; i++)
    units.push(
      await createUnit(actor, {
        nameTh: `หน่วยทดสอบ ${String(i + 1).padStart(2, '0')}`,
        nameEn: `Unit ${i + 1}`,
        kind: 'division',
      }),
    )
  const catalogs: BenchCatalog[] = []
  for (const year of options.years) {
    const imported = await importCatalog(actor, benchCatalog(options.criteria, year, `bench-ita-${year}`))
    const catalog = await publishCatalog(actor, imported.id)
    const criteria = listCriteria(catalog.content as ItaCatalog).map((x) => x.criterion)
    await assignItems(actor, {
      catalogId: catalog.id,
      itemCodes: criteria.map((c) => c.code),
      unitIds: units.map((u) => u.id),
      dueDate: options.dueDate(catalog.fiscalYear),
    })
    catalogs.push({ id: catalog.id, fiscalYear: catalog.fiscalYear, criteria })
  }
  return { id: organization.id, actor, units, catalogs }
}

/**
 * Another organization with the same units, catalogs, assignments and reviews as `source`, copied in bulk
 * under new ids (fast: it makes the shared collections as large as several real organizations would).
 * The copies still name the source's catalog and unit ids, so they are for size, not for reading.
 */
export async function cloneOrganization(source: BenchOrganization, code: string): Promise<BenchOrganization> {
  const organization = await upsertOrganization({
    code,
    nameTh: `หน่วยงานทดสอบความเร็ว ${code}`,
    nameEn: `Bench agency ${code}`,
    agencyType: 'department',
  })
  const from = new mongoose.Types.ObjectId(source.id)
  const to = new mongoose.Types.ObjectId(organization.id)
  for (const model of ['Unit', 'Catalog', 'Assignment', 'Review']) {
    const collection = mongoose.model(model).collection
    const docs = await collection.find({ organizationId: from }).toArray()
    if (docs.length)
      await collection.insertMany(docs.map((d) => ({ ...d, _id: new mongoose.Types.ObjectId(), organizationId: to })))
  }
  return { ...source, id: organization.id, actor: { ...source.actor, organizationId: organization.id } }
}

/**
 * `count` text evidence items of the organization, each linked to one or two elements of its catalogs
 * (spread over the years), one in twenty in the bin, inserted in batches of 1 000.
 */
export async function insertEvidence(
  org: BenchOrganization,
  count: number,
  rand: () => number,
  onProgress?: (done: number) => void,
): Promise<void> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
  const orgId = new mongoose.Types.ObjectId(org.id)
  const Evidence = mongoose.model('Evidence').collection
  const now = Date.now()
  const index: BulkIndexEntry[] = []
  const kept = new Map<string, Map<string, ItemLinkEntry[]>>()
  const written: unknown[] = []
  for (let i = 0; i < count; i += 1000) {
    const docs = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
      const n = i + j
      const catalog = org.catalogs[n % org.catalogs.length]
      // spread over the catalog's year, newest last, so "newest first" has something to sort
      const at = new Date(now - (count - n) * 60_000)
      const links = Array.from({ length: 1 + (n % 3 === 0 ? 1 : 0) }, () => {
        const c = pick(catalog.criteria)
        const e = pick(c.elements)
        return {
          catalogId: catalog.id,
          itemCode: c.code,
          elementId: e.id,
          fiscalYear: catalog.fiscalYear,
          periodRule: e.period,
          label: '',
          linkedAt: at,
          linkedByName: 'bench',
        }
      })
      const binned = n % 20 === 0
      return {
        organizationId: orgId,
        type: 'text',
        title: `หลักฐานทดสอบ ${n}`,
        description: '',
        documentDate: null,
        periodFrom: null,
        periodTo: null,
        issuingUnitId: null,
        tags: [],
        versions: [],
        sha256: null,
        url: null,
        lastCheck: null,
        snapshots: [],
        html: `<p>หลักฐานทดสอบลำดับที่ ${n} สำหรับวัดความเร็วของการอ่านข้อมูล</p>`,
        links,
        linksRevision: links.length,
        createdBy: null,
        createdByName: 'bench',
        deletedAt: binned ? at : null,
        deletedByName: binned ? 'bench' : '',
        purgeAfter: binned ? new Date(now + 365 * 86_400_000) : null,
        purgedAt: null,
        createdAt: at,
        updatedAt: at,
      }
    })
    const inserted = await Evidence.insertMany(docs, { ordered: false })
    written.push(...docs.map((d, k) => ({ ...d, _id: inserted.insertedIds[k] })))
    docs.forEach((d, k) => {
      if (d.deletedAt === null)
        for (const l of d.links) {
          const items = kept.get(l.catalogId) ?? kept.set(l.catalogId, new Map()).get(l.catalogId)!
          const entries = items.get(l.itemCode) ?? items.set(l.itemCode, []).get(l.itemCode)!
          entries.push({ elementId: l.elementId, evidenceId: inserted.insertedIds[k].toString() })
        }
      index.push({
        evidence: {
          id: inserted.insertedIds[k].toString(),
          title: d.title,
          description: d.description,
          tags: d.tags,
          url: d.url,
          html: d.html,
          fileNames: [],
          live: d.deletedAt === null,
          file: null,
        },
      })
    })
    onProgress?.(i + docs.length)
  }
  // the library's index, as the app writes it with every evidence (else the app would index them all at start); in
  // one call, so that each word's list is written once
  await bulkIndexEvidence(org.id, index)
  // and each item's links by key, as every link through the app keeps them
  for (const [catalogId, items] of kept) await keepCatalogLinks(org.id, catalogId, items)
  // and each item's evidence records beside its links, as every write of a record keeps them
  await keepBulkRecordsInItems(org.id, written)
  await markSearchIndexBuilt(org.id)
}
