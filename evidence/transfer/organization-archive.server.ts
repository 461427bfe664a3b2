/**
 * A whole organization as one ZIP, and back: how an agency moves between deployments (from the
 * embedded services of `npm run local` to its production MongoDB and S3, or to another ministry's).
 *
 * The archive holds `collections/<name>.jsonl` (every document of the organization, one canonical
 * Extended JSON line each, see models/tenancy/organization-data.server.ts), `objects/<n>` (every S3
 * object of the organization, bytes as stored) and `manifest.json` last: the format version, the
 * organization, and per entry its size and SHA-256 (and per object its key and content type).
 *
 * Export streams: documents come from cursors, objects one at a time from the store, into archiver
 * whose output is read at the consumer's pace (a slow download holds one object open, never the
 * organization in memory). Import reads a file (random access, yauzl) three times: every hash
 * verified before anything else, then every document checked against the target (scope, free code,
 * no id or object key already there), then written; a failure while writing removes what was written.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { PassThrough, Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import archiver from 'archiver'
import yauzl from 'yauzl'
import { z } from 'zod'
import { putHashedStream, removeObjectQuietly } from '#evidence/storage/objects.server'
import type { Storage } from '#evidence/storage/storage.server'
import { AppError, bi, forbidden } from '#models/errors'
import { oid } from '#models/ids'
import { recordAudit, type AuditInput } from '#models/tenancy/audit.server'
import { isOperator, PLATFORM_AUDIT_SCOPE, type OperatorActor } from '#models/tenancy/operator.server'
import { getOrganizationByCode, type Organization } from '#models/tenancy/organization.server'
import {
  appDb,
  EXPORT_ACTION,
  fromLine,
  ORGANIZATIONS,
  organizationCollections,
  OrganizationReader,
  OrganizationWriter,
  toLine,
} from '#models/tenancy/organization-data.server'

export const EXPORT_FORMAT = 'saisaat-organization-export'
export const EXPORT_VERSION = 1
export const MANIFEST = 'manifest.json'

const ManifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  organization: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/), code: z.string(), nameTh: z.string() }),
  collections: z.array(
    z.object({
      name: z.string(),
      entry: z.string(),
      count: z.number().int().min(0),
      size: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  objects: z.array(
    z.object({
      key: z.string().min(1).max(1024),
      entry: z.string(),
      contentType: z.string().max(200),
      size: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  /** Keys the documents refer to that the store no longer had (e.g. removed by a failed upload's clean-up). */
  missingObjects: z.array(z.string()).default([]),
})
export type ExportManifest = z.infer<typeof ManifestSchema>

export interface ExportSummary {
  organization: Pick<Organization, 'id' | 'code' | 'nameTh'>
  startedAt: Date
  /** Of the whole ZIP as delivered. */
  sha256: string
  size: number
  documents: number
  objects: number
}

const refuse = (th: string, en: string, status = 400, field = 'file') =>
  new AppError(bi(th, en), status, { [field]: bi(th, en) })

export async function requireOperatorActor(actor: OperatorActor) {
  if (actor.userId && !(await isOperator(actor.userId))) throw forbidden()
}

async function requireOrganization(code: string): Promise<Organization> {
  const organization = code.trim() ? await getOrganizationByCode(code.trim()) : null
  if (!organization)
    throw refuse(`รหัสหน่วยงาน: ไม่พบ "${code}"`, `code: no organization has the code "${code}"`, 404, 'code')
  return organization
}

/** Records an event in the platform trail and, when given, the organization's own. */
export async function recordPlatformEvent(actor: OperatorActor, event: AuditInput, organizationId?: string) {
  for (const scope of [PLATFORM_AUDIT_SCOPE, ...(organizationId ? [organizationId] : [])])
    await recordAudit({ ...actor, organizationId: scope }, event)
}

/**
 * The organization's objects: everything under `<prefix>/<organization id>/` for every top-level
 * prefix of the bucket (evidence/, packages/, and any later one laid out the same way), and every
 * key its documents name.
 */
export async function organizationObjectKeys(
  storage: Storage,
  organizationId: string,
  referenced: Iterable<string> = [],
): Promise<string[]> {
  const keys = new Set<string>(referenced)
  const list = (prefix: string, delimiter?: string) =>
    (async function* () {
      let token: string | undefined
      do {
        const page = await storage.client.send(
          new ListObjectsV2Command({
            Bucket: storage.bucket,
            Prefix: prefix,
            Delimiter: delimiter,
            ContinuationToken: token,
          }),
        )
        yield page
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
    })()
  const tops: string[] = []
  for await (const page of list('', '/')) for (const p of page.CommonPrefixes ?? []) if (p.Prefix) tops.push(p.Prefix)
  for (const top of tops)
    for await (const page of list(`${top}${organizationId}/`)) for (const o of page.Contents ?? []) keys.add(o.Key!)
  return [...keys].sort()
}

/** Passes bytes through while hashing and counting them. */
function measuring() {
  const hash = createHash('sha256')
  let size = 0
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) }
}

