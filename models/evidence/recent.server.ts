/**
 * The organization's most recently written live evidence, newest first, in one document per organization (`_id`
 * "org:recent"): the lists that offer "the library" without a search (an item's contribution form, progress and KPI
 * reports) read it by key instead of sorting the evidence collection, which FerretDB 1.24 does by reading all of it.
 * Every write of an evidence record puts it first (or takes it out once binned or purged). A missing document is built
 * once from the evidence. Two writes at once may each miss the other's entry: it comes back with that record's next
 * write, and the list is an offer, not a count.
 */
import mongoose, { Schema } from 'mongoose'
import { defineModel, keyedBatches } from '#models/db.server'

/** Entries kept: the longest list offered. */
export const RECENT_EVIDENCE = 500

/** One evidence as the lists offer it. */
export interface RecentEvidence {
  id: string
  title: string
  fiscalYear: number | null
  /** When it was last written (ISO), which orders the list. */
  at: string
}

const RecentModel = defineModel('EvidenceRecent', () =>
  mongoose.model(
    'EvidenceRecent',
    new Schema(
      {
        _id: String,
        organizationId: { type: Schema.Types.ObjectId, required: true },
        // the entries as JSON text: one string is read and written far faster than 500 small documents (FerretDB
        // parses each field of each; this list was a fifth of what it read under the load bench)
        data: { type: String },
        // the list as it was kept before: read until the next write replaces it with `data`
        entries: { type: [Schema.Types.Mixed], default: undefined },
      },
      { versionKey: false },
    ),
    'evidence_recent',
  ),
)

interface RecentDoc {
  data?: string
  entries?: RecentEvidence[]
}
const entriesOf = (doc: RecentDoc): RecentEvidence[] =>
  doc.data !== undefined ? (JSON.parse(doc.data) as RecentEvidence[]) : (doc.entries ?? [])

const keyOf = (organizationId: string) => `${organizationId}:recent`

type Note = RecentEvidence & { live: boolean }

/**
 * This process's writes of one organization's list go one batch at a time: each batch reads and rewrites it once,
 * with every note that arrived meanwhile (every upload and edit of the organization writes this one document).
 */
const inBatches = keyedBatches<Note | { build: RecentEvidence[] }, void>(async (_id, notes) => {
  const built = notes.find((n): n is { build: RecentEvidence[] } => 'build' in n)
  if (built) {
    await RecentModel.updateOne(
      { _id },
      {
        $setOnInsert: {
          organizationId: new mongoose.Types.ObjectId(_id.split(':')[0]),
          data: JSON.stringify(built.build),
        },
      },
      { upsert: true },
    ).catch((error: { code?: number }) => {
      // built by another instance at the same time
      if (error.code !== 11000) throw error
    })
  }
  const written = notes.filter((n): n is Note => !('build' in n))
  if (written.length) {
    const doc = await RecentModel.findById(_id).lean<RecentDoc>()
    // not built yet: the first read builds it from the evidence, these writes included
    if (doc) {
      let entries = entriesOf(doc)
      for (const { live, ...entry } of written) {
        const others = entries.filter((e) => e.id !== entry.id)
        entries = live ? [entry, ...others] : others
      }
      await RecentModel.updateOne(
        { _id },
        { $set: { data: JSON.stringify(entries.sort(newestFirst).slice(0, RECENT_EVIDENCE)) }, $unset: { entries: 1 } },
      )
    }
  }
  return notes.map(() => ({ status: 'fulfilled', value: undefined }))
})

const newestFirst = (a: RecentEvidence, b: RecentEvidence) => b.at.localeCompare(a.at)

/** After an evidence record is written: it goes first when live, and leaves the list when not. */
export async function noteRecentEvidence(
  organizationId: string,
  written: RecentEvidence & { live: boolean },
): Promise<void> {
  await inBatches(keyOf(organizationId), written)
}

/** The newest `limit` entries, the list built from `scan` (the evidence, newest first) when it is missing. */
export async function readRecentEvidence(
  organizationId: string,
  limit: number,
  scan: (limit: number) => Promise<RecentEvidence[]>,
): Promise<RecentEvidence[]> {
  const _id = keyOf(organizationId)
  const doc = await RecentModel.findById(_id).lean<RecentDoc>()
  if (doc) return entriesOf(doc).slice(0, limit)
  const entries = await scan(RECENT_EVIDENCE)
  await inBatches(_id, { build: entries })
  return entries.slice(0, limit)
}
