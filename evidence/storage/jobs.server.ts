/**
 * The evidence jobs: purge the bin when retention ends, reconcile the store with the
 * database (objects nothing refers to, abandoned multipart uploads), and re-check links.
 * Each logs what it did and is safe to run again or on several instances at once: each piece of work (a purge, an
 * orphan's removal, a link's check) is first claimed (models/claims.server.ts), so that of several instances running
 * the jobs at the same moment exactly one does it, also on FerretDB, whose conditional updates are not atomic.
 */
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3'
import { checkLinkEvidence, type LinkCheckOptions } from '#evidence/links/check.server'
import { every } from '#evidence/storage/every'
import { EVIDENCE_PREFIX, organizationOfEvidenceKey } from '#evidence/storage/keys'
import type { Storage } from '#evidence/storage/storage.server'
import { extractPendingTexts, indexExistingEvidence } from '#evidence/text/jobs.server'
import { claim, forgetClaims, release } from '#models/claims.server'
import { recordAudit } from '#models/tenancy/audit.server'
import {
  listLinksDueForCheck,
  listPurgeableEvidence,
  markEvidencePurged,
  organizationsWithEvidence,
  referencedKeys,
  systemActor,
} from '#models/evidence/records.server'
import { toObjectId } from '#models/ids'

export type JobLog = (line: string) => void
const defaultLog: JobLog = (line) => process.stdout.write(`[evidence-jobs] ${line}\n`)

/** Does `work` only if this process claims `key` first; a failed work gives the claim back for the next run. */
async function once<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
  if (!(await claim(key))) return undefined
  try {
    return await work()
  } catch (error) {
    await release(key)
    throw error
  }
}

/** Removes the bytes of evidence whose time in the bin has ended; the record stays as a tombstone. */
export async function purgeExpiredEvidence(
  storage: Storage,
  options: { now?: Date; log?: JobLog } = {},
): Promise<{ evidenceId: string; keys: string[] }[]> {
  const log = options.log ?? defaultLog
  const purged: { evidenceId: string; keys: string[] }[] = []
  for (const organizationId of await organizationsWithEvidence()) {
    for (const e of await listPurgeableEvidence(organizationId, options.now ?? new Date())) {
      const keys = [...e.versions.map((v) => v.key), ...e.snapshots.map((s) => s.key)]
      const done = await once(`evidence-purge:${e.id}`, async () => {
        for (const key of keys) await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
        await markEvidencePurged(systemActor(organizationId), e.id, keys)
        return true
      })
      if (!done) continue
      log(
        `purged evidence ${e.id} "${e.title}" of organization ` +
          `${organizationId}: removed ${keys.join(', ') || 'no objects'}`,
      )
      purged.push({ evidenceId: e.id, keys })
    }
  }
  return purged
}

/**
 * Removes objects under evidence/ that no evidence refers to and that are older than graceMs
 * (younger ones may belong to an upload whose record is being written), and aborts multipart
 * uploads abandoned for as long. Such objects are left by a database failure after the bytes
 * were stored, or a crash between the two.
 */
