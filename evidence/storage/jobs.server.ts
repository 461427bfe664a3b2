/**
 * The evidence jobs: purge the bin when retention ends, reconcile the store with the
 * database (objects nothing refers to, abandoned multipart uploads), and re-check links.
 * Each logs what it did and is safe to run again or on several instances at once.
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
      for (const key of keys) await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
      await markEvidencePurged(systemActor(organizationId), e.id, keys)
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
        await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
        removed.push(key)
        log(`removed orphaned object ${key}`)
        if (toObjectId(org)) {
          await recordAudit(systemActor(org), {
            action: 'evidence.orphan-remove',
            targetType: 'evidence',
            targetLabel: key,
            changes: { key: { before: key, after: null } },
          })
        }
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
      const after = await checkLinkEvidence(storage, systemActor(organizationId), e.id, { ...options, snapshot: true })
      const check = after.lastCheck
      log(`checked ${e.url}: ${check?.ok ? `HTTP ${check.status}` : `failed (${check?.error || check?.status})`}`)
      n++
    }
  }
  return n
}

/** Runs the jobs every `everyMs` in this process (one run at a time); returns a stop function. */
export function startEvidenceJobs(
  storage: Storage,
  options: { everyMs?: number; allowPrivateLinks?: boolean; log?: JobLog } = {},
): () => void {
  const log = options.log ?? defaultLog
  return every(
    options.everyMs ?? 3600_000,
    async () => {
      await purgeExpiredEvidence(storage, { log })
      await reconcileEvidenceObjects(storage, { log })
      await checkDueLinks(storage, { allowPrivate: options.allowPrivateLinks, log })
    },
    log,
  )
}
