/**
 * The process's connections, made once from the validated configuration. Routes reach the
 * database and the store only through models/ and evidence/, which take these as arguments.
 */
import { getConfig } from '#app/config.server'
import { observeMongoCommand, observeS3Call } from '#app/utils/metrics.server'
import { requestContexts, type RequestContext } from '#app/utils/logger.server'
import { createStorage, observeStorage, type Storage } from '#evidence/storage/storage.server'
import { connectDatabase } from '#models/db.server'

const state = globalThis as typeof globalThis & { __saisaatStorage?: Storage }

/** Resolves once mongoose is connected (later calls reuse the connection). */
export async function ensureDatabase() {
  const mongoose = await connectDatabase(getConfig().mongodbUri)
  observeDatabase(mongoose.connection.getClient())
  return mongoose
}

export function getStorage(): Storage {
  if (!state.__saisaatStorage) {
    state.__saisaatStorage = createStorage(getConfig().s3)
    observeStorage(state.__saisaatStorage, observeS3Call)
  }
  return state.__saisaatStorage
}

const OBSERVED = Symbol.for('saisaat.observed')
type Client = ReturnType<Awaited<ReturnType<typeof connectDatabase>>['connection']['getClient']>

/**
 * Feeds the driver's command monitoring into the metrics and into the request that issued each command: a
 * command starts in its caller's async context, and its end (on the socket's) is matched by the driver's request id.
 */
function observeDatabase(client: Client) {
  const marked = client as Client & { [OBSERVED]?: boolean }
  if (marked[OBSERVED]) return
  marked[OBSERVED] = true
  const issuers = new Map<number, RequestContext>()
  client.on('commandStarted', (e) => {
    const request = requestContexts().getStore()
    if (request && issuers.size < 10_000) issuers.set(e.requestId, request)
  })
  const end = (e: { requestId: number; commandName: string; duration: number }, failed: boolean) => {
    const request = issuers.get(e.requestId)
    issuers.delete(e.requestId)
    observeMongoCommand(e.commandName, e.duration, failed, request)
  }
  client.on('commandSucceeded', (e) => end(e, false))
  client.on('commandFailed', (e) => end(e, true))
}
