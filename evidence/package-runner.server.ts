/**
 * Runs package jobs (models/package-job.server.ts) in whichever process asks: the web server
 * polls for queued jobs, the command line runs the one it queued. A running job holds a lease
 * that its heartbeat renews; a job whose lease expired (the process was killed) is marked failed
 * by the next runner's reaper and its partial multipart upload is aborted, so a half package is
 * never listed as done.
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { ArchiveCancelled, type ArchiveProgress } from '#evidence/archive.server'
import { buildSubmissionPackage, removePackageObject } from '#evidence/package.server'
import type { Storage } from '#evidence/storage.server'
import { bi } from '#models/errors'
import {
  PACKAGE_PREFIX,
  failExpiredPackageJob,
  finishPackageJob,
  heartbeatPackageJob,
  listExpiredPackageJobs,
  listQueuedPackageJobs,
  newRunnerId,
  repairStuckPackageJobs,
  startPackageJob,
  type PackageJob,
  type PackageStatus,
} from '#models/package-job.server'

export type RunnerLog = (line: string) => void
const defaultLog: RunnerLog = (line) => process.stdout.write(`[package-jobs] ${line}\n`)

export interface RunOptions {
  /** How long a lease lasts without a heartbeat (default 30 s). */
  leaseMs?: number
  /** How often the heartbeat renews the lease and records progress (default 1 s). */
  heartbeatMs?: number
  log?: RunnerLog
}

export const packageKey = (job: Pick<PackageJob, 'organizationId' | 'id'>) => `${PACKAGE_PREFIX}${job.organizationId}/${job.id}.zip`

/** Aborts what is left of a multipart upload of `key` (a runner died while writing it). */
async function abortUploads(storage: Storage, key: string): Promise<number> {
  const listed = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: key }))
  let n = 0
  for (const u of (listed.Uploads ?? []).filter((x) => x.Key === key && x.UploadId)) {
    await storage.client.send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId: u.UploadId }))
    n++
  }
  return n
}

/**
 * Runs one queued job to its end in this process. Returns the status it ended with, or null
 * when another runner (or a cancel) took it first or ended it meanwhile.
 */
export async function runPackageJob(storage: Storage, job: PackageJob, owner: string, options: RunOptions = {}): Promise<PackageStatus | null> {
  const leaseMs = options.leaseMs ?? 30_000
  const log = options.log ?? defaultLog
  const key = packageKey(job)
  if (!(await startPackageJob(job, owner, leaseMs, key))) return null
  log(`started ${job.id} (FY${job.fiscalYear}, round ${job.round}) as ${owner}`)
  const running: PackageJob = { ...job, status: 'running' }
  const controller = new AbortController()
  let progress: ArchiveProgress | null = null
  let lost = false
  let beating = false
  const heartbeat = setInterval(() => {
    if (beating) return
    beating = true
    heartbeatPackageJob(running, owner, leaseMs, progress)
      .then((beat) => {
        lost = beat.lost
        if (beat.lost || beat.cancelRequested) controller.abort()
      })
      .catch((error: Error) => log(`heartbeat of ${job.id} failed, retrying: ${error.message}`))
      .finally(() => (beating = false))
  }, options.heartbeatMs ?? 1000)
  try {
    const built = await buildSubmissionPackage(storage, {
      organizationId: job.organizationId,
      fiscalYear: job.fiscalYear,
      round: job.round,
      key,
      signal: controller.signal,
      onProgress: (p) => (progress = p),
    })
    const done = await finishPackageJob(running, { status: 'done', size: built.archive.size, sha256: built.archive.sha256, state: built.state, progress: progress ?? { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 } })
    if (!done) {
      // the reaper ended this job while it was stalled: what was written is not a listed package
      await removePackageObject(storage, key)
      log(`${job.id} was ended elsewhere while running; its archive was removed`)
      return null
    }
    log(`done ${job.id}: ${built.archive.size} bytes, sha256 ${built.archive.sha256}`)
    return 'done'
  } catch (error) {
    if (lost) return null
    const cancelled = error instanceof ArchiveCancelled || controller.signal.aborted
    const reason = cancelled ? bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user') : bi(`จัดทำไม่สำเร็จ: ${(error as Error).message}`, `generation failed: ${(error as Error).message}`)
    log(`${cancelled ? 'cancelled' : 'failed'} ${job.id}${cancelled ? '' : `: ${(error as Error).stack ?? error}`}`)
    const status = cancelled ? 'cancelled' : 'failed'
    return (await finishPackageJob(running, { status, failureReason: reason })) ? status : null
  } finally {
    clearInterval(heartbeat)
  }
}

/** Aborts the partial upload of a job that was ended by the reaper and removes a completed one. */
async function discardResult(storage: Storage, job: PackageJob): Promise<number> {
  if (!job.resultKey) return 0
  const aborted = await abortUploads(storage, job.resultKey).catch(() => 0)
  // an upload that completed just before the runner died is not a listed package either
  await removePackageObject(storage, job.resultKey)
  return aborted
}

/**
 * Marks jobs whose lease expired as failed and aborts their partial uploads; then repairs jobs
 * left between a `:start` or `:end` claim and its write for longer than `graceMs` (see
 * repairStuckPackageJobs), discarding what they uploaded.
 */
export async function reapExpiredPackageJobs(storage: Storage, options: { now?: Date; graceMs?: number; log?: RunnerLog } = {}): Promise<PackageJob[]> {
  const log = options.log ?? defaultLog
  const reaped: PackageJob[] = []
  for (const job of await listExpiredPackageJobs(options.now)) {
    if (!(await failExpiredPackageJob(job))) continue
    const aborted = await discardResult(storage, job)
    log(`marked ${job.id} failed: its runner ${job.leaseOwner} stopped (lease expired at ${job.leaseExpiresAt}); aborted ${aborted} partial upload(s)`)
    reaped.push(job)
  }
  for (const job of await repairStuckPackageJobs(options.now, options.graceMs)) {
    const aborted = await discardResult(storage, job)
    log(`ended ${job.id} (${job.status}): its step was claimed but never recorded; aborted ${aborted} partial upload(s)`)
    reaped.push(job)
  }
  return reaped
}

/**
 * Polls every `everyMs` for expired leases and queued jobs and runs them one at a time in this
 * process. Returns a stop function (a job in progress keeps going until its end).
 */
export function startPackageRunner(storage: Storage, options: RunOptions & { everyMs?: number } = {}): () => void {
  const log = options.log ?? defaultLog
  const owner = newRunnerId()
  let busy = false
  const tick = async () => {
    if (busy) return
    busy = true
    try {
      await reapExpiredPackageJobs(storage, { log })
      for (const job of await listQueuedPackageJobs(5)) await runPackageJob(storage, job, owner, options)
    } catch (error) {
      log(`a run failed, the next one retries: ${(error as Error).message}`)
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void tick(), options.everyMs ?? 1000)
  timer.unref()
  return () => clearInterval(timer)
}
