/**
 * Deterministic ZIP archives streamed from S3 objects straight into an S3 multipart upload:
 * no copy of the archive on disk or in memory (about partSize × 2 of buffers), entries sorted,
 * fixed timestamps, UTF-8 name flag, ZIP64 when needed (archiver switches by itself).
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import path from 'node:path'
import { PassThrough, Transform, pipeline, type Readable } from 'node:stream'
import { AbortMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import archiver from 'archiver'
import type { Storage } from '#evidence/storage/storage.server'

export type ArchiveSource = { kind: 'object'; key: string; size: number } | { kind: 'bytes'; data: Buffer | string }

export interface ArchiveEntry {
  /**
   * Where the entry goes. A string is a folder path of trusted structure ("OIT/09-…/O01-…/x.pdf"):
   * split at its separators, `..` dropped (never climbs). An array lists the segments one by one:
   * each is one folder or file name whatever it contains (a user's title or file name goes here).
   */
  path: string | readonly string[]
  source: ArchiveSource
  /**
   * A generated file (index.html, manifest.json…): it is placed before every other entry and
   * keeps its name; no other entry can take it.
   */
  reserved?: boolean
}

export type PlannedEntry<T extends ArchiveEntry = ArchiveEntry> = Omit<T, 'path'> & { path: string }

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

/** The store failed while the archive was read from it or written to it. */
export class ArchiveStoreError extends Error {
  constructor(
    readonly step: 'read' | 'write',
    /** The entry being read, for a read. */
    readonly entryPath: string | null,
    cause: unknown,
  ) {
    const what = step === 'read' ? `reading "${entryPath}" from the store` : 'writing the archive to the store'
    super(`${what}: ${(cause as Error)?.message ?? String(cause)}`, { cause })
    this.name = 'ArchiveStoreError'
  }
}

const MAX_SEGMENT = 80
const MAX_PATH = 240
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i
// C0 and C1 controls, and the characters that reorder or hide text (bidi embeddings, overrides
// and isolates, marks, zero-width characters, BOM): a name shows what it is
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g
// already-compressed formats are stored: deflating them again costs time and gains nothing
const DEFLATE_EXTENSIONS = new Set([
  '.txt',
  '.csv',
  '.json',
  '.html',
  '.htm',
  '.xml',
  '.md',
  '.doc',
  '.xls',
  '.ppt',
  '.svg',
])

function clip(segment: string, max: number): string {
  if (segment.length <= max) return segment
  const ext = path.extname(segment).slice(0, 10)
  return segment.slice(0, max - ext.length).trimEnd() + ext
}

/**
 * One folder or file name, whatever `raw` holds: separators (`/`, `\`) and `..` removed, control
 * and bidi characters removed, characters Windows refuses replaced, no leading dot (hidden on
 * Unix), no trailing dot or space (Windows), no reserved Windows name, at most 80 characters
 * (the extension kept). Empty after all that: `fallback`.
 */
export function archiveSegment(raw: string, fallback = 'file'): string {
  const s = raw
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[/\\]+/g, ' ')
    .replace(/\.{2,}/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+/, '')
    .replace(/[. ]+$/, '')
  if (s === '') return fallback
  return clip(WINDOWS_RESERVED.test(s) ? `_${s}` : s, MAX_SEGMENT).replace(/[. ]+$/, '') || fallback
}

/** The segments of an entry's path: a string split at its separators, `.` and `..` dropped. */
function segmentsOf(raw: ArchiveEntry['path']): string[] {
  const parts =
    typeof raw === 'string'
      ? raw
          .replace(/\\/g, '/')
          .split('/')
          .filter((s) => s.trim() !== '' && s.trim() !== '.' && s.trim() !== '..')
      : [...raw]
  return parts.map((s, i) => archiveSegment(s, i === parts.length - 1 ? 'file' : '_'))
}

/** Joins segments within MAX_PATH: folders are clipped first, the file name stays whole. */
function joinSegments(segments: string[]): string {
  const joined = segments.join('/') || 'file'
  if (joined.length <= MAX_PATH) return joined
  const file = segments[segments.length - 1]
  return `${clip(segments.slice(0, -1).join('/'), MAX_PATH - file.length - 1)}/${file}`
}

/**
 * A path that opens safely everywhere: no `..` (nothing climbs out of the archive or into
 * another folder), no absolute paths, no control or bidi characters, nothing Windows refuses,
 * segments and the whole path length-limited.
 */
export function sanitizeArchivePath(raw: ArchiveEntry['path']): string {
  return joinSegments(segmentsOf(raw))
}

/** "name (2).ext": the n-th entry that wanted `name.ext`. */
function numbered(segment: string, n: number, keepExtension = true): string {
  const ext = keepExtension ? path.posix.extname(segment).slice(0, 10) : ''
  const suffix = ` (${n})${ext}`
  // within MAX_SEGMENT, so that sanitising the result again gives it back unchanged
  return `${segment
    .slice(0, segment.length - ext.length)
    .slice(0, MAX_SEGMENT - suffix.length)
    .trimEnd()}${suffix}`
}

