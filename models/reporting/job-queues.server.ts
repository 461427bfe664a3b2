/**
 * How much background work waits, across every organization, for the metrics (/metrics): queued submission
 * packages, links due for their daily re-check, and binned evidence whose retention has ended. Read-only counts;
 * the jobs themselves live in evidence/ (the package runner and the evidence jobs).
 */
import mongoose from 'mongoose'

export interface QueueState {
  queue: 'package' | 'link_check' | 'bin_purge'
  depth: number
  /** How long the oldest waiting piece of work has waited, in seconds (0 when nothing waits). */
  oldestAgeSeconds: number
}

/** The evidence jobs re-check a link once it is this old (checkDueLinks in evidence/storage/jobs.server.ts). */
const LINK_CHECK_AGE_MS = 24 * 3600_000

const ageSeconds = (now: Date, since: Date | null | undefined) =>
  since ? Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) : 0

export async function jobQueueStates(now: Date): Promise<QueueState[]> {
  const db = mongoose.connection
  if (db.readyState !== 1) return []
  const jobs = db.collection('package_jobs')
  const evidence = db.collection('evidence')
  const queued = { status: 'queued' }
  const linkDue = {
    type: 'link',
    deletedAt: null,
    purgedAt: null,
    $or: [{ lastCheck: null }, { 'lastCheck.checkedAt': { $lt: new Date(now.getTime() - LINK_CHECK_AGE_MS) } }],
  }
  const purgeDue = { purgedAt: null, purgeAfter: { $ne: null, $lte: now } }
  const [packages, oldestPackage, dueLinks, purges, oldestPurge] = await Promise.all([
    jobs.countDocuments(queued),
    jobs.findOne(queued, { sort: { requestedAt: 1 }, projection: { requestedAt: 1 } }),
    // never-checked links wait since their creation, the others since their check fell due
    evidence.find(linkDue, { projection: { createdAt: 1, 'lastCheck.checkedAt': 1 } }).toArray(),
    evidence.countDocuments(purgeDue),
    evidence.findOne(purgeDue, { sort: { purgeAfter: 1 }, projection: { purgeAfter: 1 } }),
  ])
  const linkSince = dueLinks
    .map((d) => {
      const checked = (d.lastCheck as { checkedAt?: Date } | null)?.checkedAt
      return checked ? new Date(checked.getTime() + LINK_CHECK_AGE_MS) : (d.createdAt as Date)
    })
    .reduce<Date | null>((a, b) => (!a || b < a ? b : a), null)
  return [
    { queue: 'package', depth: packages, oldestAgeSeconds: ageSeconds(now, oldestPackage?.requestedAt as Date) },
    { queue: 'link_check', depth: dueLinks.length, oldestAgeSeconds: ageSeconds(now, linkSince) },
    { queue: 'bin_purge', depth: purges, oldestAgeSeconds: ageSeconds(now, oldestPurge?.purgeAfter as Date) },
  ]
}
