/**
 * How much background work waits, across every organization, for the metrics (/metrics): queued submission
 * packages, links due for their daily re-check, and binned evidence whose retention has ended. Read-only; the jobs
 * themselves live in evidence/ (the package runner and the evidence jobs).
 */
import mongoose from 'mongoose'

export interface QueueState {
  queue: 'package' | 'link_check' | 'bin_purge'
  depth: number
  /** Since when the oldest waiting piece of work has waited (null when nothing waits). */
  oldestSince: Date | null
}

/** The evidence jobs re-check a link once it is this old (checkDueLinks in evidence/storage/jobs.server.ts). */
const LINK_CHECK_AGE_MS = 24 * 3600_000

const collection = (name: string) =>
  mongoose.connection.readyState === 1 ? mongoose.connection.collection(name) : null

/** Queued submission packages: a few documents, read at each scrape. */
export async function packageQueueStates(): Promise<QueueState[]> {
  const jobs = collection('package_jobs')
  if (!jobs) return []
  const queued = { status: 'queued' }
  const [depth, oldest] = await Promise.all([
    jobs.countDocuments(queued),
    jobs.findOne(queued, { sort: { requestedAt: 1 }, projection: { requestedAt: 1 } }),
  ])
  return [{ queue: 'package', depth, oldestSince: (oldest?.requestedAt as Date | undefined) ?? null }]
}

/**
 * Links due for their re-check and binned evidence past retention, as `now` finds them. These filters match no key
 * (FerretDB reads every evidence document for them), so they are read after each run of the evidence jobs, which
 * read as much, never at a scrape.
 */
export async function evidenceQueueStates(now: Date): Promise<QueueState[]> {
  const evidence = collection('evidence')
  if (!evidence) return []
  const linkDue = {
    type: 'link',
    deletedAt: null,
    purgedAt: null,
    $or: [{ lastCheck: null }, { 'lastCheck.checkedAt': { $lt: new Date(now.getTime() - LINK_CHECK_AGE_MS) } }],
  }
  const purgeDue = { purgedAt: null, purgeAfter: { $ne: null, $lte: now } }
  const [dueLinks, purges] = await Promise.all([
    // never-checked links wait since their creation, the others since their check fell due
    evidence.find(linkDue, { projection: { createdAt: 1, 'lastCheck.checkedAt': 1 } }).toArray(),
    evidence.find(purgeDue, { projection: { purgeAfter: 1 } }).toArray(),
  ])
  const earliest = (dates: Date[]) => dates.reduce<Date | null>((a, b) => (!a || b < a ? b : a), null)
  const linkSince = dueLinks.map((d) => {
    const checked = (d.lastCheck as { checkedAt?: Date } | null)?.checkedAt
    return checked ? new Date(checked.getTime() + LINK_CHECK_AGE_MS) : (d.createdAt as Date)
  })
  return [
    { queue: 'link_check', depth: dueLinks.length, oldestSince: earliest(linkSince) },
    { queue: 'bin_purge', depth: purges.length, oldestSince: earliest(purges.map((d) => d.purgeAfter as Date)) },
  ]
}
