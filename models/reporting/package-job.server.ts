/**
 * Submission-package jobs (ชุดเอกสารหลักฐานสำหรับส่งประเมิน): one document per generation, with
 * its progress, its lease and its result. Any app instance (or the command line) runs queued
 * jobs; the bytes are written by evidence/package-runner.server.ts.
 *
 * FerretDB v1 does not apply a filtered update atomically, so every decision two processes could
 * take at once is a claim (models/claims.server.ts):
 *   - one queued-or-running job per organization: each job takes the next "slot" number of its
 *     organization, and claims `package-slot:<org>:<n>` before it is inserted;
 *   - a job starts once: `package-job:<id>:start` (the runner, or a cancel of a queued job);
 *   - a job ends once: `package-job:<id>:end` (the runner finishing, or the reaper of an
 *     expired lease). So a runner that lost its lease can never list its package as done.
 * A write can still be lost (or its process die) after its claim was won, so the winner writes
 * with read-back and retry (writeClaimed), and the reaper repairs a job whose `:start` or `:end`
 * claim is older than a grace period while its status still says queued or running (it is
 * marked failed, or cancelled when a cancel was asked; never done).
 * A job whose lease expired (its process was killed) is marked failed with a reason; it is not
 * resumed: a half-written multipart upload cannot be continued by another process's archiver.
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listCatalogs } from '#models/catalog/catalog.server'
import { REPORTING_ROUNDS, type Round } from '#models/catalog/schema'
import { claim } from '#models/claims.server'
import { type LeanDoc, schemaModel } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { getOrganizationById, suspendedMessage, suspendedOrganizationIds } from '#models/tenancy/organization.server'
import { isoOrNull as iso } from '#models/dates'

export const PACKAGE_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type PackageStatus = (typeof PACKAGE_STATUSES)[number]

// the fields a job fills in as it runs: empty until then
const COUNT = { type: Number, default: 0 } as const
const NO_DATE = { type: Date, default: null } as const
const NO_TEXT = { type: String, default: '' } as const

const jobSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true },
    fiscalYear: { type: Number, required: true },
    round: { type: Number, required: true },
    /** The organization's n-th job: its claim key (see the module comment). */
    slot: { type: Number, required: true },
    status: { type: String, enum: PACKAGE_STATUSES, default: 'queued' },
    filesDone: COUNT,
    filesTotal: COUNT,
    bytesDone: COUNT,
    bytesTotal: COUNT,
    requestedBy: { type: Schema.Types.ObjectId, default: null },
    requestedByName: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    startedAt: NO_DATE,
    finishedAt: NO_DATE,
    leaseOwner: NO_TEXT,
    leaseExpiresAt: NO_DATE,
    cancelRequested: { type: Boolean, default: false },
    failureReason: NO_TEXT,
    resultKey: NO_TEXT,
    size: COUNT,
    sha256: NO_TEXT,
    /** From which state: JSON text of PackageState (set when the package is done). */
    state: NO_TEXT,
  },
  { versionKey: false },
)
jobSchema.index({ organizationId: 1, slot: -1 })
jobSchema.index({ status: 1 })
type JobDoc = LeanDoc<typeof jobSchema>
const JobModel = schemaModel('PackageJob', jobSchema, 'package_jobs')

/** What a package was generated from: shown in the list and written into manifest.json. */
export interface PackageState {
  generatedAt: string
  approvedItems: number
  files: number
  catalogs: { key: string; version: number; nameTh: string; kind: string }[]
}

export interface PackageJob {
  id: string
  organizationId: string
  fiscalYear: number
  round: Round
  status: PackageStatus
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
  requestedByName: string
  requestedAt: string
  startedAt: string | null
  finishedAt: string | null
  leaseOwner: string
  leaseExpiresAt: string | null
  cancelRequested: boolean
  failureReason: string
  resultKey: string
  fileName: string
  size: number
  sha256: string
  state: PackageState | null
}