export async function reconcileEvidenceObjects(
  storage: Storage,
  options: { graceMs?: number; now?: Date; log?: JobLog } = {},
): Promise<{ removed: string[]; aborted: string[] }> {
  const log = options.log ?? defaultLog
  const cutoff = (options.now ?? new Date()).getTime() - (options.graceMs ?? 3600_000)
  const removed: string[] = []
  const aborted: string[] = []
  const evidenceKeys = { Bucket: storage.bucket, Prefix: EVIDENCE_PREFIX }
  let token: string | undefined
  do {
    const page = await storage.client.send(
      new ListObjectsV2Command({ ...evidenceKeys, ContinuationToken: token, MaxKeys: 500 }),
    )
    token = page.IsTruncated ? page.NextContinuationToken : undefined
    const old = (page.Contents ?? [])
      .filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff)
      .map((o) => o.Key!)
    const byOrg = new Map<string, string[]>()
    for (const key of old) {
      const org = organizationOfEvidenceKey(key)
      byOrg.set(org, [...(byOrg.get(org) ?? []), key])
    }
    for (const [org, keys] of byOrg) {
      const kept = toObjectId(org) ? await referencedKeys(org, keys) : new Set<string>()
      for (const key of keys.filter((k) => !kept.has(k))) {
        const done = await once(`orphan-remove:${key}`, async () => {
          await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
          if (toObjectId(org)) {
            await recordAudit(systemActor(org), {
              action: 'evidence.orphan-remove',
              targetType: 'evidence',
              targetLabel: key,
              changes: { key: { before: key, after: null } },
            })
          }
          return true
        })
        if (!done) continue
        removed.push(key)
        log(`removed orphaned object ${key}`)
      }
    }
  } while (token)

  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  do {
    const page = await storage.client.send(
      new ListMultipartUploadsCommand({ ...evidenceKeys, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
    )
    for (const u of page.Uploads ?? []) {
      if (!u.Key || !u.UploadId || (u.Initiated && u.Initiated.getTime() >= cutoff)) continue
      await storage.client.send(
        new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: u.Key, UploadId: u.UploadId }),
      )
      aborted.push(u.Key)
      log(`aborted abandoned multipart upload of ${u.Key}`)
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined
  } while (keyMarker)
  return { removed, aborted }
}

/** Re-checks (and snapshots, when the content changed) links not checked for `olderThanMs`. */
export async function checkDueLinks(
  storage: Storage,
  options: LinkCheckOptions & { olderThanMs?: number; log?: JobLog } = {},
): Promise<number> {
  const log = options.log ?? defaultLog
  const before = new Date(Date.now() - (options.olderThanMs ?? 24 * 3600_000))
  let n = 0
  for (const organizationId of await organizationsWithEvidence()) {
    for (const e of await listLinksDueForCheck(organizationId, before)) {
      // one claim per link and due check: the check it replaces names it
      const after = await once(`link-check:${e.id}:${e.lastCheck?.checkedAt ?? 'never'}`, () =>
        checkLinkEvidence(storage, systemActor(organizationId), e.id, { ...options, snapshot: true }),
      )
      if (!after) continue
      const check = after.lastCheck
      log(`checked ${e.url}: ${check?.ok ? `HTTP ${check.status}` : `failed (${check?.error || check?.status})`}`)
      n++
    }
  }
  // a claim of a check that another check has replaced can never be claimed again
  await forgetClaims('link-check:', new Date(before.getTime() - 24 * 3600_000))
  return n
}

/**
 * Runs the jobs every `everyMs` in this process (one run at a time), and the text extraction of uploaded files for
 * the search every `textEveryMs` (5 s: a file is searchable by its content soon after upload; the first run also
 * indexes evidence from before the search existed); returns a stop function.
 */
export function startEvidenceJobs(
  storage: Storage,
  options: {
    everyMs?: number
    textEveryMs?: number
    allowPrivateLinks?: boolean
    log?: JobLog
    /** Told what each hourly run did, once it is over (the server logs it and keeps its time for the metrics). */
    finished?: (run: { purged: number; removed: number; aborted: number; linksChecked: number }) => void
  } = {},
): () => void {
  const log = options.log ?? defaultLog
  let indexed = false
  const stopText = every(
    options.textEveryMs ?? 5000,
    async () => {
      if (!indexed) {
        await indexExistingEvidence()
        indexed = true
      }
      await extractPendingTexts(storage)
    },
    log,
  )
  const stopHourly = every(
    options.everyMs ?? 3600_000,
    async () => {
      const purged = await purgeExpiredEvidence(storage, { log })
      const { removed, aborted } = await reconcileEvidenceObjects(storage, { log })
      const linksChecked = await checkDueLinks(storage, { allowPrivate: options.allowPrivateLinks, log })
      options.finished?.({ purged: purged.length, removed: removed.length, aborted: aborted.length, linksChecked })
    },
    log,
  )
  return () => {
    stopText()
    stopHourly()
  }
}
