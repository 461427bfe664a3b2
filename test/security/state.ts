/**
 * The whole state a refused request must leave alone: every collection of the e2e database
 * (all organizations, not only the test's) and every object of the bucket. Each collection is
 * read with the driver, sorted by _id, JSON-stringified and hashed; the bucket is its listing
 * (key, ETag, size).
 */
import { createHash } from 'node:crypto'
import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3'
import mongoose from 'mongoose'
import type { Storage } from '#evidence/storage/storage.server'

/**
 * Collections left out of every comparison, each with the reason it changes on a refused request.
 * Nothing else is excluded: audit entries of refusals, sessions and the rest are compared, and a
 * case that may change one of them says so (HostileCase.changes).
 */
export const EXCLUDED_COLLECTIONS: Record<string, string> = {
  // the sign-in throttle writes every attempt down before the password is checked (refused ones
  // included, then removed or kept as the failure they are): that is how it counts
  login_failures: 'the sign-in throttle counts each attempt, refused ones included',
}

export interface State {
  collections: Map<string, string>
  bucket: string
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export async function readState(storage: Storage): Promise<State> {
  const db = mongoose.connection.db!
  const names = (await db.listCollections().toArray())
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.') && !(n in EXCLUDED_COLLECTIONS))
  const collections = new Map<string, string>()
  await Promise.all(
    names.map(async (name) => {
      const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray()
      collections.set(name, sha256(JSON.stringify(docs)))
    }),
  )
  const objects: string[] = []
  let token: string | undefined
  do {
    const page: ListObjectsV2CommandOutput = await storage.client.send(
      new ListObjectsV2Command({ Bucket: storage.bucket, ContinuationToken: token }),
    )
    for (const o of page.Contents ?? []) objects.push(`${o.Key} ${o.ETag} ${o.Size}`)
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return { collections, bucket: sha256(objects.sort().join('\n')) }
}

/** Names of what differs between two states ("bucket" for the store), new and dropped collections included. */
export function changedParts(before: State, after: State): string[] {
  const names = new Set([...before.collections.keys(), ...after.collections.keys()])
  const changed = [...names].filter((n) => before.collections.get(n) !== after.collections.get(n))
  if (before.bucket !== after.bucket) changed.push('bucket')
  return changed.sort()
}
