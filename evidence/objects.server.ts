/**
 * Streams bytes into the store while counting and hashing them: nothing is held whole in
 * memory or on disk (lib-storage holds at most partSize × queueSize). Used by file uploads and
 * link snapshots alike.
 */
import { createHash, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { DeleteObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Storage } from '#evidence/storage.server'
import { AppError, bi } from '#models/errors'

/** Every evidence object lives under its organization's prefix; the reconciler walks it. */
export const EVIDENCE_PREFIX = 'evidence/'

/** A fresh key: never derived from the file name (Thai, spaces, `../` all stay out of keys). */
export function newObjectKey(organizationId: string): string {
  return `${EVIDENCE_PREFIX}${organizationId}/${randomUUID()}`
}

/** 8 MiB parts, 4 in flight: ~32 MiB of buffers per upload, enough to keep the store busy (test/bench/upload.ts). */
const PART_SIZE = 8 * 1024 * 1024
const QUEUE_SIZE = 4

export class TooLargeError extends AppError {
  constructor(fileName: string, maxBytes: number) {
    const mb = Math.floor(maxBytes / 1024 / 1024)
    super(bi(`"${fileName}": ไฟล์ใหญ่เกิน ${mb} MB`, `"${fileName}": the file is larger than ${mb} MB`), 413)
  }
}

/** The store failed while bytes were on their way: nothing was kept, the person should retry. */
export const storeUnavailable = (fileName: string) =>
  new AppError(
    bi(`"${fileName}": ที่เก็บไฟล์ขัดข้องระหว่างอัปโหลด ไม่มีการบันทึกไฟล์นี้ กรุณาลองใหม่ภายหลัง`, `"${fileName}": the file store failed during the upload; nothing was saved, please try again later`),
    503,
  )

export interface PutResult {
  key: string
  size: number
  sha256: string
}

/**
 * Uploads an async iterable of bytes to `key`, hashing and counting as it goes. Throws
 * TooLargeError past maxBytes (the multipart upload is aborted, nothing stays) and the
 * store's error when it fails.
 */
export async function putHashedStream(
  storage: Storage,
  key: string,
  source: AsyncIterable<Uint8Array>,
  options: { contentType: string; maxBytes: number; fileName: string; metadata?: Record<string, string> },
): Promise<PutResult> {
  const hash = createHash('sha256')
  let size = 0
  async function* counted() {
    for await (const chunk of source) {
      size += chunk.byteLength
      if (size > options.maxBytes) throw new TooLargeError(options.fileName, options.maxBytes)
      hash.update(chunk)
      yield chunk
    }
  }
  const upload = new Upload({
    client: storage.client,
    params: {
      Bucket: storage.bucket,
      Key: key,
      Body: Readable.from(counted(), { objectMode: false, highWaterMark: 1024 * 1024 }),
      ContentType: options.contentType,
      Metadata: options.metadata,
    },
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
  })
  await upload.done()
  return { key, size, sha256: hash.digest('hex') }
}

/** Removes an object; a failure is left to the reconciler (it finds objects nothing refers to). */
export async function removeObjectQuietly(storage: Storage, key: string): Promise<boolean> {
  try {
    await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
    return true
  } catch {
    return false
  }
}
