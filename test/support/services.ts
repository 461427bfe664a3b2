/**
 * Per-file isolation on the shared test services: a database and a bucket of its own for each
 * test file, so files can run in parallel and leave nothing behind for one another.
 */
import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { createStorage, ensureBucket, type Storage } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'

function uniqueName(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
}

/** Connects mongoose to a fresh database; call the returned function in afterAll. */
export async function useTestDatabase(): Promise<{ dbName: string; uri: string; cleanup: () => Promise<void> }> {
  const { mongoUri } = inject('services')
  const dbName = uniqueName('t').replace(/-/g, '_')
  const connection = await connectDatabase(mongoUri, { dbName })
  return {
    dbName,
    uri: `${mongoUri}${dbName}`,
    async cleanup() {
      await connection.connection.db?.dropDatabase().catch(() => {})
      await disconnectDatabase()
    },
  }
}

/** A client on a fresh bucket of the shared S3 server. */
export async function useTestBucket(): Promise<Storage> {
  const { s3 } = inject('services')
  const storage = createStorage({ ...s3, bucket: uniqueName('t'), forcePathStyle: true })
  await ensureBucket(storage)
  return storage
}

/** The environment variables an app process would get for the shared test services. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const { mongoUri, s3 } = inject('services')
  return {
    MONGODB_URI: `${mongoUri}${uniqueName('env').replace(/-/g, '_')}`,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: 'env-bucket',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    ...overrides,
  }
}
