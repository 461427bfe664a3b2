/** Connects this test file to the database the e2e app server uses, to create its own data. */
import { inject } from 'vitest'
import { connectDatabase, disconnectDatabase } from '#models/db.server'

export async function useE2eDatabase(): Promise<() => Promise<void>> {
  await connectDatabase(inject('services').mongoUri, { dbName: 'e2e' })
  return () => disconnectDatabase()
}