function toJob(d: JobDoc): PackageJob {
  return {
    id: d._id.toString(),
    organizationId: d.organizationId.toString(),
    fiscalYear: d.fiscalYear,
    round: d.round as Round,
    status: d.status as PackageStatus,
    filesDone: d.filesDone ?? 0,
    filesTotal: d.filesTotal ?? 0,
    bytesDone: d.bytesDone ?? 0,
    bytesTotal: d.bytesTotal ?? 0,
    requestedByName: d.requestedByName,
    requestedAt: iso(d.requestedAt)!,
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.finishedAt),
    leaseOwner: d.leaseOwner ?? '',
    leaseExpiresAt: iso(d.leaseExpiresAt),
    cancelRequested: Boolean(d.cancelRequested),
    failureReason: d.failureReason ?? '',
    resultKey: d.resultKey ?? '',
    fileName: packageFileName(d.fiscalYear, d.round, d._id.toString()),
    size: d.size ?? 0,
    sha256: d.sha256 ?? '',
    state: d.state ? (JSON.parse(d.state) as PackageState) : null,
  }
}

/** The download name: Thai, with the year and round, unique per job. */
export function packageFileName(fiscalYear: number, round: number, id: string): string {
  return `ชุดเอกสารหลักฐาน-ITA-${fiscalYear}-รอบ${round}-${id.slice(-6)}.zip`
}

export const ACTIVE_STATUSES: readonly PackageStatus[] = ['queued', 'running']
const label = (j: { fiscalYear: number; round: number }) => `FY${j.fiscalYear} รอบ ${j.round}`

// ---- reading ------------------------------------------------------------------------------

/** The organization's packages, newest first. */
export async function listPackageJobs(organizationId: string, limit = 50): Promise<PackageJob[]> {
  const docs = await JobModel.find({ organizationId: oid(organizationId) })
    .sort({ slot: -1 })
    .limit(limit)
    .lean<JobDoc[]>()
  return docs.map(toJob)
}

export async function getPackageJob(organizationId: string, jobId: string): Promise<PackageJob | null> {
  const id = toObjectId(jobId)
  if (!id) return null
  const doc = await JobModel.findOne({ _id: id, organizationId: oid(organizationId) }).lean<JobDoc>()
  return doc ? toJob(doc) : null
}

/** Fiscal years that have a published catalog (a package can be generated for them), newest first. */
export async function packageFiscalYears(organizationId: string): Promise<number[]> {
  const years = (await listCatalogs(organizationId)).filter((c) => c.status === 'published').map((c) => c.fiscalYear)
  return [...new Set(years)].sort((a, b) => b - a)
}

// ---- requesting and cancelling ------------------------------------------------------------

export const PackageRequestSchema = z.object({
  fiscalYear: z.coerce
    .number({ invalid_type_error: bi('ปีงบประมาณ: ต้องเป็นตัวเลข พ.ศ.', 'fiscal year: must be a BE year') })
    .int(bi('ปีงบประมาณ: ต้องเป็นจำนวนเต็ม', 'fiscal year: must be a whole number'))
    .min(2500, bi('ปีงบประมาณ: ต้องเป็นปี พ.ศ. (2500–2700)', 'fiscal year: must be a BE year (2500–2700)'))
    .max(2700, bi('ปีงบประมาณ: ต้องเป็นปี พ.ศ. (2500–2700)', 'fiscal year: must be a BE year (2500–2700)')),
  round: z.coerce
    .number()
    .refine(
      (n): n is Round => (REPORTING_ROUNDS as readonly number[]).includes(n),
      bi('รอบการรายงาน: ต้องเป็น 6, 9 หรือ 12 เดือน', 'round: must be 6, 9 or 12 months'),
    )
    .default(12),
})
/** As a form or the command line sends it: numbers as text are accepted (and checked). */
export interface PackageRequest {
  fiscalYear: number | string
  round?: number | string
}

/**
 * Checks a request: the round is 6, 9 or 12 and the organization has a published catalog of
 * that fiscal year. Refusals name the field and the rule.
 */
