/**
 * The background job that reads the text of uploaded files for the library's search. Uploads queue one job per file
 * version (models/evidence/search-index.server.ts); any app process runs due jobs every few seconds. Each attempt is
 * taken by one runner under a lease and counted when taken; a file that cannot be read is tried again later, and
 * after `MAX_TEXT_ATTEMPTS` it is marked failed (shown on the evidence page and in the library, audited) and never
 * tried again. Evidence from before the index is indexed once per organization.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3'
import type { Storage } from '#evidence/storage/storage.server'
import { MAX_TEXT_FILE_BYTES, readFileText } from '#evidence/text/reader.server'
import { bi } from '#models/errors'
import { indexAllForSearch, systemActor } from '#models/evidence/records.server'
import { organizationIds } from '#models/tenancy/organization.server'
import {
  dueTextJobs,
  endTextJob,
  hasSearchIndex,
  markSearchIndexBuilt,
  MAX_TEXT_ATTEMPTS,
  recordEvidenceText,
  retryTextJob,
  takeTextJob,
  type TextJob,
} from '#models/evidence/search-index.server'
import { recordAudit } from '#models/tenancy/audit.server'

export type TextJobLog = (line: string) => void
const defaultLog: TextJobLog = (line) => process.stdout.write(`[evidence-text] ${line}\n`)

export interface TextJobOptions {
  /** The clock (tests move it on to reach the next attempt). */
  now?: Date
  /** How long one attempt may hold its job (default 10 minutes); the reader itself gives up after `timeoutMs`. */
  leaseMs?: number
  timeoutMs?: number
  /** Jobs per run (default 10). */
  limit?: number
  log?: TextJobLog
}

/** Waits before attempt n + 1: 5 minutes, then 30 (a store that was down has time to come back). */
const retryDelayMs = (attempts: number) => (attempts <= 1 ? 5 : 30) * 60_000

async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const answer = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  if (!answer.Body) throw new Error('the store returned no bytes')
  return Buffer.from(await answer.Body.transformToByteArray())
}

/** One attempt at one job, taken by this runner. */
async function runTextJob(storage: Storage, job: TextJob, options: TextJobOptions, now: Date, log: TextJobLog) {
  const attempts = job.attempts + 1
  const { organizationId, evidenceId, version } = job
  try {
    if (job.size > MAX_TEXT_FILE_BYTES) {
      const mb = Math.round(MAX_TEXT_FILE_BYTES / 1024 / 1024)
      await recordEvidenceText(organizationId, evidenceId, version, {
        state: 'skipped',
        error: bi(`ไฟล์ใหญ่เกิน ${mb} MB จึงไม่อ่านข้อความ`, `the file is larger than ${mb} MB: its text is not read`),
        attempts,
      })
    } else {
      const bytes = await readObject(storage, job.key)
      const result = await readFileText(bytes, job.mimeType, options.timeoutMs ?? 120_000)
      await recordEvidenceText(organizationId, evidenceId, version, { ...result, attempts })
      log(
        `read ${job.fileName} (evidence ${evidenceId} v${version}): ${result.state}, ${result.text.length} characters`,
      )
    }
    await endTextJob(job)
  } catch (error) {
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0].slice(0, 300)
    if (attempts < MAX_TEXT_ATTEMPTS) {
      await retryTextJob(job, new Date(now.getTime() + retryDelayMs(attempts)), message)
      log(`could not read ${job.fileName} (evidence ${evidenceId}), attempt ${attempts}: ${message}; will retry`)
      return
    }
    const reason = bi(
      `อ่านข้อความในไฟล์ไม่ได้ (ลอง ${attempts} ครั้ง): ${message}`,
      `the file's text could not be read (${attempts} attempts): ${message}`,
    )
    await recordEvidenceText(organizationId, evidenceId, version, { state: 'failed', error: reason, attempts })
    await endTextJob(job)
    await recordAudit(systemActor(organizationId), {
      action: 'evidence.text-failed',
      targetType: 'evidence',
      targetId: evidenceId,
      targetLabel: job.fileName,
      changes: { reason: { before: null, after: reason } },
      change: false,
    })
    log(`gave up reading ${job.fileName} (evidence ${evidenceId}) after ${attempts} attempts: ${message}`)
  }
}

/** Runs the due text jobs (one attempt each); returns how many attempts this runner took. */
export async function extractPendingTexts(storage: Storage, options: TextJobOptions = {}): Promise<number> {
  const log = options.log ?? defaultLog
  const now = options.now ?? new Date()
  let taken = 0
  for (const job of await dueTextJobs(now, options.limit ?? 10)) {
    if (!(await takeTextJob(job, now, options.leaseMs ?? 600_000))) continue
    taken++
    await runTextJob(storage, job, options, now, log)
  }
  return taken
}

/** Gives every evidence of organizations indexed before the search existed its words (once per organization). */
export async function indexExistingEvidence(log: TextJobLog = defaultLog): Promise<number> {
  let n = 0
  // every organization, not those holding evidence: finding those would read every evidence record (FerretDB has no
  // index for it), at every start of every instance
  for (const organizationId of await organizationIds()) {
    if (await hasSearchIndex(organizationId)) continue
    const count = await indexAllForSearch(organizationId)
    await markSearchIndexBuilt(organizationId)
    log(`indexed ${count} evidence items of organization ${organizationId} for search`)
    n += count
  }
  return n
}
