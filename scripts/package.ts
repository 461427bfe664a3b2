/**
 * `npm run package -- --org <code> --fy <BE year> [--round 6|9|12] --out <file.zip>`: builds the
 * submission package of an organization against the configured services (the environment, or
 * .local/env written by `npm run local`), for scheduled exports by an agency's IT staff. The
 * package is queued and run as a job like one started in the app (so it is listed and audited
 * there, and refused while another is running), then streamed from the store to the file.
 * Exits 1 with one line naming the reason when the organization, year or round does not exist.
 */
import { parseArgs } from 'node:util'
import { getConfig } from '#app/config.server'
import { runPackageJob } from '#evidence/package-runner.server'
import { writePackageToFile } from '#evidence/package.server'
import { createStorage } from '#evidence/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { getOrganizationByCode } from '#models/organization.server'
import { checkPackageRequest, getPackageJob, newRunnerId, requestPackageJob } from '#models/package-job.server'

const USAGE = 'usage: npm run package -- --org <code> --fy <BE year> [--round 6|9|12] --out <file.zip>'

class CliError extends Error {}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>
  try {
    ;({ values } = parseArgs({ options: { org: { type: 'string' }, fy: { type: 'string' }, round: { type: 'string' }, out: { type: 'string' } }, strict: true }))
  } catch (error) {
    throw new CliError(`${(error as Error).message} (${USAGE})`)
  }
  for (const name of ['org', 'fy', 'out'] as const) if (!values[name]) throw new CliError(`--${name} is required (${USAGE})`)

  const config = getConfig()
  await connectDatabase(config.mongodbUri)
  const storage = createStorage(config.s3)
  const organization = await getOrganizationByCode(values.org!)
  if (!organization) throw new CliError(`organization "${values.org}" does not exist`)
  const request = { fiscalYear: values.fy!, round: values.round ?? '12' }
  await checkPackageRequest(organization.id, request)

  const actor = { organizationId: organization.id, userId: null, userName: 'บรรทัดคำสั่ง / command line (npm run package)' }
  const job = await requestPackageJob(actor, request)
  process.stdout.write(`Generating the package of ${organization.nameTh} for FY${job.fiscalYear}, round ${job.round}…\n`)
  const status = await runPackageJob(storage, job, newRunnerId(), { log: () => {} })
  const finished = await getPackageJob(organization.id, job.id)
  if (status !== 'done' || !finished) throw new CliError(`the package was not generated: ${finished?.failureReason || finished?.status || 'taken by another runner'}`)
  await writePackageToFile(storage, finished.resultKey, values.out!)
  process.stdout.write(`${values.out}: ${finished.size} bytes, ${finished.state?.files ?? 0} files, sha256 ${finished.sha256}\n`)
}

main()
  .then(() => disconnectDatabase().then(() => process.exit(0)))
  .catch(async (error: unknown) => {
    // refusals of the models are bilingual one-liners already; anything else is cut to its first line
    const message = error instanceof CliError ? error.message : ((error as Error).message?.split('\n')[0] ?? String(error))
    process.stderr.write(`npm run package: ${message}\n`)
    await disconnectDatabase().catch(() => {})
    process.exit(1)
  })