/** An export's file name: the organization's code and the UTC day, e.g. "saisaat-dga-2026-12-02.zip". */
export const exportFileName = (code: string, at: Date) => `saisaat-${code}-${at.toISOString().slice(0, 10)}.zip`

export interface OrganizationExport {
  fileName: string
  /** The ZIP; read it to the end (the summary settles then). */
  body: Readable
  /** Settles when the last byte has been produced; rejects when the export failed. */
  summary: Promise<ExportSummary>
}

/**
 * Starts exporting the organization of `code`. Nothing is recorded here: the caller records the
 * export with `recordOrganizationExport` once the file is delivered (written to disk, or sent).
 */
export async function exportOrganization(
  storage: Storage,
  actor: OperatorActor,
  code: string,
): Promise<OrganizationExport> {
  await requireOperatorActor(actor)
  const organization = await requireOrganization(code)
  const startedAt = new Date()
  const archive = archiver('zip', { zlib: { level: 6 } })
  const whole = measuring()
  const body = new PassThrough()
  let failure: Error | null = null
  let rejectFailed!: (error: Error) => void
  const failed = new Promise<never>((_resolve, reject) => (rejectFailed = reject))
  failed.catch(() => {})
  const fail = (error: unknown) => {
    if (failure) return
    failure = error instanceof Error ? error : new Error(String(error))
    rejectFailed(failure)
    archive.abort()
    body.destroy(failure)
  }
  // every wait below also ends at the first failure (an entry that errors never completes)
  const step = <T>(promise: Promise<T>) => Promise.race([promise, failed])
  archive.on('error', fail)
  archive.on('warning', fail)
  archive.pipe(whole.stream).pipe(body)
  // listened to from the start: a fast consumer can read the last byte before the last entry is awaited
  const delivered = new Promise<void>((resolve) => body.once('end', resolve))
  body.on('close', () => {
    // the consumer went away before the end: stop reading the database and the store
    if (!body.readableEnded && !failure) fail(new Error('export abandoned'))
  })

  const date = startedAt
  /** Appends one entry and waits until archiver has taken all of it (one source open at a time). */
  async function append(name: string, source: Readable, store: boolean) {
    const measured = measuring()
    source.on('error', fail)
    const entryDone = once(archive, 'entry')
    archive.append(source.pipe(measured.stream), { name, date, store, mode: 0o644 })
    await step(entryDone)
    return measured.result()
  }

  const summary = (async (): Promise<ExportSummary> => {
    const db = appDb()
    const orgId = oid(organization.id)
    const reader = new OrganizationReader(db, orgId)
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: startedAt.toISOString(),
      organization: { id: organization.id, code: organization.code, nameTh: organization.nameTh },
      collections: [],
      objects: [],
      missingObjects: [],
    }
    let documents = 0
    for (const name of await organizationCollections(db, orgId)) {
      let count = 0
      const lines = async function* () {
        for await (const doc of reader.documents(name)) {
          count++
          yield Buffer.from(toLine(doc))
        }
      }
      const entry = `collections/${name}.jsonl`
      const measured = await append(entry, Readable.from(lines()), false)
      manifest.collections.push({ name, entry, count, ...measured })
      documents += count
    }
    const keys = await organizationObjectKeys(storage, organization.id, reader.objectKeys)
    for (const [i, key] of keys.entries()) {
      let object
      try {
        object = await step(storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key })))
      } catch (error) {
        if ((error as { name?: string }).name !== 'NoSuchKey') throw error
        manifest.missingObjects.push(key)
        continue
      }
      const entry = `objects/${String(i + 1).padStart(7, '0')}`
      const measured = await append(entry, object.Body as Readable, true)
      manifest.objects.push({ key, entry, contentType: object.ContentType ?? 'application/octet-stream', ...measured })
    }
    archive.append(JSON.stringify(manifest, null, 1), { name: MANIFEST, date, mode: 0o644 })
    await step(archive.finalize())
    await step(delivered)
    return {
      organization: manifest.organization,
      startedAt,
      ...whole.result(),
      documents,
      objects: manifest.objects.length,
    }
  })()
  summary.catch(fail)
  return { fileName: exportFileName(organization.code, startedAt), body, summary }
}

