/**
 * File uploads, one file per request: the multipart part streams from the request into S3
 * (sniffed on its first bytes, hashed and counted on the way), then the evidence record is
 * written. If the store fails, no record is written; if the database fails after the bytes are
 * stored, the object is removed at once, or later by the reconciler (jobs.server.ts).
 *
 * The route hands in the multipart parser (evidence/uploads/multipart.server.ts, or Remix's own).
 */
import type { Storage } from '#evidence/storage/storage.server'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream, removeObjectQuietly, storeUnavailable, TooLargeError } from '#evidence/storage/objects.server'
import { cleanDisplayText, safeFileName } from '#evidence/uploads/file-names'
import { SNIFF_BYTES, sniffFile } from '#evidence/uploads/sniff.server'
import type { Actor } from '#models/tenancy/audit.server'
import { AppError, bi } from '#models/errors'
import type { MembershipGrant } from '#models/tenancy/permissions'
import {
  addFileVersion,
  createFileEvidence,
  findEvidenceBySha256,
  recordUploadRefused,
  type LinkAtCreation,
  type StoredFile,
} from '#models/evidence/records.server'

/** One part as a multipart parser (ours, or Remix's unstable_parseMultipartFormData) hands it to an upload handler. */
export interface MultipartPart {
  name: string
  filename?: string
  contentType: string
  data: AsyncIterable<Uint8Array>
}
export type MultipartParser = (
  request: Request,
  handler: (part: MultipartPart) => Promise<string | undefined>,
) => Promise<FormData>

/** What the route answers for one file (JSON). */
export type UploadAnswer =
  | {
      ok: true
      fileName: string
      evidence: { id: string; title: string; version: number; size: number; sha256: string; mimeType: string }
      /** Other live evidence of the organization with the same bytes: the person may use one instead. */
      duplicates: { id: string; title: string }[]
    }
  | { ok: false; fileName: string; status: number; reason: string }

/**
 * Reads the parts of an async iterator one at a time, remembering the read in flight, so
 * that the rest of a refused part can be drained safely (the parser would otherwise buffer
 * it in memory).
 */
class PartReader {
  private pending: Promise<IteratorResult<Uint8Array>> | null = null
  private ended = false
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}
  async next(): Promise<Uint8Array | null> {
    if (this.ended) return null
    this.pending = this.it.next()
    const r = await this.pending
    this.pending = null
    if (r.done) this.ended = true
    return r.done ? null : r.value
  }
  async drain(): Promise<void> {
    try {
      if (this.pending) await this.pending.catch(() => undefined)
      this.pending = null
      while ((await this.next()) !== null) {
        // discard
      }
    } catch {
      // the client went away: nothing left to drain
    }
  }
}

/** Form fields beside the file are small (ids, flags); more is refused, naming the field. */
export const MAX_FIELD_BYTES = 10_000

const fieldTooLong = (name: string) => {
  const field = cleanDisplayText(name, 100)
  return new AppError(
    bi(
      `ช่อง "${field}" ของฟอร์มยาวเกินกำหนด (ไม่เกิน ${MAX_FIELD_BYTES.toLocaleString('en-US')} ไบต์)`,
      `form field "${field}" is too long (at most ${MAX_FIELD_BYTES.toLocaleString('en-US')} bytes)`,
    ),
    413,
  )
}

type Outcome = { fileName?: string; stored?: StoredFile; refused?: { status: number; reason: string } }

/** Streams one file part into the store after sniffing its first bytes. */
async function storePart(
  storage: Storage,
  organizationId: string,
  part: MultipartPart,
  maxBytes: number,
  outcome: Outcome,
) {
  const fileName = safeFileName(part.filename!)
  outcome.fileName = fileName
  const reader = new PartReader(part.data[Symbol.asyncIterator]())
  const head: Uint8Array[] = []
  let headSize = 0
  for (let chunk; headSize < SNIFF_BYTES && (chunk = await reader.next());) {
    head.push(chunk)
    headSize += chunk.byteLength
  }
  if (headSize === 0) {
    outcome.refused = { status: 400, reason: bi(`"${fileName}": ไฟล์ว่างเปล่า`, `"${fileName}": the file is empty`) }
    return
  }
  const first = Buffer.concat(head)
  const sniff = await sniffFile(first.subarray(0, SNIFF_BYTES), fileName)
  if (!sniff.ok) {
    await reader.drain()
    outcome.refused = { status: 415, reason: sniff.reason }
    return
  }
  async function* body() {
    yield first
    for (let chunk; (chunk = await reader.next());) yield chunk
  }
  const key = newObjectKey(organizationId)
  try {
    const put = await putHashedStream(storage, key, body(), {
      contentType: sniff.mimeType,
      maxBytes,
      fileName,
      metadata: { organization: organizationId },
    })
    outcome.stored = { ...put, mimeType: sniff.mimeType, fileName }
  } catch (error) {
    if (error instanceof TooLargeError) throw error // the request is bigger than allowed: stop reading it
    if (error instanceof AppError) throw error
    // the store failed (or the client went away): read what is left so the person gets the answer
    await reader.drain()
    await removeObjectQuietly(storage, key)
    outcome.refused = { status: 503, reason: storeUnavailable(fileName).message }
  }
}

