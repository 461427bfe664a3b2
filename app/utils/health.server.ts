import { ensureDatabase, getStorage } from '#app/services.server'
import { pingStorage } from '#evidence/storage/storage.server'
import { pingDatabase } from '#models/db.server'
import { APP_VERSION } from '#app/version.server'

interface Check {
  ok: boolean
  latencyMs: number | null
  error?: string
}

async function timed(run: () => Promise<number>): Promise<Check> {
  try {
    return { ok: true, latencyMs: Math.round((await run()) * 10) / 10 }
  } catch (error) {
    return { ok: false, latencyMs: null, error: (error as Error).message || String(error) }
  }
}

/** Pings the database and the store in parallel; each check gives up after 2 seconds. */
export async function checkHealth() {
  const [mongo, s3] = await Promise.all([
    timed(async () => {
      await ensureDatabase()
      return pingDatabase(2000)
    }),
    timed(() => pingStorage(getStorage(), 2000)),
  ])
  const failed = [mongo.ok ? null : 'mongo', s3.ok ? null : 's3'].filter((x): x is string => x !== null)
  return {
    status: failed.length === 0 ? ('ok' as const) : ('unavailable' as const),
    ...(failed.length > 0 ? { failed } : {}),
    mongo,
    s3,
    version: APP_VERSION,
  }
}
