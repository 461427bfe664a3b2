/**
 * Runs package jobs (models/reporting/package-job.server.ts) in whichever process asks: the web server
 * polls for queued jobs, the command line runs the one it queued. A running job holds a lease
 * that its heartbeat renews only while the job makes progress; a job without progress for the
 * stall time fails in its own process with the reason, and a job whose lease expired (its
 * process was killed, or stuck) is marked failed by the next runner's reaper. Partial multipart
 * uploads are aborted either way (at once, or by the sweep once the store answers again), so a
 * half package is never listed as done and an organization is never left blocked.
 */
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { ArchiveCancelled, ArchiveStoreError, type ArchiveProgress } from '#evidence/package/archive.server'
import { buildSubmissionPackage, removePackageObject } from '#evidence/package/package.server'
import { every } from '#evidence/storage/every'
import { PACKAGE_PREFIX, packageKey } from '#evidence/storage/keys'
import type { Storage } from '#evidence/storage/storage.server'
import { bi } from '#models/errors'
import {
  ACTIVE_STATUSES,
  failExpiredPackageJob,
  finishPackageJob,
  getPackageJob,
  heartbeatPackageJob,
  listExpiredPackageJobs,
  listQueuedPackageJobs,
  newRunnerId,
  repairStuckPackageJobs,
  startPackageJob,
  type PackageJob,
  type PackageStatus,
} from '#models/reporting/package-job.server'

export type RunnerLog = (line: string) => void
const defaultLog: RunnerLog = (line) => process.stdout.write(`[package-jobs] ${line}\n`)

/** How long a job may make no progress before it fails (PACKAGE_STALL_SECONDS; this is its default). */
export const DEFAULT_STALL_MS = 120_000

export interface RunOptions {
  /**
   * How long a job may go without progress (a preparation step done, bytes read from the store
   * or written to it) before it fails with the reason (default 120 s).
   */
  stallMs?: number
  /**
   * How far a renewal extends the lease (default: the stall time and 15 s more, so that the
   * runner's own stall deadline, with its precise reason, comes before another runner's reaper).
   */
  leaseMs?: number
  /** How often the heartbeat reads cancels and, after progress, renews the lease (default 1 s). */
  heartbeatMs?: number
  log?: RunnerLog
}

/** Aborts what is left of a multipart upload of `key` (a runner died while writing it). */
async function abortUploads(storage: Storage, key: string): Promise<number> {
  const listed = await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: key }))
  let n = 0
  for (const u of (listed.Uploads ?? []).filter((x) => x.Key === key && x.UploadId)) {
    await storage.client.send(
      new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId: u.UploadId }),
    )
    n++
  }
  return n
}

type StopReason = 'cancel' | 'stall' | 'lost'

/** The reason recorded for a job that failed with `error`. */
function failureReasonOf(error: unknown): string {
  if (error instanceof ArchiveStoreError) {
    return error.step === 'read'
      ? bi(
          `จัดทำไม่สำเร็จ: ที่เก็บไฟล์ขัดข้องระหว่างอ่าน "${error.entryPath}" ` +
            `(${(error.cause as Error)?.message ?? ''}) กรุณาสั่งจัดทำใหม่`,
          `generation failed: the file store failed while ${error.message}; please generate again`,
        )
      : bi(
          `จัดทำไม่สำเร็จ: ที่เก็บไฟล์ขัดข้องระหว่างเขียนชุดเอกสาร ` + `(${(error.cause as Error)?.message ?? ''}) กรุณาสั่งจัดทำใหม่`,
          `generation failed: the file store failed while ${error.message}; please generate again`,
        )
  }
  const message = (error as Error)?.message ?? String(error)
  return bi(`จัดทำไม่สำเร็จ: ${message}`, `generation failed: ${message}`)
}