/**
 * Receives one uploaded file (a new evidence, or a new version of `replaceEvidenceId`) and
 * answers what became of it. Refusals and failures are answers, not exceptions, and are
 * recorded in the audit trail. `membership` is the uploader's: a new version is refused (403)
 * unless it has the right on every item the evidence is linked to, and (409) while the evidence
 * is frozen in a submitted or approved answer, both checked when the version is written.
 */
export async function receiveEvidenceUpload(
  storage: Storage,
  actor: Actor,
  request: Request,
  options: {
    parse: MultipartParser
    maxFileBytes: number
    replaceEvidenceId?: string | null
    membership?: MembershipGrant | null
    /** A new evidence's element: linked as it is recorded (a refused link records nothing and removes the file). */
    link?: LinkAtCreation
  },
): Promise<UploadAnswer> {
  const outcome: Outcome = {}
  const declared = Number(request.headers.get('Content-Length') ?? 'NaN')
  const fail = async (status: number, reason: string, fileName = outcome.fileName ?? ''): Promise<UploadAnswer> => {
    await recordUploadRefused(actor, fileName, reason).catch(() => undefined)
    return { ok: false, fileName, status, reason }
  }
  // multipart framing adds well under 64 KiB; beyond that the file itself is too large
  if (Number.isFinite(declared) && declared > options.maxFileBytes + 64 * 1024) {
    return fail(413, new TooLargeError(outcome.fileName || 'file', options.maxFileBytes).message, '')
  }
  try {
    // a refused part is read to its end, not thrown: the request is then read whole and the
    // person gets the named refusal (a request abandoned half-read closes the connection instead)
    let read = 0
    const discard = async (reader: PartReader) => {
      for (let c; (c = await reader.next());) {
        if ((read += c.byteLength) > options.maxFileBytes + 64 * 1024)
          throw new TooLargeError(outcome.fileName || 'file', options.maxFileBytes)
      }
    }
    await options.parse(request, async (part) => {
      if (!part.filename) {
        // small fields only; a file must be the one and only large part
        const reader = new PartReader(part.data[Symbol.asyncIterator]())
        for (let c, n = 0; (c = await reader.next());) {
          read += c.byteLength
          if ((n += c.byteLength) > MAX_FIELD_BYTES) {
            outcome.refused ??= { status: 413, reason: fieldTooLong(part.name).message }
            await discard(reader)
          }
        }
        return undefined
      }
      if (outcome.fileName !== undefined || outcome.refused) {
        outcome.fileName ??= safeFileName(part.filename)
        await discard(new PartReader(part.data[Symbol.asyncIterator]()))
        return undefined
      }
      await storePart(storage, actor.organizationId, part, options.maxFileBytes, outcome)
      return outcome.stored?.key
    })
  } catch (error) {
    if (outcome.stored) await removeObjectQuietly(storage, outcome.stored.key)
    if (error instanceof AppError) return fail(error.status, error.message)
    if (/content-disposition|multipart|boundary/i.test(String((error as Error)?.message))) {
      return fail(
        400,
        bi(
          "ชื่อไฟล์หรือรูปแบบคำขอไม่ถูกต้อง (ลองเปลี่ยนชื่อไฟล์ให้ไม่มีเครื่องหมาย ; = หรือ ')",
          "the file name or the request is malformed (try renaming the file without ; = or ')",
        ),
      )
    }
    throw error
  }
  if (outcome.refused) {
    // a refused field after a stored file: the file goes too (nothing is half accepted)
    if (outcome.stored) await removeObjectQuietly(storage, outcome.stored.key)
    return fail(outcome.refused.status, outcome.refused.reason)
  }
  if (!outcome.stored) return fail(400, bi('ไม่พบไฟล์ในคำขอ', 'no file in the request'))
  const stored = outcome.stored
  // other evidence with the same bytes, looked for while the record is written (the record itself is left out)
  const sameBytes = findEvidenceBySha256(actor.organizationId, stored.sha256).catch(() => [])
  try {
    const evidence = options.replaceEvidenceId
      ? await addFileVersion(actor, options.replaceEvidenceId, stored, { membership: options.membership })
      : await createFileEvidence(actor, stored, options.link)
    const duplicates = (await sameBytes).filter((d) => d.id !== evidence.id)
    return {
      ok: true,
      fileName: stored.fileName,
      evidence: {
        id: evidence.id,
        title: evidence.title,
        version: evidence.current!.number,
        size: stored.size,
        sha256: stored.sha256,
        mimeType: stored.mimeType,
      },
      duplicates: duplicates.map((d) => ({ id: d.id, title: d.title })),
    }
  } catch (error) {
    // no record refers to the bytes: remove them now (or the reconciler will)
    await removeObjectQuietly(storage, stored.key)
    if (error instanceof AppError) return fail(error.status, error.message)
    return fail(
      503,
      bi(
        `"${stored.fileName}": บันทึกข้อมูลไม่สำเร็จ (ฐานข้อมูลขัดข้อง) ไม่มีการบันทึกไฟล์นี้ กรุณาลองใหม่`,
        `"${stored.fileName}": the database failed; nothing was saved, please try again`,
      ),
    )
  }
}
