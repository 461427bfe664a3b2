/**
 * The S3 client. Any S3-compatible store works (AWS, MinIO, Ceph, Versity gateway); nothing
 * here knows which one runs. All bytes of the application go through evidence/.
 */
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3'

export interface StorageConfig {
  endpoint?: string
  region: string
  bucket: string
  accessKeyId?: string
  secretAccessKey?: string
  forcePathStyle: boolean
}

export interface Storage {
  client: S3Client
  bucket: string
}

/** Builds a client that fits non-AWS stores as well as AWS itself. */
export function createStorage(config: StorageConfig): Storage {
  // The product runs on Node 20 by decision; package-lock.json pins an SDK that supports it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // Since SDK 3.729 the default CRC32 checksums are refused by many S3-compatible servers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return { client, bucket: config.bucket }
}

/** Creates the bucket unless it exists already. */
export async function ensureBucket(storage: Storage): Promise<void> {
  try {
    await storage.client.send(new HeadBucketCommand({ Bucket: storage.bucket }))
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    if (status !== 404) throw error
    await storage.client.send(new CreateBucketCommand({ Bucket: storage.bucket }))
  }
}

/** Asks the store for the bucket; resolves with the latency or rejects within timeoutMs. */
export async function pingStorage(storage: Storage, timeoutMs = 2000): Promise<number> {
  const started = performance.now()
  await storage.client.send(new HeadBucketCommand({ Bucket: storage.bucket }), {
    abortSignal: AbortSignal.timeout(timeoutMs),
  })
  return performance.now() - started
}

/** One S3 call as the client's timing middleware saw it (bytes and key: what a write sent). */
export interface StorageCall {
  command: string
  ms: number
  failed: boolean
  status?: number
  bytes?: number
  key?: string
}

/** The size of a body the SDK sends, when known up front (buffers and strings; streams are not counted). */
function bodyBytes(body: unknown): number | undefined {
  if (typeof body === 'string') return Buffer.byteLength(body)
  if (body instanceof Uint8Array) return body.byteLength
  return undefined
}

/**
 * Adds a middleware that times every call of the storage's client (until the answer starts, retries included) and
 * reports it to `observe` (the app's metrics): what it cost, whether it failed, and the bytes a write sent.
 */
export function observeStorage(storage: Storage, observe: (call: StorageCall) => void): void {
  storage.client.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now()
      const input = args.input as { Key?: string; Body?: unknown }
      const command = context.commandName ?? 'unknown'
      try {
        const result = await next(args)
        observe({
          command,
          ms: performance.now() - started,
          failed: false,
          bytes: bodyBytes(input.Body),
          key: input.Key,
        })
        return result
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
        observe({ command, ms: performance.now() - started, failed: true, status })
        throw error
      }
    },
    { step: 'initialize', name: 'saisaatTiming', override: true },
  )
}
