/**
 * A summary of an organization's planned work (what the inbox badge on every page counts from: current catalogs,
 * their assignments, the units' deadlines), kept in one document read by _id under the organization's plan stamp.
 * Every write to the collections the summary is made of changes the stamp after the write, through the schema hooks
 * of `trackWorkState`; a reader reads the stamp first, then the summary, and rebuilds the summary from the
 * collections when the stamp differs. A write during a rebuild therefore leaves the summary stale (rebuilt on the
 * next read), never wrong. Each instance also keeps the summary under the stamp, so a page whose request has read
 * its stamps (see readStamps) reads nothing more for it. This replaces several filters over whole collections per
 * page (each a collection scan on FerretDB) with reads by key on any MongoDB.
 * Reviews change the work stamp only: each submit or return used to rebuild and rewrite the whole summary (every
 * assignment of three years, 175 KB in the load bench), where the reviews alone are read again now.
 */
import mongoose, { type Schema } from 'mongoose'
import { changeStamps, keptReads, organizationStamps, readStamps, stampWritesByOrganization } from '#models/db.server'

interface SummaryDoc {
  _id: string
  token: string
  organizationId?: mongoose.Types.ObjectId
  /** JSON text: FerretDB v1 refuses arrays of arrays. */
  data: string
}

const summaries = () => mongoose.connection.collection<SummaryDoc>('work_summaries')
const WORK_STAMP = 'work'
const PLAN_STAMP = 'work-plan'

/** The stamps every write of reviews, assignments, catalogs and calendars of the organization changes. */
export const workStamps = (organizationId: string) => organizationStamps(WORK_STAMP, organizationId)

/** Marks the organization's work summary and reviews stale (every organization's, given null). */
export async function touchWorkState(organizationId: string | null): Promise<void> {
  await changeStamps(
    [WORK_STAMP, PLAN_STAMP].map((name) => (organizationId ? organizationStamps(name, organizationId)[1] : name)),
  )
}

/**
 * Hooks a schema whose documents the work summary is made of: after each write through its model, the
 * organization's stamp (or everyone's, when the write names no single organization) changes. Writes must go
 * through the model (not `Model.collection`) for this to see them.
 */
export function trackWorkState(schema: Schema, part: 'plan' | 'reviews' = 'plan'): void {
  stampWritesByOrganization(schema, WORK_STAMP)
  if (part === 'plan') stampWritesByOrganization(schema, PLAN_STAMP)
}

const keptSummaries = keptReads(1000)

/**
 * The organization's summary: the one kept or stored while its stamps are unchanged, else `build()`'s, stored for
 * the next reader. `build` must read only data whose writes change the plan stamps (trackWorkState with 'plan').
 */
export async function workSummary<T>(organizationId: string, build: () => Promise<T>): Promise<T> {
  const stamps = organizationStamps(PLAN_STAMP, organizationId)
  return keptSummaries(stamps, organizationId, async () => {
    const [token, stored] = await Promise.all([
      readStamps(stamps).then((values) => values.join('|')),
      summaries().findOne({ _id: organizationId }),
    ])
    if (stored && stored.token === token) return JSON.parse(stored.data) as T
    const value = await build()
    await summaries()
      .updateOne(
        { _id: organizationId },
        {
          $set: {
            token,
            data: JSON.stringify(value),
            organizationId: new mongoose.Types.ObjectId(organizationId),
          },
        },
        { upsert: true },
      )
      .catch(() => undefined)
    return value
  })
}
