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
  // derived from the evidence (which is compared) by background work that runs on its own clock: a job reads the
  // text of files uploaded by an earlier case, and indexes their words, while a later case is being checked
  evidence_search: 'the search index of the evidence, written by the text-reading job',
  evidence_terms: 'the search index of the evidence, written by the text-reading job',
  evidence_text_jobs: 'the queue of the text-reading job',
  evidence_search_state: 'when the search index of each organization was built, at start-up or first use',
  // counts derived from assignments and reviews (both compared), rebuilt on the first read after a change, which
  // may be the page of a refused request
  work_summaries: "the inbox counts' cache, rebuilt on read",
}

/** Claims of background work on its own clock (see above), left out of write_claims' comparison. */
const BACKGROUND_CLAIM = /^evidence-text:/

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
      const all = await db.collection(name).find({}).sort({ _id: 1 }).toArray()
      const docs = name === 'write_claims' ? all.filter((d) => !BACKGROUND_CLAIM.test(String(d.key))) : all
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
