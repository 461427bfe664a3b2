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
