/**
 * Deterministic ZIP archives streamed from S3 objects straight into an S3 multipart upload:
 * no copy of the archive on disk or in memory (about partSize × 2 of buffers), entries sorted,
 * fixed timestamps, UTF-8 name flag, ZIP64 when needed (archiver switches by itself).
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import path from 'node:path'
import { PassThrough, Transform, type Readable } from 'node:stream'
import { AbortMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import archiver from 'archiver'
import type { Storage } from '#evidence/storage.server'

export type ArchiveSource = { kind: 'object'; key: string; size: number } | { kind: 'bytes'; data: Buffer | string }

export interface ArchiveEntry {
  path: string
  source: ArchiveSource
}

export interface ArchiveProgress {
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
}

export interface BuiltArchive {
  key: string
  size: number
  sha256: string
  /** The entries as written, in order, with their final (sanitised) paths. */
  entries: { path: string; size: number }[]
}

export class ArchiveCancelled extends Error {
  constructor() {
    super('archive cancelled')
    this.name = 'ArchiveCancelled'
  }
}

const MAX_SEGMENT = 80
const MAX_PATH = 240
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i
// already-compressed formats are stored: deflating them again costs time and gains nothing
const DEFLATE_EXTENSIONS = new Set(['.txt', '.csv', '.json', '.html', '.htm', '.xml', '.md', '.doc', '.xls', '.ppt', '.svg'])

function clip(segment: string, max: number): string {
  if (segment.length <= max) return segment
  const ext = path.extname(segment).slice(0, 10)
  return segment.slice(0, max - ext.length).trimEnd() + ext
}

/**
 * A path that opens safely everywhere: no `..`, no absolute paths, no control characters or
 * characters Windows refuses, no reserved Windows names, segments and the whole path length-limited.
 */
export function sanitizeArchivePath(raw: string): string {
  const segments = raw
    .normalize('NFC')
    .replace(/\\/g, '/')
    .split('/')
    // resolve "." and ".." inside the archive first; nothing climbs above its root
    .reduce<string[]>((kept, s) => (s === '..' ? kept.slice(0, -1) : s === '' || s === '.' ? kept : [...kept, s]), [])
    .map((s) =>
      s
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .replace(/[<>:"|?*]/g, '_')
        .trim()
        .replace(/[. ]+$/, ''),
    )
    .filter((s) => s !== '')
    .map((s) => (WINDOWS_RESERVED.test(s) ? `_${s}` : s))
    .map((s) => clip(s, MAX_SEGMENT))
  const joined = segments.join('/') || 'file'
  if (joined.length <= MAX_PATH) return joined
  const file = segments.pop()!
  return `${clip(segments.join('/'), MAX_PATH - Math.min(file.length, MAX_SEGMENT) - 1)}/${file}`
}

/** Sanitised, de-duplicated (" (2)" before the extension) and sorted by path, byte order. */
export function planArchive(entries: ArchiveEntry[]): ArchiveEntry[] {
  const used = new Set<string>()
  const planned = entries.map((entry) => {
    let candidate = sanitizeArchivePath(entry.path)
    const ext = path.posix.extname(candidate)
    const stem = candidate.slice(0, candidate.length - ext.length)
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`
    used.add(candidate.toLowerCase())
    return { ...entry, path: candidate }
  })
  return planned.sort((a, b) => (Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))))
}

const sizeOf = (s: ArchiveSource) => (s.kind === 'object' ? s.size : Buffer.byteLength(s.data))

/**
 * Writes the archive to `key` in the storage's bucket. `date` is the timestamp every entry gets
 * (pass the same one for the same state: the output is then byte-identical). A cancelled or
 * failed build leaves no object and no multipart upload behind.
 */
export async function buildArchiveToS3(
  storage: Storage,
  entries: ArchiveEntry[],
  key: string,
  options: {
    date: Date
    signal?: AbortSignal
    onProgress?: (progress: ArchiveProgress) => void
    partSize?: number
  },
): Promise<BuiltArchive> {
  const planned = planArchive(entries)
  // zip-stream writes DOS times from the UTC fields (unless forceLocalTime): the same bytes in any time zone
  const date = options.date
  const progress: ArchiveProgress = {
    filesDone: 0,
    filesTotal: planned.length,
    bytesDone: 0,
    bytesTotal: planned.reduce((sum, e) => sum + sizeOf(e.source), 0),
  }

  const archive = archiver('zip', { zlib: { level: 6 } })
  const hash = createHash('sha256')
  let size = 0
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  const body = new PassThrough()
  archive.pipe(measure).pipe(body)

  const upload = new Upload({
    client: storage.client,
    params: { Bucket: storage.bucket, Key: key, Body: body, ContentType: 'application/zip' },
    partSize: options.partSize ?? 8 * 1024 * 1024,
    queueSize: 2,
    leavePartsOnError: false,
  })
  const uploaded = upload.done()
  // surface upload failures while entries are still being written
  let uploadError: unknown
  uploaded.catch((error) => {
    uploadError = error
    archive.abort()
  })

  const cancel = () => {
    archive.abort()
    void upload.abort()
  }
  options.signal?.addEventListener('abort', cancel, { once: true })
  try {
    for (const entry of planned) {
      if (options.signal?.aborted) throw new ArchiveCancelled()
      if (uploadError) throw uploadError
      const source: Readable | Buffer =
        entry.source.kind === 'bytes'
          ? Buffer.from(entry.source.data)
          : ((await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: entry.source.key }))).Body as Readable)
      const deflate = DEFLATE_EXTENSIONS.has(path.posix.extname(entry.path).toLowerCase())
      const entryDone = once(archive, 'entry')
      archive.append(source, { name: entry.path, date, store: !deflate, mode: 0o644 })
      await entryDone
      progress.filesDone++
      progress.bytesDone += sizeOf(entry.source)
      options.onProgress?.({ ...progress })
    }
    await archive.finalize()
    await uploaded
  } catch (error) {
    cancel()
    await uploaded.catch(() => {})
    await abortLeftoverUploads(storage, key)
    if (options.signal?.aborted) throw new ArchiveCancelled()
    throw uploadError ?? error
  } finally {
    options.signal?.removeEventListener('abort', cancel)
  }
  return { key, size, sha256: hash.digest('hex'), entries: planned.map((e) => ({ path: e.path, size: sizeOf(e.source) })) }
}

/**
 * Upload.abort() can run before the multipart upload exists and miss it; list what is left for
 * the key and abort it, so that a failed build leaves nothing billable or half-written behind.
 */
async function abortLeftoverUploads(storage: Storage, key: string): Promise<void> {
  // the SDK may still be creating the upload when it reports the abort: look a few times
  for (let attempt = 0; attempt < 5; attempt++) {
    const listed = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: key })).catch(() => null)
    const left = (listed?.Uploads ?? []).filter((u) => u.Key === key && u.UploadId)
    if (left.length === 0 && attempt > 0) return
    for (const u of left) {
      await storage.client.send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId: u.UploadId })).catch(() => {})
    }
    await new Promise((r) => setTimeout(r, 100 * (attempt + 1)))
  }
}
