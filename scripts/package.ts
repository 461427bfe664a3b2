/**
 * `npm run package -- --org <code> --fy <BE year> [--round 6|9|12] --out <file.zip>`: builds the
 * submission package of an organization against the configured services (the environment, or
 * .local/env written by `npm run local`), for scheduled exports by an agency's IT staff. The
 * package is queued and run as a job like one started in the app (so it is listed and audited
 * there, and refused while another is running), then streamed from the store to the file.
 * When a running app server's runner takes the job first, the command follows it to its end;
 * with --queue it leaves the job to that runner from the start (it needs a running app server).
 * Exits 1 with one line naming the reason when the organization, year or round does not exist.
 */
import { parseArgs } from 'node:util'
import { getConfig } from '#app/config.server'
import { reapExpiredPackageJobs, runPackageJob } from '#evidence/package/runner.server'
import { writePackageToFile } from '#evidence/package/package.server'
import { createStorage, type Storage } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import {
  ACTIVE_STATUSES,
  checkPackageRequest,
  getPackageJob,
  newRunnerId,
  requestPackageJob,
  type PackageJob,
} from '#models/reporting/package-job.server'

const USAGE = 'usage: npm run package -- --org <code> --fy <BE year> [--round 6|9|12] --out <file.zip> [--queue]'

class CliError extends Error {}

async function main(): Promise<void> {
  let values: { org?: string; fy?: string; round?: string; out?: string; queue?: boolean }
  try {
    ;({ values } = parseArgs({
      options: {
        org: { type: 'string' },
        fy: { type: 'string' },
        round: { type: 'string' },
        out: { type: 'string' },
        queue: { type: 'boolean' },
      },
      strict: true,
    }))
  } catch (error) {
    throw new CliError(`${(error as Error).message} (${USAGE})`)
  }
  for (const name of ['org', 'fy', 'out'] as const)
    if (!values[name]) throw new CliError(`--${name} is required (${USAGE})`)

  const config = getConfig()
  await connectDatabase(config.mongodbUri)
  const storage = createStorage(config.s3)
  const organization = await getOrganizationByCode(values.org!)
  if (!organization) throw new CliError(`organization "${values.org}" does not exist`)
  const request = { fiscalYear: values.fy!, round: values.round ?? '12' }
  await checkPackageRequest(organization.id, request)

  const actor = {
    organizationId: organization.id,
    userId: null,
    userName: 'บรรทัดคำสั่ง / command line (npm run package)',
  }
  const job = await requestPackageJob(actor, request)
  process.stdout.write(
    `Generating the package of ${organization.nameTh} for FY${job.fiscalYear}, round ${job.round}…\n`,
  )
  const finished = values.queue ? await leaveToServer(storage, job) : await runHere(storage, job, config.packageStallMs)
  if (!finished || finished.status !== 'done')
    throw new CliError(
      `the package was not generated: ${finished?.failureReason || finished?.status || 'the job is gone'}`,
    )
  await writePackageToFile(storage, finished.resultKey, values.out!)
  process.stdout.write(
    `${values.out}: ${finished.size} bytes, ${finished.state?.files ?? 0} files, sha256 ${finished.sha256}\n`,
  )
}

/** Runs the job in this process; when another runner (the app server's) took it first, follows that one. */
async function runHere(storage: Storage, job: PackageJob, stallMs: number): Promise<PackageJob | null> {
  const status = await runPackageJob(storage, job, newRunnerId(), { log: () => {}, stallMs })
  if (status !== null) return getPackageJob(job.organizationId, job.id)
  process.stdout.write(`Another runner took the job ${job.id}; following it…\n`)
  return follow(storage, job)
}

/** --queue: the app server's runner does the work (it must be running); this process only follows it. */
async function leaveToServer(storage: Storage, job: PackageJob): Promise<PackageJob | null> {
  process.stdout.write(`Queued the job ${job.id} for the app server's runner; following it…\n`)
  return follow(storage, job)
}

const FOLLOW_MS = 500
const REAP_EVERY_MS = 10_000

/**
 * Waits for a job run by another process, printing its progress, and returns it once it ended.
 * Meanwhile it reaps like any runner, so a job whose runner died ends (failed) instead of being
 * followed for ever.
 */
async function follow(storage: Storage, job: PackageJob): Promise<PackageJob | null> {
  let shown = ''
  let reapedAt = Date.now()
  for (;;) {
    const current = await getPackageJob(job.organizationId, job.id)
    if (!current || !ACTIVE_STATUSES.includes(current.status)) return current
    const line =
      current.status === 'queued'
        ? 'queued'
        : `${current.filesDone}/${current.filesTotal} files, ${current.bytesDone}/${current.bytesTotal} bytes`
    if (line !== shown) process.stdout.write(`  ${line}\n`)
    shown = line
    if (Date.now() - reapedAt > REAP_EVERY_MS) {
      reapedAt = Date.now()
      await reapExpiredPackageJobs(storage, { log: () => {} }).catch(() => [])
    }
    await new Promise((r) => setTimeout(r, FOLLOW_MS))
  }
}

main()
  .then(() => disconnectDatabase().then(() => process.exit(0)))
  .catch(async (error: unknown) => {
    // refusals of the models are bilingual one-liners already; anything else is cut to its first line
    const message =
      error instanceof CliError ? error.message : ((error as Error).message?.split('\n')[0] ?? String(error))
    process.stderr.write(`npm run package: ${message}\n`)
    await disconnectDatabase().catch(() => {})
    process.exit(1)
  })
