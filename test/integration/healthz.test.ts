/**
 * /healthz against services this file starts for itself, so that stopping them does not
 * disturb other files: the route must name the failed dependency and recover on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServices } from '#test/setup/services.global'

type Run = Awaited<ReturnType<typeof startTestServices>>
let run: Run
let loader: () => Promise<Response>

async function health() {
  const started = Date.now()
  const response = await loader()
  return { status: response.status, body: (await response.json()) as Record<string, any>, ms: Date.now() - started }
}

async function eventually(predicate: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await predicate()) return true
    await new Promise((r) => setTimeout(r, 250))
  }
  return false
}

beforeAll(async () => {
  run = await startTestServices()
  Object.assign(process.env, {
    MONGODB_URI: `${run.provided.mongoUri}health`,
    S3_ENDPOINT: run.provided.s3.endpoint,
    S3_BUCKET: 'health-bucket',
    S3_ACCESS_KEY_ID: run.provided.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: run.provided.s3.secretAccessKey,
  })
  const { ensureBucket, createStorage } = await import('#evidence/storage/storage.server')
  await ensureBucket(createStorage({ ...run.provided.s3, bucket: 'health-bucket', forcePathStyle: true }))
  loader = (await import('#app/routes/healthz')).loader
})

afterAll(async () => {
  const { disconnectDatabase } = await import('#models/db.server')
  await disconnectDatabase()
  await run.stop()
})

describe('/healthz', () => {
  it('answers 200 with both dependencies and the version', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', mongo: { ok: true }, s3: { ok: true }, version: '0.1.0' })
    expect(body.mongo.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('names s3 with a 503 when the store stops, and recovers when it returns', async () => {
    await run.services.s3Server.stop()
    const down = await health()
    expect(down.status).toBe(503)
    expect(down.body.failed).toEqual(['s3'])
    expect(down.body.mongo.ok).toBe(true)
    expect(down.ms).toBeLessThan(5000)
    // the reason names the store's host and port: it stays in the server log
    expect(down.body.s3).toEqual({ ok: false, latencyMs: null, error: 'unreachable' })
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|\b\d{1,3}(\.\d{1,3}){3}:\d+/)

    await run.services.s3Server.start()
    expect(await eventually(async () => (await health()).status === 200, 15_000)).toBe(true)
  })

  it('names mongo with a 503 when the database stops, and recovers when it returns', async () => {
    await run.services.mongo.stop()
    const down = await health()
    expect(down.status).toBe(503)
    expect(down.body.failed).toEqual(['mongo'])
    expect(down.ms).toBeLessThan(5000)
    expect(down.body.mongo).toEqual({ ok: false, latencyMs: null, error: 'unreachable' })
    expect(JSON.stringify(down.body)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|\b\d{1,3}(\.\d{1,3}){3}:\d+/)

    await run.services.mongo.start()
    expect(await eventually(async () => (await health()).status === 200, 20_000)).toBe(true)
  })
})