export async function checkPackageRequest(
  organizationId: string,
  input: PackageRequest,
): Promise<{ fiscalYear: number; round: Round }> {
  const parsed = PackageRequestSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const { fiscalYear } = parsed.data
  const round = parsed.data.round as Round
  const organization = await getOrganizationById(organizationId)
  if (organization?.suspended) throw new AppError(suspendedMessage(organization), 403)
  const catalogs = (await listCatalogs(organizationId)).filter(
    (c) => c.fiscalYear === fiscalYear && c.status === 'published',
  )
  if (catalogs.length === 0) {
    const message = bi(
      `ปีงบประมาณ: หน่วยงานไม่มีแค็ตตาล็อกที่เผยแพร่แล้วของปี ${fiscalYear}`,
      `fiscal year: the organization has no published catalog for ${fiscalYear}`,
    )
    throw new AppError(message, 400, { fiscalYear: message })
  }
  return { fiscalYear, round }
}

async function latestSlot(organizationId: string): Promise<number> {
  const last = await JobModel.findOne({ organizationId: oid(organizationId) })
    .sort({ slot: -1 })
    .select({ slot: 1 })
    .lean<JobDoc>()
  return last?.slot ?? -1
}

const busy = () =>
  new AppError(
    bi(
      'มีการจัดทำชุดเอกสารของหน่วยงานนี้อยู่แล้ว รอให้เสร็จหรือยกเลิกก่อน',
      'a package of this organization is already being generated: wait for it or cancel it first',
    ),
    409,
  )

/**
 * Queues a package for a fiscal year and round; refused while another of the organization's
 * packages is queued or running. Any runner picks it up.
 */
export async function requestPackageJob(actor: Actor, input: PackageRequest): Promise<PackageJob> {
  const { fiscalYear, round } = await checkPackageRequest(actor.organizationId, input)
  await JobModel.init()
  const org = oid(actor.organizationId)
  for (let attempt = 0; attempt < 5; attempt++) {
    // the latest slot first, then the check: a job inserted after this read took slot `latest + 1`
    // (so our claim below fails), one inserted before it is seen by the check
    const slot = (await latestSlot(actor.organizationId)) + 1
    if (await JobModel.exists({ organizationId: org, status: { $in: ACTIVE_STATUSES } })) throw busy()
    if (!(await claim(`package-slot:${actor.organizationId}:${slot}`))) {
      // someone else took this slot: their job appears within moments, unless they died between
      // their claim and their insert, in which case the slot stays empty and the next one is used
      for (let i = 0; i < 20; i++) {
        if (await JobModel.exists({ organizationId: org, slot })) throw busy()
        await new Promise((r) => setTimeout(r, 150))
      }
      continue
    }
    const created = await JobModel.create({
      organizationId: org,
      fiscalYear,
      round,
      slot,
      status: 'queued',
      requestedBy: actor.userId ? oid(actor.userId) : null,
      requestedByName: actor.userName,
      requestedAt: new Date(),
    })
    const job = toJob(created.toObject() as JobDoc)
    await recordAudit(actor, {
      action: 'package.request',
      targetType: 'package',
      targetId: job.id,
      targetLabel: label(job),
      changes: { status: { before: null, after: 'queued' } },
    })
    return job
  }
  throw busy()
}

/**
 * Cancels a queued or running package. A queued one is cancelled at once (unless a runner
 * starts it at the same moment); a running one stops at its runner's next heartbeat, or at
 * once when its lease has run out (its runner no longer renews it).
 */
