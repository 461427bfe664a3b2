/**
 * The submission package builder: gathers the approved evidence of a fiscal year
 * (evidence/package-content.server.ts), writes manifest.json, index.pdf, index.html and
 * itas-links.csv, and streams everything S3 → ZIP → S3 through buildArchiveToS3 (no copy of
 * the archive on disk or in memory).
 *
 * Deterministic: every entry and document is dated with the package's "generated at", which is
 * taken from the state itself (the latest approval, evidence upload or snapshot, or catalog
 * publication) rather than the clock. The same state therefore gives byte-identical ZIPs, and a
 * package generated again after any approval or new evidence shows a later date.
 */
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3'
import contentDisposition from 'content-disposition'
import {
  ArchiveCancelled,
  buildArchiveToS3,
  planArchive,
  type ArchiveEntry,
  type ArchiveProgress,
  type BuiltArchive,
} from '#evidence/package/archive.server'
import type { Download } from '#evidence/storage/download.server'
import { gatherPackageContent, type PackageContent, type PackageEvidence } from '#evidence/package/content.server'
import {
  indexHtml,
  indexPdfBody,
  itasLinksCsv,
  manifestJson,
  type ManifestFile,
  type PackageScores,
} from '#evidence/package/documents'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { reportDocument } from '#evidence/documents/document'
import { organizationReportSections } from '#evidence/documents/sections.server'
import type { Storage } from '#evidence/storage/storage.server'
import { notFound } from '#models/errors'
import { getSurveyView } from '#models/reporting/survey.server'
import type { Round } from '#models/catalog/schema'
import { getPackageJob, type PackageState } from '#models/reporting/package-job.server'
import { itaCatalogFromCatalog, placeholderCodes, projectIta } from '#scoring/index'

export interface BuildPackageOptions {
  organizationId: string
  fiscalYear: number
  round: Round
  /** The object key the ZIP is written to. */
  key: string
  signal?: AbortSignal
  onProgress?: (progress: ArchiveProgress) => void
  /** Called whenever the build moves on: a preparation step done, bytes read or written. */
  onActivity?: () => void
}

