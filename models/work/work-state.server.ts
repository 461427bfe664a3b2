/**
 * A summary of an organization's open work (what the inbox badge on every page counts), kept in one document
 * read by _id, and the token that says whether it is still current. Every write to the collections the summary
 * is made of (catalogs, assignments, reviews, the round calendar) bumps the organization's token after the write,
 * through the schema hooks of `trackWorkState`; a reader reads the token first, then the summary, and rebuilds
 * the summary from the collections when the tokens differ. A write during a rebuild therefore leaves the summary
 * stale (rebuilt on the next read), never wrong. This replaces several filters over whole collections per page
 * (each a collection scan on FerretDB) with two reads by key on any MongoDB.
 */
import { randomUUID } from 'node:crypto'
import mongoose, { type Schema } from 'mongoose'

interface TokenDoc {
  _id: string
  token: string
  organizationId?: mongoose.Types.ObjectId
}
interface SummaryDoc {
  _id: string
  token: string
  organizationId?: mongoose.Types.ObjectId
  /** JSON text: FerretDB v1 refuses arrays of arrays. */
  data: string
}

const tokens = () => mongoose.connection.collection<TokenDoc>('work_state')
const summaries = () => mongoose.connection.collection<SummaryDoc>('work_summaries')
/** Bumped by a write whose organization the hook cannot tell: every organization's summary is then stale. */
const EVERYONE = '*'

/** organizationId too, so that whatever removes an organization's documents by that field removes these. */
const orgField = (organizationId: string | null) =>
  organizationId ? { organizationId: new mongoose.Types.ObjectId(organizationId) } : {}

/**
 * Marks the organization's work summary stale (every organization's, given null), in this process's database or in
 * the `db` given (an import's).
 */
export async function touchWorkState(organizationId: string | null, db?: mongoose.mongo.Db): Promise<void> {
  const _id = organizationId ?? EVERYONE
  const collection: mongoose.mongo.Collection<TokenDoc> = db ? db.collection<TokenDoc>('work_state') : tokens()
  try {
    await collection.updateOne(
      { _id },
      { $set: { token: randomUUID(), ...orgField(organizationId) } },
      { upsert: true },
    )
  } catch (error) {
    // two first writes at once: one inserted, the other updates
    if ((error as { code?: number }).code !== 11000) throw error
    await collection.updateOne({ _id }, { $set: { token: randomUUID() } })
  }
}

/** The organization of a query filter or document: a single id, or null when it names none or several. */
function organizationOf(value: unknown): string | null {
  if (value instanceof mongoose.Types.ObjectId) return value.toString()
  if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value)) return value
  return null
}

const QUERY_WRITES = [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
] as const

/**
 * Hooks a schema whose documents the work summary is made of: after each write through its model, the
 * organization's token (or everyone's, when the write names no single organization) is bumped. Writes must go
 * through the model (not `Model.collection`) for this to see them.
 */
export function trackWorkState(schema: Schema): void {
  schema.post(
    [...QUERY_WRITES] as mongoose.MongooseQueryMiddleware[],
    { document: false, query: true },
    async function (this: mongoose.Query<unknown, unknown>) {
      await touchWorkState(organizationOf(this.getFilter().organizationId))
    },
  )
  schema.post('save', async function (doc: { organizationId?: unknown }) {
    await touchWorkState(organizationOf(doc.organizationId))
  })
  schema.post('insertMany', async function (_result: unknown, docs: { organizationId?: unknown }[]) {
    const orgs = new Set((Array.isArray(docs) ? docs : [docs]).map((d) => organizationOf(d?.organizationId)))
    for (const org of orgs) await touchWorkState(org)
  })
  schema.post('bulkWrite', async function () {
    await touchWorkState(null)
  })
}

/**
 * The organization's summary: the stored one while its tokens are unchanged, else `build()`'s, stored for the
 * next reader. `build` must read only data whose writes bump the tokens (see trackWorkState).
 */
export async function workSummary<T>(organizationId: string, build: () => Promise<T>): Promise<T> {
  const [mine, everyone, stored] = await Promise.all([
    tokens().findOne({ _id: organizationId }),
    tokens().findOne({ _id: EVERYONE }),
    summaries().findOne({ _id: organizationId }),
  ])
  const token = `${mine?.token ?? ''}|${everyone?.token ?? ''}`
  if (stored && stored.token === token) return JSON.parse(stored.data) as T
  const value = await build()
  await summaries()
    .updateOne(
      { _id: organizationId },
      { $set: { token, data: JSON.stringify(value), ...orgField(organizationId) } },
      { upsert: true },
    )
    .catch(() => undefined)
  return value
}