export async function cancelPackageJob(actor: Actor, jobId: string): Promise<PackageJob> {
  const job = await getPackageJob(actor.organizationId, jobId)
  if (!job) throw notFound()
  if (!ACTIVE_STATUSES.includes(job.status)) {
    throw new AppError(
      bi('ยกเลิกไม่ได้: ชุดเอกสารนี้เสร็จสิ้นหรือหยุดแล้ว', 'cannot cancel: this package has already finished or stopped'),
      409,
    )
  }
  await JobModel.updateOne(
    { _id: oid(job.id), organizationId: oid(actor.organizationId) },
    { $set: { cancelRequested: true } },
  )
  await recordAudit(actor, {
    action: 'package.cancel',
    targetType: 'package',
    targetId: job.id,
    targetLabel: label(job),
    changes: { cancelRequested: { before: false, after: true } },
  })
  if (job.status === 'queued' && (await claim(`package-job:${job.id}:start`))) {
    // no runner can start it now: it ends here
    await endJob(job, { status: 'cancelled', failureReason: bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user') }, actor)
  } else if (job.status === 'running' && job.leaseExpiresAt && new Date(job.leaseExpiresAt).getTime() < Date.now()) {
    // its runner stopped renewing the lease (dead, or stuck without progress): no heartbeat will
    // read the request, so the cancel ends it here; the runners' sweep aborts its partial upload
    await endJob(job, { status: 'cancelled', failureReason: bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user') }, actor)
  }
  return (await getPackageJob(actor.organizationId, jobId))!
}

// ---- running (evidence/package-runner.server.ts) ------------------------------------------

/** An id for this process as a lease owner: host, pid and a random part. */
export function newRunnerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
}

const systemActor = (organizationId: string): Actor => ({ organizationId, userId: null, userName: 'ระบบ / system' })

/**
 * The oldest queued jobs of every organization, for the runners that serve them all (like the
 * evidence jobs, the one kind of read not scoped to one organization).
 */
export async function listQueuedPackageJobs(limit = 10): Promise<PackageJob[]> {
  // runners poll this every second: with nothing queued (the usual case) the organizations are not read
  if (!(await JobModel.exists({ status: 'queued' }))) return []
  // a suspended organization's queued packages wait for its reactivation
  const suspended = (await suspendedOrganizationIds()).map(oid)
  const docs = await JobModel.find({ status: 'queued', organizationId: { $nin: suspended } })
    .sort({ requestedAt: 1 })
    .limit(limit)
    .lean<JobDoc[]>()
  return docs.map(toJob)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Applies the write of a step whose claim this process won (or, for the reaper, whose claimant
 * stopped): reads back and retries until `applied` holds, like claimAndWrite of the KPI reports.
 * The write is filtered on the statuses it moves on from, so it never overwrites a later end.
 * Resolves true once applied; false when the job moved on to another status meanwhile (the
 * reaper ended it); throws when the write still did not land after a few attempts (the reaper
 * repairs the job after its grace period).
 */
async function writeClaimed(
  job: PackageJob,
  from: readonly PackageStatus[],
  set: Record<string, unknown>,
  applied: (d: JobDoc) => boolean,
): Promise<boolean> {
  const filter = { _id: oid(job.id), organizationId: oid(job.organizationId) }
  for (let attempt = 0; ; attempt++) {
    const current = await JobModel.findOne(filter).lean<JobDoc>()
    if (!current) return false
    if (applied(current)) return true
    if (!from.includes(current.status as PackageStatus)) return false
    if (attempt === 5)
      throw new Error(`package job ${job.id}: claimed its step but could not write ${JSON.stringify(set.status)}`)
    if (attempt > 0) await sleep(100 * attempt)
    await JobModel.updateOne({ ...filter, status: { $in: from } }, { $set: set }).catch(() => null)
  }
}

/** Takes a queued job for this runner: false when another runner (or a cancel) took it first. */
export async function startPackageJob(
  job: PackageJob,
  owner: string,
  leaseMs: number,
  resultKey: string,
): Promise<boolean> {
  if (!(await claim(`package-job:${job.id}:start`))) return false
  const now = new Date()
  const set = {
    status: 'running',
    startedAt: now,
    leaseOwner: owner,
    leaseExpiresAt: new Date(now.getTime() + leaseMs),
    resultKey,
  }
  if (!(await writeClaimed(job, ['queued'], set, (d) => d.status === 'running' && d.leaseOwner === owner))) return false
  await recordAudit(systemActor(job.organizationId), {
    action: 'package.start',
    targetType: 'package',
    targetId: job.id,
    targetLabel: label(job),
    changes: { status: { before: 'queued', after: 'running' }, runner: { before: null, after: owner } },
  })
  return true
}

export interface PackageProgress {
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
}

/**
 * Reads whether a cancel was asked and whether the runner still holds the job (a reaper may
 * have ended it after a stall). With `leaseMs` (the job made progress since the last renewal)
 * it also extends the lease and records the progress; without it the lease runs on towards its
 * end, so a job that no longer moves is reaped even while its process lives.
 */
export async function heartbeatPackageJob(
  job: PackageJob,
  owner: string,
  leaseMs: number | null,
  progress: PackageProgress | null,
): Promise<{ cancelRequested: boolean; lost: boolean }> {
  const filter = {
    _id: oid(job.id),
    organizationId: oid(job.organizationId),
    leaseOwner: owner,
    status: 'running' as const,
  }
  if (leaseMs !== null)
    await JobModel.updateOne(filter, { $set: { leaseExpiresAt: new Date(Date.now() + leaseMs), ...(progress ?? {}) } })
  const doc = await JobModel.findOne({ _id: oid(job.id), organizationId: oid(job.organizationId) })
    .select({ status: 1, leaseOwner: 1, cancelRequested: 1 })
    .lean<JobDoc>()
  return {
    cancelRequested: Boolean(doc?.cancelRequested),
    lost: !doc || doc.status !== 'running' || doc.leaseOwner !== owner,
  }
}

type Ending =
  | { status: 'done'; size: number; sha256: string; state: PackageState; progress: PackageProgress }
  | { status: 'failed' | 'cancelled'; failureReason: string }

/** Ends a job once; false when something else (the reaper, a cancel) ended it first. */
async function endJob(
  job: PackageJob,
  ending: Ending,
  actor: Actor = systemActor(job.organizationId),
): Promise<boolean> {
  if (!(await claim(`package-job:${job.id}:end`))) return false
  return writeEnd(job, ending, actor)
}

/** The write of an end (by the winner of `:end`, or by the repair of a claimant that stopped), then its audit. */
async function writeEnd(
  job: PackageJob,
  ending: Ending,
  actor: Actor = systemActor(job.organizationId),
): Promise<boolean> {
  const set =
    ending.status === 'done'
      ? {
          status: 'done',
          size: ending.size,
          sha256: ending.sha256,
          state: JSON.stringify(ending.state),
          ...ending.progress,
        }
      : { status: ending.status, failureReason: ending.failureReason.slice(0, 1000) }
  if (
    !(await writeClaimed(
      job,
      ACTIVE_STATUSES,
      { ...set, finishedAt: new Date(), leaseExpiresAt: null },
      (d) => d.status === ending.status,
    ))
  )
    return false
  await recordAudit(actor, {
    action: `package.${ending.status === 'done' ? 'done' : ending.status === 'failed' ? 'fail' : 'cancel-done'}`,
    targetType: 'package',
    targetId: job.id,
    targetLabel: label(job),
    changes: {
      status: { before: job.status, after: ending.status },
      ...(ending.status === 'done'
        ? { sha256: { before: null, after: ending.sha256 }, size: { before: null, after: ending.size } }
        : { reason: { before: null, after: ending.failureReason } }),
    },
  })
  return true
}

/** The runner's end of a job it holds: done with its result, failed with a reason, or cancelled. */
export function finishPackageJob(job: PackageJob, ending: Ending): Promise<boolean> {
  return endJob(job, ending)
}

/** Running jobs whose lease has expired at `now`: their runner stopped (killed, crashed, cut off). */
export async function listExpiredPackageJobs(now: Date = new Date()): Promise<PackageJob[]> {
  const docs = await JobModel.find({ status: 'running', leaseExpiresAt: { $lt: now } }).lean<JobDoc[]>()
  return docs.map(toJob)
}

/**
 * Ends a job whose lease expired: failed with the reason (its runner died, or its job made no
 * progress until the lease ran out), or cancelled when a cancel was asked; false when it had
 * ended meanwhile.
 */
export function failExpiredPackageJob(job: PackageJob): Promise<boolean> {
  const at = job.leaseExpiresAt ?? new Date().toISOString()
  if (job.cancelRequested)
    return endJob(job, { status: 'cancelled', failureReason: bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user') })
  return endJob(job, {
    status: 'failed',
    failureReason: bi(
      `การจัดทำหยุดกลางคัน: โปรแกรมที่จัดทำ (${job.leaseOwner}) หยุดทำงานหรือไม่มีความคืบหน้า ไม่ได้ต่ออายุเมื่อ ${at} ` +
        `ชุดเอกสารที่ทำค้างไว้ถูกยกเลิก กรุณาสั่งจัดทำใหม่`,
      `generation stopped: the process generating it (${job.leaseOwner}) stopped, or made no progress, and ` +
        `stopped renewing its lease at ${at}; the partial upload was discarded, please generate again`,
    ),
  })
}

/** When `key` was claimed, or null (read straight from the claims of models/claims.server.ts). */
async function claimedAt(key: string): Promise<Date | null> {
  const found = await mongoose.connection.collection<{ key: string; at: Date }>('write_claims').findOne({ key })
  return found ? new Date(found.at) : null
}

/** How long a `:start` or `:end` claim may go unrecorded before the reaper repairs its job (default: a lease). */
export const PACKAGE_REPAIR_GRACE_MS = 30_000

/**
 * Repairs jobs left behind between a claim and its write (the write was lost, or its process
 * died), across all organizations like listExpiredPackageJobs:
 *   - a queued job whose `:start` was claimed more than `graceMs` before `now` and that holds no
 *     live lease: its runner (or cancel) stopped before starting it; it is ended as failed
 *     (cancelled when a cancel was asked) through the `:end` claim;
 *   - a queued or running job whose `:end` was claimed more than `graceMs` before `now` and is
 *     still not recorded: its claimant stopped; it is marked failed (cancelled when a cancel was
 *     asked). Never done: a done package is only written by the winner of `:end`.
 * Returns the jobs repaired, as they were before (their resultKey may name a partial upload).
 */
export async function repairStuckPackageJobs(
  now: Date = new Date(),
  graceMs = PACKAGE_REPAIR_GRACE_MS,
): Promise<PackageJob[]> {
  const cutoff = now.getTime() - graceMs
  const repaired: PackageJob[] = []
  const docs = await JobModel.find({ status: { $in: ACTIVE_STATUSES } })
    .sort({ requestedAt: 1 })
    .limit(200)
    .lean<JobDoc[]>()
  for (const doc of docs) {
    const job = toJob(doc)
    const stopped = job.cancelRequested ? ('cancelled' as const) : ('failed' as const)
    const ended = await claimedAt(`package-job:${job.id}:end`)
    if (ended) {
      if (ended.getTime() > cutoff) continue
      const failureReason = job.cancelRequested
        ? bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user')
        : bi(
            `การจัดทำหยุดกลางคัน: โปรแกรมที่จัดทำหยุดทำงานก่อนบันทึกผล (เมื่อ ${ended.toISOString()}) กรุณาสั่งจัดทำใหม่`,
            `generation stopped: the process ending it stopped before recording its end (at ` +
              `${ended.toISOString()}); please generate again`,
          )
      if (await writeEnd(job, { status: stopped, failureReason })) repaired.push(job)
      continue
    }
    if (job.status !== 'queued') continue // running without an end: the lease decides (listExpiredPackageJobs)
    if (doc.leaseExpiresAt && new Date(doc.leaseExpiresAt).getTime() > now.getTime()) continue
    const started = await claimedAt(`package-job:${job.id}:start`)
    if (!started || started.getTime() > cutoff) continue
    const failureReason = job.cancelRequested
      ? bi('ยกเลิกโดยผู้ใช้', 'cancelled by a user')
      : bi(
          `การจัดทำหยุดกลางคัน: โปรแกรมที่จัดทำหยุดทำงานก่อนเริ่มจัดทำ (รับงานเมื่อ ${started.toISOString()}) กรุณาสั่งจัดทำใหม่`,
          `generation stopped: the runner stopped before starting it (taken at ${started.toISOString()}); ` +
            `please generate again`,
        )
    if (await endJob(job, { status: stopped, failureReason })) repaired.push(job)
  }
  return repaired
}
