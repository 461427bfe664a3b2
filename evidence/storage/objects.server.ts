/**
 * Streams bytes into the store while counting and hashing them: nothing is held whole in
 * memory or on disk (at most QUEUE_SIZE + 1 part buffers). Used by file uploads and link
 * snapshots alike.
 */
import { createHash } from 'node:crypto'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import type { Storage } from '#evidence/storage/storage.server'
import { AppError, bi } from '#models/errors'

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
    bi(
      `"${fileName}": ที่เก็บไฟล์ขัดข้องระหว่างอัปโหลด ไม่มีการบันทึกไฟล์นี้ กรุณาลองใหม่ภายหลัง`,
      `"${fileName}": the file store failed during the upload; nothing was saved, please try again later`,
    ),
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
 *
 * Parts are filled into at most QUEUE_SIZE + 1 buffers that are reused for the whole upload.
 * lib-storage's Upload concatenates every part into a fresh buffer instead: for a 1 GiB file
 * that is 128 × 8 MiB of garbage, which the collector let grow the process by ~100 MiB
 * (test/bench/upload.ts); reused buffers keep it near the buffers' own 40 MiB.
 */
export async function putHashedStream(
  storage: Storage,
  key: string,
  source: AsyncIterable<Uint8Array>,
  options: { contentType: string; maxBytes: number; fileName: string; metadata?: Record<string, string> },
): Promise<PutResult> {
  const { client, bucket } = storage
  const hash = createHash('sha256')
  const iterator = source[Symbol.asyncIterator]()
  let size = 0
  let pending: Uint8Array | null = null
  let ended = false

  /** Fills `buffer` from the source; returns how many bytes it holds (less than full only at the end). */
  async function fill(buffer: Buffer): Promise<number> {
    let filled = 0
    while (filled < buffer.length) {
      if (!pending) {
        const next = await iterator.next()
        if (next.done) {
          ended = true
          break
        }
        size += next.value.byteLength
        if (size > options.maxBytes) throw new TooLargeError(options.fileName, options.maxBytes)
        hash.update(next.value)
        pending = next.value
      }
      const take = Math.min(pending.byteLength, buffer.length - filled)
      buffer.set(take === pending.byteLength ? pending : pending.subarray(0, take), filled)
      filled += take
      pending = take === pending.byteLength ? null : pending.subarray(take)
    }
    return filled
  }

  const free: Buffer[] = []
  const takeBuffer = () => free.pop() ?? Buffer.allocUnsafe(PART_SIZE)
  const common = { Bucket: bucket, Key: key }
  const first = takeBuffer()
  let length = await fill(first)
  if (ended) {
    // small file: one request
    await client.send(
      new PutObjectCommand({
        ...common,
        Body: first.subarray(0, length),
        ContentLength: length,
        ContentType: options.contentType,
        Metadata: options.metadata,
      }),
    )
    return { key, size, sha256: hash.digest('hex') }
  }

  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ ...common, ContentType: options.contentType, Metadata: options.metadata }),
  )
  const parts: { PartNumber: number; ETag?: string }[] = []
  const inFlight = new Set<Promise<void>>()
  let failure: unknown = null
  try {
    let buffer: Buffer | null = first
    for (let partNumber = 1; buffer; partNumber++) {
      const body = buffer
      const sent = client
        .send(
          new UploadPartCommand({
            ...common,
            UploadId,
            PartNumber: partNumber,
            Body: body.subarray(0, length),
            ContentLength: length,
          }),
        )
        .then((r) => {
          parts.push({ PartNumber: partNumber, ETag: r.ETag })
          free.push(body)
        })
        .catch((error: unknown) => {
          failure ??= error
        })
        .finally(() => inFlight.delete(sent))
      inFlight.add(sent)
      if (ended) break
      while (inFlight.size >= QUEUE_SIZE) await Promise.race(inFlight)
      if (failure) throw failure
      buffer = takeBuffer()
      length = await fill(buffer)
      if (length === 0) buffer = null
    }
    await Promise.all(inFlight)
    if (failure) throw failure
    parts.sort((a, b) => a.PartNumber - b.PartNumber)
    await client.send(new CompleteMultipartUploadCommand({ ...common, UploadId, MultipartUpload: { Parts: parts } }))
  } catch (error) {
    await Promise.allSettled(inFlight)
    await client.send(new AbortMultipartUploadCommand({ ...common, UploadId })).catch(() => undefined)
    throw error
  }
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