/**
 * Runs one queued job to its end in this process. Returns the status it ended with, or null
 * when another runner (or a cancel) took it first or ended it meanwhile.
 *
 * The heartbeat reads cancels every second and renews the lease only when the job made
 * progress since the last renewal. A job without progress for `stallMs` (the store stopped
 * answering, a request hangs) is stopped and marked failed with the reason; a cancel stops it
 * at the next heartbeat. Either way the build is abandoned at once: every step of the archive
 * races the abort, and so does the whole build here (a step that ignores it is left behind).
 */
export async function runPackageJob(
  storage: Storage,
  job: PackageJob,
  owner: string,
  options: RunOptions = {},
): Promise<PackageStatus | null> {
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS
  const leaseMs = options.leaseMs ?? stallMs + 15_000
  const log = options.log ?? defaultLog
  const key = packageKey(job)
  if (!(await startPackageJob(job, owner, leaseMs, key))) return null
  log(`started ${job.id} (FY${job.fiscalYear}, round ${job.round}) as ${owner}`)
  const running: PackageJob = { ...job, status: 'running' }
  const controller = new AbortController()
  let stopReason: StopReason | null = null
  const stop = (why: StopReason) => {
    if (stopReason) return
    stopReason = why
    controller.abort()
  }
  const stopped = new Promise<never>((_resolve, reject) =>
    controller.signal.addEventListener('abort', () => reject(new ArchiveCancelled()), { once: true }),
  )
  stopped.catch(() => {})

  let progress: ArchiveProgress | null = null
  // progress: a counter of activity, and when it last moved
  let moves = 0
  let renewedAt = 0
  let lastMoveAt = Date.now()
  const moved = () => {
    moves++
    lastMoveAt = Date.now()
  }
  let beating = false
  const heartbeat = setInterval(() => {
    const idle = Date.now() - lastMoveAt
    if (idle > stallMs) stop('stall')
    if (beating) return
    beating = true
    const renew = moves !== renewedAt
    const at = moves
    heartbeatPackageJob(running, owner, renew ? leaseMs : null, progress)
      .then((beat) => {
        if (renew) renewedAt = at
        if (beat.lost) stop('lost')
        else if (beat.cancelRequested) stop('cancel')
      })
      .catch((error: Error) => log(`heartbeat of ${job.id} failed, retrying: ${error.message}`))
      .finally(() => (beating = false))
  }, options.heartbeatMs ?? 1000)
  const build = buildSubmissionPackage(storage, {
    organizationId: job.organizationId,
    fiscalYear: job.fiscalYear,
    round: job.round,
    key,
    signal: controller.signal,
    onProgress: (p) => {
      progress = p
      moved()
    },
    onActivity: moved,
  })
  try {
    const built = await Promise.race([build, stopped])
    const done = await finishPackageJob(running, {
      status: 'done',
      size: built.archive.size,
      sha256: built.archive.sha256,
      state: built.state,
      progress: progress ?? { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
    })
    if (!done) {
      // the reaper ended this job while it was stalled: what was written is not a listed package
      await removePackageObject(storage, key)
      log(`${job.id} was ended elsewhere while running; its archive was removed`)
      return null
    }
    log(`done ${job.id}: ${built.archive.size} bytes, sha256 ${built.archive.sha256}`)
    return 'done'
  } catch (error) {
    // a build abandoned while in a step that does not hear the abort: should it still finish,
    // what it wrote is not a listed package
    build.then(() => removePackageObject(storage, key)).catch(() => {})
    // a build that hears the abort cleans up its upload before it ends: the job is ended after
    // that, so a cancelled package leaves nothing behind (bounded, for a build that does not hear)
    if (stopReason) await Promise.race([build.catch(() => {}), delay(BUILD_CLEANUP_MS)])
    if (stopReason === 'lost') return null
    const p = progress as ArchiveProgress | null
    const at =
      p && p.filesTotal > 0
        ? { th: ` (ที่ไฟล์ ${p.filesDone} จาก ${p.filesTotal})`, en: ` (at file ${p.filesDone} of ${p.filesTotal})` }
        : { th: '', en: '' }
    const seconds = Math.round(stallMs / 1000)
    const status: PackageStatus = stopReason === 'cancel' ? 'cancelled' : 'failed'
    const reason =
      stopReason === 'cancel'
        ? bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user')
        : stopReason === 'stall'
          ? bi(
              `การจัดทำหยุดกลางคัน: ไม่มีความคืบหน้านาน ${seconds} ` + `วินาที${at.th} ที่เก็บไฟล์อาจไม่ตอบสนอง ` + `กรุณาสั่งจัดทำใหม่`,
              `generation stopped: no progress for ${seconds} ` +
                `s${at.en}; the file store may not be answering, please ` +
                `generate again`,
            )
          : failureReasonOf(error)
    if (status === 'cancelled') log(`cancelled ${job.id}`)
    else if (stopReason === 'stall') log(`failed ${job.id}: no progress for ${seconds} s`)
    else log(`failed ${job.id}: ${(error as Error).stack ?? error}`)
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
export async function reapExpiredPackageJobs(
  storage: Storage,
  options: { now?: Date; graceMs?: number; log?: RunnerLog } = {},
): Promise<PackageJob[]> {
  const log = options.log ?? defaultLog
  const reaped: PackageJob[] = []
  for (const job of await listExpiredPackageJobs(options.now)) {
    if (!(await failExpiredPackageJob(job))) continue
    const aborted = await discardResult(storage, job)
    log(
      `marked ${job.id} failed: its runner ${job.leaseOwner} ` +
        `stopped (lease expired at ${job.leaseExpiresAt}); ` +
        `aborted ${aborted} partial upload(s)`,
    )
    reaped.push(job)
  }
  for (const job of await repairStuckPackageJobs(options.now, options.graceMs)) {
    const aborted = await discardResult(storage, job)
    log(
      `ended ${job.id} (${job.status}): its step was claimed but never recorded; aborted ${aborted} partial upload(s)`,
    )
    reaped.push(job)
  }
  return reaped
}

/**
 * Aborts the multipart uploads under packages/ whose job is no longer queued or running: what
 * a build could not abort itself because the store was down when it failed (or a cancel ended
 * a job whose runner had stopped). Returns how many it aborted.
 */
export async function sweepPackageUploads(storage: Storage, options: { log?: RunnerLog } = {}): Promise<number> {
  const log = options.log ?? defaultLog
  const listed = await storage.client.send(
    new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: PACKAGE_PREFIX }),
  )
  let aborted = 0
  for (const u of listed.Uploads ?? []) {
    const m = /^packages\/([0-9a-f]{24})\/([0-9a-f]{24})\.zip$/.exec(u.Key ?? '')
    if (!m || !u.UploadId) continue
    const job = await getPackageJob(m[1], m[2])
    if (job && ACTIVE_STATUSES.includes(job.status)) continue
    await storage.client.send(
      new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: u.Key, UploadId: u.UploadId }),
    )
    aborted++
  }
  if (aborted > 0) log(`aborted ${aborted} partial upload(s) of packages that ended`)
  return aborted
}

const SWEEP_EVERY_MS = 60_000
/** How long a stopped runner waits for its build to clean up before ending the job anyway. */
const BUILD_CLEANUP_MS = 10_000
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Polls every `everyMs` for expired leases and queued jobs and runs them one at a time in this
 * process. Returns a stop function (a job in progress keeps going until its end).
 */
export function startPackageRunner(storage: Storage, options: RunOptions & { everyMs?: number } = {}): () => void {
  const log = options.log ?? defaultLog
  const owner = newRunnerId()
  let sweptAt = 0
  return every(
    options.everyMs ?? 1000,
    async () => {
      await reapExpiredPackageJobs(storage, { log })
      if (Date.now() - sweptAt > SWEEP_EVERY_MS) {
        sweptAt = Date.now()
        await sweepPackageUploads(storage, { log }).catch((error: Error) =>
          log(`sweep of partial uploads failed, retried later: ${error.message}`),
        )
      }
      for (const job of await listQueuedPackageJobs(5)) await runPackageJob(storage, job, owner, options)
    },
    log,
  )
}