/**
 * Final paths for the entries: sanitised, reserved (generated) entries first with their own
 * names, every other entry de-duplicated (" (2)" before the extension) against every file and
 * folder already placed, case-insensitively, so no two entries share a path and no file has the
 * name of a folder. `reserve` keeps further names free (generated files not among `entries`).
 * The order of `entries` decides which of two equal names gets the suffix; the result is sorted
 * by path, byte order.
 */
export function planArchive<T extends ArchiveEntry>(
  entries: readonly T[],
  options: { reserve?: readonly string[] } = {},
): PlannedEntry<T>[] {
  const files = new Set<string>()
  const folders = new Set<string>()
  const key = (p: string) => p.toLowerCase()
  const place = (segments: string[]) => {
    for (let i = 1; i < segments.length; i++) folders.add(key(segments.slice(0, i).join('/')))
    const joined = joinSegments(segments)
    files.add(key(joined))
    return joined
  }
  const reserved = entries.filter((e) => e.reserved)
  for (const name of options.reserve ?? []) {
    if (!reserved.some((e) => sanitizeArchivePath(e.path) === sanitizeArchivePath(name))) place(segmentsOf(name))
  }
  const planned: PlannedEntry<T>[] = []
  for (const entry of reserved) {
    const segments = segmentsOf(entry.path)
    if (files.has(key(joinSegments(segments))))
      throw new Error(`two generated archive entries named ${joinSegments(segments)}`)
    planned.push({ ...entry, path: place(segments) })
  }
  for (const entry of entries) {
    if (entry.reserved) continue
    const segments = segmentsOf(entry.path)
    if (segments.length === 0) segments.push('file')
    // a folder that has the name of a file already placed moves aside, for all its entries alike
    for (let i = 0; i < segments.length - 1; i++) {
      const original = segments[i]
      for (let n = 2; files.has(key(segments.slice(0, i + 1).join('/'))); n++)
        segments[i] = numbered(original, n, false)
    }
    const last = segments.length - 1
    const original = segments[last]
    for (let n = 2; files.has(key(joinSegments(segments))) || folders.has(key(joinSegments(segments))); n++)
      segments[last] = numbered(original, n)
    planned.push({ ...entry, path: place(segments) })
  }
  return planned.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
}

const sizeOf = (s: ArchiveSource) => (s.kind === 'object' ? s.size : Buffer.byteLength(s.data))

/** How long each clean-up request (abort of the multipart upload) may take: the store may be gone. */
const CLEANUP_REQUEST_MS = 5_000

/**
 * Writes the archive to `key` in the storage's bucket. `date` is the timestamp every entry gets
 * (pass the same one for the same state: the output is then byte-identical). A cancelled or
 * failed build leaves no object and, when the store still answers, no multipart upload behind.
 *
 * Every step (opening an object, appending it, finishing, the upload) races the abort signal
 * and the failures of the other side: a store that stops answering, or an object that errors or
 * ends short mid-read, rejects the build at once instead of leaving it waiting for an entry that
 * never completes. `onActivity` is called whenever bytes move (read from the store or written
 * to the archive): the caller's measure of progress.
 */
