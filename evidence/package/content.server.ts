/**
 * What goes into a submission package: the organization's published catalogs of the fiscal
 * year, the status of every item, and for each approved item its evidence (latest file version,
 * latest link snapshot, text) laid out in folders per tool → indicator → criterion, then per KPI
 * and per measure. Read-only; the archive itself is written by evidence/package.server.ts.
 */
import { createHash } from 'node:crypto'
import type { ArchiveSource } from '#evidence/package/archive.server'
import { MAX_FILE_NAME, MAX_FOLDER_NAME, shortenFileName, shortenName } from '#evidence/documents/names'
import { escapeHtml } from '#evidence/documents/html'
import { listCatalogs, getCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { listItems } from '#models/catalog/items'
import { listCriteria, type Round } from '#models/catalog/schema'
import { getEvidence, itemCodesWithEvidence, type Evidence } from '#models/evidence/records.server'
import { getOrganizationById, type Organization } from '#models/tenancy/organization.server'
import { deriveItemStatus, getItemReview, listReviews, type ItemStatus } from '#models/work/review.server'

/** One item of a catalog as the package index lists it. */
export interface PackageItem {
  catalogId: string
  catalogKey: string
  code: string
  titleTh: string
  status: ItemStatus
  /** Where its files go, before sanitising ("OIT/09-การเปิดเผยข้อมูล/O01-โครงสร้าง …"). */
  folder: string
  /** Set for approved items only. */
  approvedByName: string
  approvedAt: string | null
  /** Evidence per required element (approved items only). */
  elements: { id: string; textTh: string; evidence: PackageEvidence[] }[]
}

export interface PackageEvidence {
  id: string
  type: Evidence['type']
  title: string
  url: string | null
  /** The file written for it in the item's folder; null for a link never snapshotted. */
  file: {
    path: string
    source: ArchiveSource
    size: number
    sha256: string
    version: number | null
    kind: 'file' | 'link-snapshot' | 'text'
  } | null
}

/** Groups of items for the index: one per catalog, ITA criteria with their tool and indicator. */
export interface PackageCatalog {
  catalog: StoredCatalog
  items: (PackageItem & { group: string })[]
}

export interface PackageContent {
  organization: Organization
  fiscalYear: number
  round: Round
  catalogs: PackageCatalog[]
  /** The latest change of what the package contains: its fixed "generated at". */
  generatedAt: Date
}

const pad2 = (n: number) => String(n).padStart(2, '0')
/** "O1" → "O01": folders sort in the order of the manual. */
const padCode = (code: string) => code.replace(/^([A-Za-z]+)(\d)$/, '$10$2')

// long titles are shortened here, between Thai words, so the archive's own length limits never cut a word
const folderName = (name: string) => shortenName(name, MAX_FOLDER_NAME)
const fileName = (name: string) => shortenFileName(name, MAX_FILE_NAME)

function folderOf(catalog: StoredCatalog, code: string, title: string): string {
  const c = catalog.content
  if (c.kind === 'ita' || c.kind === 'ita-variant') {
    const place = listCriteria(c).find((x) => x.criterion.code === code)!
    const indicator = folderName(`${pad2(place.indicator.number)}-${place.indicator.name.th}`)
    return `${place.tool.code}/${indicator}/${folderName(`${padCode(code)}-${title}`)}`
  }
  if (c.kind === 'kpi-agreement') return `KPI/${folderName(`${code}-${title}`)}`
  // measure codes carry their area or issue ("A1/M2"): one folder level, named by both
  return `มาตรการ/${folderName(catalog.nameTh)}/${folderName(`${code.replace(/\//g, '-')}-${title}`)}`
}

function snapshotExtension(contentType: string): string {
  return /pdf/i.test(contentType) ? 'pdf' : /html/i.test(contentType) ? 'html' : 'bin'
}

function hostOf(url: string | null): string {
  try {
    return new URL(url ?? '').hostname || 'link'
  } catch {
    return 'link'
  }
}

/** A text evidence as a page of its own (its HTML was sanitised when it was saved). */
export function textEvidenceDocument(e: Evidence): string {
  return (
    `<!doctype html>\n<html lang="th"><head><meta charset="utf-8"><title>${escapeHtml(e.title)}</title></head>` +
    `<body>\n<h1>${escapeHtml(e.title)}</h1>\n${e.html ?? ''}\n</body></html>\n`
  )
}

/** The file of one evidence: the given file version or snapshot count (as approved), else the latest. */
function evidenceFile(e: Evidence, folder: string, elementId: string, version?: number): PackageEvidence['file'] {
  if (e.type === 'file' && e.current) {
    const v = (version && e.versions.find((x) => x.number === version)) || e.current
    return {
      path: `${folder}/${fileName(`${elementId}-${v.fileName}`)}`,
      source: { kind: 'object', key: v.key, size: v.size },
      size: v.size,
      sha256: v.sha256,
      version: v.number,
      kind: 'file',
    }
  }
  if (e.type === 'link' && e.snapshots.length > 0) {
    const count = version && version <= e.snapshots.length ? version : e.snapshots.length
    const s = e.snapshots[count - 1]
    const name = `${elementId}-ภาพบันทึกลิงก์-${hostOf(s.finalUrl || e.url)}.${snapshotExtension(s.contentType)}`
    return {
      path: `${folder}/${fileName(name)}`,
      source: { kind: 'object', key: s.key, size: s.size },
      size: s.size,
      sha256: s.sha256,
      version: count,
      kind: 'link-snapshot',
    }
  }
  if (e.type === 'text') {
    const data = Buffer.from(textEvidenceDocument(e), 'utf8')
    return {
      path: `${folder}/${fileName(`${elementId}-${e.title}.html`)}`,
      source: { kind: 'bytes', data },
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      version: null,
      kind: 'text',
    }
  }
  return null
}

/** The published catalogs of the fiscal year, newest version per key. */
export async function packageCatalogs(organizationId: string, fiscalYear: number): Promise<StoredCatalog[]> {
  const summaries = (await listCatalogs(organizationId)).filter(
    (c) => c.fiscalYear === fiscalYear && c.status === 'published',
  )
  const out: StoredCatalog[] = []
  for (const s of summaries.sort((a, b) => a.key.localeCompare(b.key) || a.version - b.version)) {
    const c = await getCatalog(organizationId, s.id)
    if (c) out.push(c)
  }
  return out
}

/** Everything the package holds, read from the current state of the organization. */
export async function gatherPackageContent(
  organizationId: string,
  fiscalYear: number,
  round: Round,
): Promise<PackageContent> {
  const organization = await getOrganizationById(organizationId)
  if (!organization) throw new Error(`organization ${organizationId} not found`)
  const catalogs = await packageCatalogs(organizationId, fiscalYear)
  const stored = await listReviews(organizationId, ['in-progress', 'submitted', 'returned', 'approved'])
  const statusOf = new Map(stored.map((r) => [`${r.catalogId}|${r.itemCode}`, r.status]))
  const evidenceCache = new Map<string, Evidence | null>()
  const times: number[] = catalogs.map((c) => (c.publishedAt ? new Date(c.publishedAt).getTime() : 0))

  const result: PackageCatalog[] = []
  for (const catalog of catalogs) {
    const withEvidence = await itemCodesWithEvidence(
      organizationId,
      catalog.id,
      listItems(catalog.content).map((i) => i.code),
    )
    const items: PackageCatalog['items'] = []
    for (const item of listItems(catalog.content)) {
      const storedStatus = statusOf.get(`${catalog.id}|${item.code}`)
      // assignments are not read here: a carried item is never approved, so it shows as in progress or not started
      const status = deriveItemStatus(storedStatus, null, withEvidence.has(item.code) ? 1 : 0)
      const folder = folderOf(catalog, item.code, item.titleTh)
      const row: PackageCatalog['items'][number] = {
        catalogId: catalog.id,
        catalogKey: catalog.key,
        code: item.code,
        titleTh: item.titleTh,
        status,
        folder,
        group: item.group,
        approvedByName: '',
        approvedAt: null,
        elements: [],
      }
      if (status === 'approved') {
        const review = await getItemReview(organizationId, catalog.id, item.code)
        if (review?.status === 'approved') {
          row.approvedByName = review.approvedByName
          row.approvedAt = review.approvedAt
          if (review.approvedAt) times.push(new Date(review.approvedAt).getTime())
          for (const element of review.elements) {
            const evidence: PackageEvidence[] = []
            // what the assessor approved (the answer and its file versions then), so later links,
            // uploads or unlinks do not change the package; items approved before that was
            // recorded fall back to today's answer. A stable order: same state, same files.
            const approved = review.approvedAnswer.length
              ? review.approvedAnswer
                  .filter((a) => a.elementId === element.id)
                  .map((a) => ({ id: a.evidenceId, version: a.version }))
              : element.evidence.filter((x) => x.inAnswer).map((x) => ({ id: x.id, version: undefined }))
            for (const linked of approved.sort((a, b) => a.id.localeCompare(b.id))) {
              if (!evidenceCache.has(linked.id))
                evidenceCache.set(linked.id, await getEvidence(organizationId, linked.id))
              const e = evidenceCache.get(linked.id)
              // purged from the bin since the approval: its bytes are gone
              if (!e || e.purged) continue
              times.push(
                new Date(e.createdAt).getTime(),
                ...e.versions.map((v) => new Date(v.uploadedAt).getTime()),
                ...e.snapshots.map((s) => new Date(s.fetchedAt).getTime()),
              )
              evidence.push({
                id: e.id,
                type: e.type,
                title: e.title,
                url: e.url,
                file: evidenceFile(e, folder, element.id, linked.version),
              })
            }
            row.elements.push({ id: element.id, textTh: element.textTh, evidence })
          }
        } else row.status = review?.status ?? status
      }
      items.push(row)
    }
    result.push({ catalog, items })
  }
  const latest = Math.max(0, ...times)
  // with nothing dated at all, the first day of the fiscal year (Bangkok) stands in
  const generatedAt = latest > 0 ? new Date(latest) : new Date(Date.UTC(fiscalYear - 543 - 1, 9, 1) - 7 * 3600_000)
  return { organization, fiscalYear, round, catalogs: result, generatedAt }
}