/** Records a delivered export in the platform trail and the organization's (delete asks for one). */
export async function recordOrganizationExport(actor: OperatorActor, summary: ExportSummary): Promise<void> {
  const after = (value: unknown) => ({ before: null, after: value })
  await recordPlatformEvent(
    actor,
    {
      action: EXPORT_ACTION,
      targetType: 'organization',
      targetId: summary.organization.id,
      targetLabel: `${summary.organization.code} ${summary.organization.nameTh}`,
      changes: {
        startedAt: after(summary.startedAt.toISOString()),
        sha256: after(summary.sha256),
        size: after(summary.size),
        documents: after(summary.documents),
        objects: after(summary.objects),
      },
      change: false,
    },
    summary.organization.id,
  )
}

// ---- import -------------------------------------------------------------------------------------

interface OpenArchive {
  zip: yauzl.ZipFile
  entries: Map<string, yauzl.Entry>
}

async function openArchive(file: string): Promise<OpenArchive> {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true })
  } catch (error) {
    throw refuse(
      `ไฟล์: อ่านเป็น ZIP ไม่ได้ (${(error as Error).message})`,
      `file: not a readable ZIP (${(error as Error).message})`,
    )
  }
  const entries = new Map<string, yauzl.Entry>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.has(entry.fileName))
        return reject(refuse(`ไฟล์: มี ${entry.fileName} ซ้ำ`, `file: ${entry.fileName} appears twice`))
      entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.on('end', resolve)
    zip.on('error', (error: Error) =>
      reject(refuse(`ไฟล์: ZIP เสียหาย (${error.message})`, `file: damaged ZIP (${error.message})`)),
    )
    zip.readEntry()
  })
  return { zip, entries }
}

const damaged = (entry: string, why: string) =>
  refuse(
    `ไฟล์: ${entry} ไม่ตรงกับ manifest (${why}) ไฟล์อาจเสียหายหรือถูกแก้ไข ไม่ได้นำเข้าสิ่งใด`,
    `file: ${entry} does not match the manifest (${why}); the file is damaged or was changed; nothing was imported`,
  )

/** One entry's bytes, checked against the manifest's size and hash when the stream ends. */
async function openChecked(archive: OpenArchive, entry: { entry: string; size: number; sha256: string }) {
  const found = archive.entries.get(entry.entry)
  if (!found) throw damaged(entry.entry, 'missing')
  let raw: Readable
  try {
    raw = await archive.zip.openReadStreamPromise(found)
  } catch (error) {
    throw damaged(entry.entry, (error as Error).message)
  }
  const hash = createHash('sha256')
  let size = 0
  const checked = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
    flush(done) {
      const sha = hash.digest('hex')
      if (size !== entry.size) done(damaged(entry.entry, `${size} bytes, the manifest says ${entry.size}`))
      else if (sha !== entry.sha256) done(damaged(entry.entry, 'SHA-256 differs'))
      else done()
    },
  })
  raw.on('error', (error) => checked.destroy(damaged(entry.entry, error.message)))
  return raw.pipe(checked)
}

/** The documents of a collection entry, one per line, its bytes checked as they go. */
async function* documentsOf(archive: OpenArchive, entry: ExportManifest['collections'][number]) {
  const stream = await openChecked(archive, entry)
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  let n = 0
  try {
    for await (const line of lines) {
      if (line === '') continue
      n++
      try {
        yield fromLine(line)
      } catch {
        throw damaged(entry.entry, `line ${n} is not a document`)
      }
    }
  } finally {
    lines.close()
  }
  if (stream.errored) throw stream.errored
  if (n !== entry.count) throw damaged(entry.entry, `${n} documents, the manifest says ${entry.count}`)
}

async function readManifest(archive: OpenArchive): Promise<ExportManifest> {
  const found = archive.entries.get(MANIFEST)
  if (!found || found.uncompressedSize > 64 * 1024 * 1024)
    throw refuse('ไฟล์: ไม่ใช่ไฟล์ส่งออกของใสสะอาด (ไม่มี manifest.json)', 'file: not a Saisaat export (no manifest.json)')
  const chunks: Buffer[] = []
  for await (const chunk of await archive.zip.openReadStreamPromise(found)) chunks.push(chunk as Buffer)
  let parsed
  try {
    parsed = ManifestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
  } catch {
    parsed = null
  }
  if (!parsed?.success)
    throw refuse(
      'ไฟล์: manifest.json ไม่ใช่รูปแบบไฟล์ส่งออกที่รองรับ',
      `file: manifest.json is not a supported export (format ${EXPORT_FORMAT} version ${EXPORT_VERSION})`,
    )
  const manifest = parsed.data
  const listed = new Set([
    MANIFEST,
    ...manifest.collections.map((c) => c.entry),
    ...manifest.objects.map((o) => o.entry),
  ])
  if (listed.size !== 1 + manifest.collections.length + manifest.objects.length)
    throw refuse('ไฟล์: manifest ระบุรายการซ้ำ', 'file: the manifest lists an entry twice')
  for (const name of archive.entries.keys())
    if (!listed.has(name)) throw damaged(name, 'an entry the manifest does not list')
  if (manifest.collections[0]?.name !== ORGANIZATIONS)
    throw refuse('ไฟล์: ไม่มีข้อมูลหน่วยงาน', 'file: the export does not start with its organization')
  if (new Set(manifest.objects.map((o) => o.key)).size !== manifest.objects.length)
    throw refuse('ไฟล์: manifest ระบุไฟล์ซ้ำ', 'file: the manifest lists an object key twice')
  return manifest
}