export interface BuiltPackage {
  archive: BuiltArchive
  state: PackageState
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')
const round4 = (n: number) => Math.round(n * 10000) / 10000

/**
 * The ITA scores at generation time, from the scoring engine: OIT from the approvals, IIT/EIT
 * from the survey results the agency entered (else last year's as an estimate, else 0).
 */
async function scoresOf(organizationId: string, content: PackageContent): Promise<PackageScores[]> {
  const out: PackageScores[] = []
  for (const { catalog, items } of content.catalogs) {
    const c = catalog.content
    if (c.kind !== 'ita' && c.kind !== 'ita-variant') continue
    const engine = itaCatalogFromCatalog(c)
    // an item of unknown content is not in the engine's catalog: it is not scored at all
    const placeholders = new Set(placeholderCodes(c))
    const view = await getSurveyView(organizationId, { ...catalog, content: c })
    const projection = projectIta(engine, {
      surveys: view.values.map((v) => ({ indicatorCode: String(v.number), score: v.value ?? 0 })),
      // a carried item counts as work in progress: it cannot be submitted yet
      criteria: items
        .filter((i) => !placeholders.has(i.code))
        .map((i) => ({ code: i.code, status: i.status === 'carried' ? ('in-progress' as const) : i.status })),
    })
    const a = projection.approvedOnly
    out.push({
      catalogKey: catalog.key,
      basis:
        'OIT: approved criteria score 100, others 0. IIT/EIT: ' +
        'survey results entered in the application, else last ' +
        "year's as an estimate, else 0. / OIT " +
        'คิดจากข้อที่อนุมัติแล้ว IIT/EIT ใช้ผลสำรวจที่บันทึกไว้ ' +
        'หรือผลปีก่อนเป็นค่าประมาณ หรือ 0',
      surveys: view.values.map((v) => ({ indicator: v.number, score: v.value, source: v.source })),
      approvedOnly: {
        total: round4(a.total),
        band: a.band.code,
        tools: a.tools.map((t) => ({ code: t.code, score: round4(t.score), contribution: round4(t.contribution) })),
      },
      ifSubmittedApproved: {
        total: round4(projection.ifSubmittedApproved.total),
        band: projection.ifSubmittedApproved.band.code,
      },
    })
  }
  return out
}

type EvidenceEntry = ArchiveEntry & { evidence: PackageEvidence; itemKey: string }

/**
 * The files the package generates at its root. They are reserved before any evidence is placed:
 * no evidence, whatever its title or file name, can take one of these names.
 */
export const GENERATED_FILES = ['index.html', 'index.pdf', 'itas-links.csv', 'manifest.json'] as const

/**
 * Where an evidence file goes: its item's folder, then its own name as one segment. The content
 * names the file `<folder>/<element>-<title or file name>`; everything after the folder is what
 * people typed, so slashes, `..` or control characters in it can never add a level, climb out
 * of the item's folder or reach the root (archiveSegment cleans it at the choke point).
 */
function evidencePath(folder: string, filePath: string): string[] {
  const name = filePath.startsWith(`${folder}/`)
    ? filePath.slice(folder.length + 1)
    : filePath.slice(filePath.lastIndexOf('/') + 1)
  return [...folder.split('/'), name]
}

/** Builds the package of a fiscal year and round into `key`; cancellable through `signal`. */
export async function buildSubmissionPackage(storage: Storage, options: BuildPackageOptions): Promise<BuiltPackage> {
  const activity = options.onActivity ?? (() => {})
  const content = await gatherPackageContent(options.organizationId, options.fiscalYear, options.round)
  activity()
  const checkCancelled = () => {
    if (options.signal?.aborted) throw new ArchiveCancelled()
  }
  checkCancelled()

  // the evidence files, with their final (sanitised, de-duplicated) paths
  const where = new Map<string, ManifestFile['linkedTo']>()
  const approval = new Map<string, { by: string; at: string | null }>()
  const entries: EvidenceEntry[] = []
  for (const { catalog, items } of content.catalogs) {
    for (const item of items) {
      const itemKey = `${catalog.key}|${item.code}`
      approval.set(itemKey, { by: item.approvedByName, at: item.approvedAt })
      for (const element of item.elements) {
        for (const e of element.evidence) {
          where.set(e.id, [
            ...(where.get(e.id) ?? []),
            { catalogKey: catalog.key, itemCode: item.code, elementId: element.id },
          ])
          if (e.file)
            entries.push({ path: evidencePath(item.folder, e.file.path), source: e.file.source, evidence: e, itemKey })
        }
      }
    }
  }
  // planArchive keeps the extra fields of each entry: the final path goes back to the index
  const planned = planArchive(entries, { reserve: GENERATED_FILES })
  for (const p of planned) p.evidence.file!.path = p.path
  const files: ManifestFile[] = planned.map((p) => {
    const f = p.evidence.file!
    const a = approval.get(p.itemKey)!
    return {
      path: p.path,
      size: f.size,
      sha256: f.sha256,
      kind: f.kind,
      evidenceId: p.evidence.id,
      version: f.version,
      linkedTo: where.get(p.evidence.id) ?? [],
      approvedByName: a.by || null,
      approvedAt: a.at,
    }
  })

  // the per-KPI reports, the integrity-policy plan with its progress reports, and the improvement-measures report
  const sections = await organizationReportSections(options.organizationId, options.fiscalYear, options.round)
  activity()
  checkCancelled()
  const csv = itasLinksCsv(content)
  const html = indexHtml(content)
  const pdfHtml = reportDocument(indexPdfBody(content, { sections, fileCount: files.length }), {
    title: `ชุดเอกสารหลักฐาน ${content.organization.nameTh} ${content.fiscalYear}`,
    fontCss: thaiFontCss(),
    fontFamily: PDF_FONT_FAMILY,
  })
  const pdf = await withPdfRenderer((r) => {
    activity() // Chromium started
    return r.render(pdfHtml, content.generatedAt)
  })
  activity()
  checkCancelled()

  const generated: { path: (typeof GENERATED_FILES)[number]; data: Buffer }[] = [
    { path: 'index.pdf', data: pdf },
    { path: 'index.html', data: Buffer.from(html, 'utf8') },
    { path: 'itas-links.csv', data: Buffer.from(csv, 'utf8') },
  ]
  for (const g of generated) {
    files.push({
      path: g.path,
      size: g.data.length,
      sha256: sha256(g.data),
      kind: 'generated',
      evidenceId: null,
      version: null,
      linkedTo: [],
      approvedByName: null,
      approvedAt: null,
    })
  }
  files.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
  const manifest = manifestJson(content, files, await scoresOf(options.organizationId, content))
  activity()

  const archiveEntries: ArchiveEntry[] = [
    ...planned.map(({ path, source }) => ({ path, source })),
    ...generated.map((g) => ({ path: g.path, source: { kind: 'bytes' as const, data: g.data }, reserved: true })),
    { path: 'manifest.json', source: { kind: 'bytes', data: manifest }, reserved: true },
  ]
  // the archiver reports after each entry: announce the totals before the first (a large scan) starts
  options.onProgress?.({
    filesDone: 0,
    filesTotal: archiveEntries.length,
    bytesDone: 0,
    bytesTotal: archiveEntries.reduce(
      (n, e) => n + (e.source.kind === 'object' ? e.source.size : Buffer.byteLength(e.source.data)),
      0,
    ),
  })
  // what manifest.json lists is what the archive will hold, one path each (else the package lies)
  const written = planArchive(archiveEntries)
    .map((e) => e.path)
    .filter((p) => p !== 'manifest.json')
  if (
    new Set(files.map((f) => f.path)).size !== files.length ||
    written.join('\n') !== files.map((f) => f.path).join('\n')
  ) {
    throw new Error('the archive entries would differ from manifest.json (a path renamed or repeated)')
  }
  checkCancelled()
  const archive = await buildArchiveToS3(storage, archiveEntries, options.key, {
    date: content.generatedAt,
    signal: options.signal,
    onProgress: options.onProgress,
    onActivity: activity,
  })
  return {
    archive,
    state: {
      generatedAt: content.generatedAt.toISOString(),
      approvedItems: content.catalogs.reduce((n, c) => n + c.items.filter((i) => i.status === 'approved').length, 0),
      files: archive.entries.length,
      catalogs: content.catalogs.map(({ catalog }) => ({
        key: catalog.key,
        version: catalog.version,
        nameTh: catalog.nameTh,
        kind: catalog.kind,
      })),
    },
  }
}

/** Streams a finished package of the organization as a download with its Thai file name. */
export async function openPackageDownload(storage: Storage, organizationId: string, jobId: string): Promise<Download> {
  const job = await getPackageJob(organizationId, jobId)
  if (!job || job.status !== 'done' || !job.resultKey) throw notFound()
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: job.resultKey }))
  const headers = new Headers({
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDisposition(job.fileName, { type: 'attachment' }),
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  if (object.ContentLength !== undefined) headers.set('Content-Length', String(object.ContentLength))
  return { status: 200, headers, body: object.Body!.transformToWebStream() }
}

/** Copies a stored package to a local file, streaming (the command line's output). */
export async function writePackageToFile(storage: Storage, key: string, file: string): Promise<void> {
  const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  await pipeline(object.Body as Readable, createWriteStream(file))
}

/** Removes a package object (a runner that lost its job discards what it wrote). */
export async function removePackageObject(storage: Storage, key: string): Promise<void> {
  await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key })).catch(() => {})
}