export async function buildArchiveToS3(
  storage: Storage,
  entries: ArchiveEntry[],
  key: string,
  options: {
    date: Date
    signal?: AbortSignal
    onProgress?: (progress: ArchiveProgress) => void
    onActivity?: () => void
    partSize?: number
  },
): Promise<BuiltArchive> {
  if (options.signal?.aborted) throw new ArchiveCancelled()
  const planned = planArchive(entries)
  // zip-stream writes DOS times from the UTC fields (unless forceLocalTime): the same bytes in any time zone
  const date = options.date
  const activity = options.onActivity ?? (() => {})
  const progress: ArchiveProgress = {
    filesDone: 0,
    filesTotal: planned.length,
    bytesDone: 0,
    bytesTotal: planned.reduce((sum, e) => sum + sizeOf(e.source), 0),
  }

  // the first failure of any part ends the build; every await below races it
  let failure: unknown = null
  let rejectFailed!: (error: unknown) => void
  const failed = new Promise<never>((_resolve, reject) => (rejectFailed = reject))
  failed.catch(() => {})
  const requests = new AbortController() // the store requests of this build
  let current: Readable | null = null
  let upload: Upload | null = null
  const archive = archiver('zip', { zlib: { level: 6 } })
  const fail = (error: unknown) => {
    if (failure) return
    failure = error ?? new Error('archive failed')
    rejectFailed(failure)
    requests.abort()
    archive.abort()
    current?.destroy()
    void upload?.abort()
  }
  const step = <T>(promise: Promise<T>) => Promise.race([promise, failed])

  const hash = createHash('sha256')
  let size = 0
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      activity()
      done(null, chunk)
    },
  })
  const body = new PassThrough()
  // errors after a failure have no one else to hear them: unheard, they would end the process
  archive.on('error', fail)
  measure.on('error', fail)
  body.on('error', fail)
  archive.pipe(measure).pipe(body)

  // the SDK's abort neither cancels a request already sent nor stops one it is about to send (it
  // awaits its config before CreateMultipartUpload): after a failure the upload may send nothing
  // but aborts, and cleanup lists what is left only after its requests have settled
  const inFlight = new Set<Promise<unknown>>()
  const tracked = new Proxy(storage.client, {
    get(target, prop) {
      if (prop !== 'send') return Reflect.get(target, prop, target)
      return (command: Parameters<typeof target.send>[0], options?: { abortSignal?: AbortSignal }) => {
        if (failure && !(command instanceof AbortMultipartUploadCommand)) return Promise.reject(failure)
        const sent = target.send(command, options)
        inFlight.add(sent)
        void sent.then(
          () => inFlight.delete(sent),
          () => inFlight.delete(sent),
        )
        return sent
      }
    },
  })
  upload = new Upload({
    client: tracked,
    params: { Bucket: storage.bucket, Key: key, Body: body, ContentType: 'application/zip' },
    partSize: options.partSize ?? 8 * 1024 * 1024,
    queueSize: 2,
    leavePartsOnError: false,
  })
  const uploaded = upload.done()
  uploaded.catch((error: unknown) =>
    fail(options.signal?.aborted ? new ArchiveCancelled() : new ArchiveStoreError('write', null, error)),
  )

  const onAbort = () => fail(new ArchiveCancelled())
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    for (const entry of planned) {
      if (failure) throw failure
      let source: Readable | Buffer
      if (entry.source.kind === 'bytes') source = Buffer.from(entry.source.data)
      else {
        const expected = entry.source.size
        const object = await step(
          storage.client
            .send(new GetObjectCommand({ Bucket: storage.bucket, Key: entry.source.key }), {
              abortSignal: requests.signal,
            })
            .catch((error: unknown) => {
              throw failure ?? new ArchiveStoreError('read', entry.path, error)
            }),
        )
        // count what arrives: an object that ends short (the connection dropped) fails the build
        // instead of leaving a truncated file in a package that says it is complete
        let read = 0
        const counted = new Transform({
          transform(chunk: Buffer, _enc, done) {
            read += chunk.length
            activity()
            done(null, chunk)
          },
          flush(done) {
            done(read === expected ? null : new Error(`got ${read} of ${expected} bytes`))
          },
        })
        const objectBody = object.Body as Readable
        current = objectBody
        // archiver pipes its input through a stream of its own, which never hears of an error:
        // the error is taken here and ends the build
        pipeline(objectBody, counted, (error) => {
          if (error) fail(failure ?? new ArchiveStoreError('read', entry.path, error))
        })
        source = counted
      }
      const deflate = DEFLATE_EXTENSIONS.has(path.posix.extname(entry.path).toLowerCase())
      const entryDone = once(archive, 'entry')
      archive.append(source, { name: entry.path, date, store: !deflate, mode: 0o644 })
      await step(entryDone)
      current = null
      progress.filesDone++
      progress.bytesDone += sizeOf(entry.source)
      activity()
      options.onProgress?.({ ...progress })
    }
    await step(archive.finalize())
    await step(uploaded)
  } catch (error) {
    fail(error)
    // the SDK's upload ends at once when aborted; its requests may not: each wait is bounded
    await Promise.race([uploaded.catch(() => {}), delay(CLEANUP_REQUEST_MS)])
    await Promise.race([Promise.allSettled([...inFlight]), delay(CLEANUP_REQUEST_MS)])
    await abortLeftoverUploads(storage, key)
    if (options.signal?.aborted) throw new ArchiveCancelled()
    throw failure
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  return {
    key,
    size,
    sha256: hash.digest('hex'),
    entries: planned.map((e) => ({ path: e.path, size: sizeOf(e.source) })),
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Upload.abort() can run before the multipart upload exists and miss it; list what is left for
 * the key and abort it, so that a failed build leaves nothing billable or half-written behind.
 * Each request is bounded; when the store does not answer at all this gives up (the package
 * runner's sweep aborts what is left once the store is back).
 */
export async function abortLeftoverUploads(storage: Storage, key: string): Promise<void> {
  let unanswered = 0
  // the SDK may still be creating the upload when it reports the abort: look a few times
  for (let attempt = 0; attempt < 5; attempt++) {
    const listed = await storage.client
      .send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: key }), {
        abortSignal: AbortSignal.timeout(CLEANUP_REQUEST_MS),
      })
      .catch(() => null)
    if (!listed && ++unanswered >= 2) return
    const left = (listed?.Uploads ?? []).filter((u) => u.Key === key && u.UploadId)
    if (listed && left.length === 0 && attempt > 0) return
    for (const u of left) {
      await storage.client
        .send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId: u.UploadId }), {
          abortSignal: AbortSignal.timeout(CLEANUP_REQUEST_MS),
        })
        .catch(() => {})
    }
    await delay(100 * (attempt + 1))
  }
}