/** Every id an object key names must be the organization's or one of its documents' (never another's). */
function checkObjectKey(key: string, writer: OrganizationWriter) {
  const safe = !key.startsWith('/') && !key.split('/').some((s) => s === '..' || s === '.')
  const named = key.match(/[0-9a-f]{24}/g) ?? []
  if (!safe || named.length === 0 || !named.every((id) => writer.ownsId(id)))
    throw refuse(
      `ไฟล์: ไฟล์ ${key} ไม่ใช่ของหน่วยงานนี้ ไม่ได้นำเข้าสิ่งใด`,
      `file: the object ${key} is not this organization's; nothing was imported`,
    )
}

async function objectExists(storage: Storage, key: string): Promise<boolean> {
  try {
    await storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key }))
    return true
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    if (status === 404) return false
    throw error
  }
}

export interface ImportSummary {
  organization: { id: string; code: string; nameTh: string }
  documents: number
  objects: number
  /** People whose e-mail already had an account here: that account was kept and used. */
  reusedPeople: number
}

/**
 * Imports an export file into this deployment (the process's database and `storage`). Refuses,
 * with nothing written, a file whose any byte differs from its manifest, an organization code this
 * deployment has, any document id or object key it has, and any document of another organization.
 */
export async function importOrganization(storage: Storage, actor: OperatorActor, file: string): Promise<ImportSummary> {
  await requireOperatorActor(actor)
  const archive = await openArchive(file)
  try {
    const manifest = await readManifest(archive)
    // 1. every byte as the manifest says, before anything else is looked at
    for (const entry of [...manifest.collections, ...manifest.objects])
      await pipeline(await openChecked(archive, entry), new PassThrough().resume())
    // 2. every document in scope and free in this deployment; every object key free
    const writer = new OrganizationWriter(appDb(), oid(manifest.organization.id))
    for (const c of manifest.collections) await writer.check(c.name, documentsOf(archive, c))
    for (const o of manifest.objects) {
      checkObjectKey(o.key, writer)
      if (await objectExists(storage, o.key))
        throw refuse(
          `ไฟล์: มีไฟล์ ${o.key} อยู่แล้วในที่เก็บไฟล์ปลายทาง ไม่ได้นำเข้าสิ่งใด`,
          `file: the store already has the object ${o.key}; nothing was imported`,
          409,
        )
    }
    // 3. written; whatever fails from here removes what was written
    const written: string[] = []
    let documents = 0
    try {
      for (const c of manifest.collections) documents += await writer.write(c.name, documentsOf(archive, c))
      await writer.staleWorkSummaries()
      for (const o of manifest.objects) {
        const stream = await openChecked(archive, o)
        written.push(o.key)
        const put = await putHashedStream(storage, o.key, stream, {
          contentType: o.contentType,
          maxBytes: o.size,
          fileName: o.key,
        })
        if (put.sha256 !== o.sha256) throw damaged(o.entry, 'SHA-256 differs')
      }
      const summary: ImportSummary = {
        organization: { ...manifest.organization, code: writer.organizationCode || manifest.organization.code },
        documents,
        objects: manifest.objects.length,
        reusedPeople: writer.reusedPeople,
      }
      await recordPlatformEvent(
        actor,
        {
          action: 'organization.import',
          targetType: 'organization',
          targetId: summary.organization.id,
          targetLabel: `${summary.organization.code} ${summary.organization.nameTh}`,
          changes: {
            exportedAt: { before: null, after: manifest.exportedAt },
            documents: { before: null, after: documents },
            objects: { before: null, after: summary.objects },
          },
        },
        summary.organization.id,
      )
      return summary
    } catch (error) {
      for (const key of written) await removeObjectQuietly(storage, key)
      await writer.undo()
      throw error
    }
  } finally {
    archive.zip.close()
  }
}
