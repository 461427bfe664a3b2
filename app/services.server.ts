/**
 * The process's connections, made once from the validated configuration. Routes reach the
 * database and the store only through models/ and evidence/, which take these as arguments.
 */
import { getConfig } from '#app/config.server'
import { createStorage, type Storage } from '#evidence/storage/storage.server'
import { connectDatabase } from '#models/db.server'

const state = globalThis as typeof globalThis & { __saisaatStorage?: Storage }

/** Resolves once mongoose is connected (later calls reuse the connection). */
export function ensureDatabase() {
  return connectDatabase(getConfig().mongodbUri)
}

export function getStorage(): Storage {
  state.__saisaatStorage ??= createStorage(getConfig().s3)
  return state.__saisaatStorage
}
