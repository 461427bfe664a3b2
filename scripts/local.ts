/**
 * `npm run local`: the app on the embedded services with demo data. When MONGODB_URI and
 * S3_ENDPOINT are unset it builds (once) and starts FerretDB and the S3 gateway, writes their
 * settings to .local/env, creates the bucket, seeds the demo agency, builds and serves the app.
 *
 * Whatever ends the command stops everything it started: Ctrl-C, SIGTERM or SIGHUP to npm or to
 * this process, or the death of the process that started this one (npm killed with SIGKILL). npm
 * forwards only SIGINT and SIGTERM to its script, so this process also watches its parent; every
 * child (services, build, app server) is tied to this process by a pipe (scripts/services.ts).
 *
 * Settings for running beside another instance (the signal tests do): SAISAAT_LOCAL_DATA (the data
 * folder, default .local/data; the settings file is then written inside it, not to .local/env),
 * PORT and PUBLIC_URL, SAISAAT_BUILD_DIR (where the app is built and served from), and
 * SAISAAT_LOCAL_NO_BUILD=1 to serve the build already there instead of building again.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getConfig } from '#app/config.server'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { DEMO_ORG_CODE, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from '#scripts/seed'
import { DEMO_OPERATOR, seedDemoOperator } from '#scripts/seed-operator'
import { seedDemoEvidence } from '#scripts/seed-evidence'
import { NETWORK_EXECUTIVE, seedDemoNetwork } from '#scripts/seed-network'
import { LOCAL_DIR, ROOT, spawnTied, startServices, stopTied, type LocalServices } from '#scripts/services'

const DATA_DIR = process.env.SAISAAT_LOCAL_DATA
  ? path.resolve(process.env.SAISAAT_LOCAL_DATA)
  : path.join(LOCAL_DIR, 'data')
// command-line tools read .local/env; another data folder keeps its settings to itself
const LOCAL_ENV_FILE = process.env.SAISAAT_LOCAL_DATA ? path.join(DATA_DIR, 'env') : path.join(LOCAL_DIR, 'env')
const DEFAULT_BUCKET = 'saisaat-evidence'
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

let services: LocalServices | undefined
let build: ChildProcess | undefined
let server: ChildProcess | undefined
let stopping = false
let parentWatch: NodeJS.Timeout | undefined

function say(line: string) {
  process.stdout.write(`${line}\n`)
}

/**
 * Stops the app, the build and the services, then ends this process: with the signal that asked
 * for it (so npm and shells see the usual "terminated by SIGTERM"), else with the exit code.
 */
async function stopAll(code: number, signal?: NodeJS.Signals) {
  if (stopping) return
  stopping = true
  clearInterval(parentWatch)
  await Promise.all([stopTied(build), stopTied(server)])
  await disconnectDatabase().catch(() => {})
  if (services) {
    await services.stop()
    rmSync(LOCAL_ENV_FILE, { force: true })
    say('Embedded services stopped.')
  }
  if (signal) {
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
    return
  }
  process.exit(code)
}

function stopWhenAsked() {
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stopAll(0, signal))
  // npm does not forward SIGHUP, and nothing is forwarded when npm is killed outright: once the
  // process that started us is gone (we were handed to another parent), stop as well
  const parent = process.ppid
  parentWatch = setInterval(() => {
    if (process.ppid !== parent) void stopAll(1)
  }, 500)
  parentWatch.unref()
  // the terminal may be gone (SIGHUP): a failed write must not end us before the children are stopped
  process.stdout.on('error', () => {})
  process.stderr.on('error', () => {})
  process.on('uncaughtException', (error) => {
    process.stderr.write(`npm run local failed: ${error.message}\n`)
    void stopAll(1)
  })
}

function buildApp(): Promise<void> {
  say('Building the app…')
  build = spawnTied(path.join(ROOT, 'node_modules', '.bin', 'remix'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    output: 'inherit',
  })
  const child = build
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 || stopping ? resolve() : reject(new Error('the app build failed'))))
  })
}

async function main() {
  stopWhenAsked()

  const embedded = !process.env.MONGODB_URI && !process.env.S3_ENDPOINT
  const env: Record<string, string> = {}
  if (embedded) {
    say('Starting the embedded services (FerretDB, Versity S3 Gateway)…')
    mkdirSync(DATA_DIR, { recursive: true })
    services = await startServices(DATA_DIR)
    if (stopping) return
    Object.assign(env, {
      MONGODB_URI: `${services.mongoUri}saisaat`,
      S3_ENDPOINT: services.s3.endpoint,
      S3_REGION: services.s3.region,
      S3_BUCKET: process.env.S3_BUCKET || DEFAULT_BUCKET,
      S3_ACCESS_KEY_ID: services.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    })
    writeFileSync(
      LOCAL_ENV_FILE,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    )
    say(
      `  database ${services.mongoUri}   S3 ${services.s3.endpoint}   settings in ` +
        `${LOCAL_ENV_FILE.startsWith(ROOT) ? path.relative(ROOT, LOCAL_ENV_FILE) : LOCAL_ENV_FILE}`,
    )
  } else if (!process.env.MONGODB_URI || !process.env.S3_ENDPOINT) {
    throw new Error(
      'set both MONGODB_URI and S3_ENDPOINT to use your own services, or neither to use the embedded ones',
    )
  }
  Object.assign(process.env, env)
  const config = getConfig()

  await connectDatabase(config.mongodbUri)
  const storage = createStorage(config.s3)
  await ensureBucket(storage)
  // the demo lives in the fiscal year of today (Bangkok date): this year in progress, last year finished
  const { organization, clock } = await seedDemo({ now: new Date() })
  await seedDemoOperator(DEMO_PASSWORD)
  const evidence = await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, config.publicUrl, {
    now: clock.now,
  })
  if (stopping) return
  // a province with about 30 local administrations beneath it, for the network view (made once, then kept)
  const network = await seedDemoNetwork({ now: clock.now })
  if (stopping) return
  if (evidence > 0)
    say(`Demo evidence: ${evidence} items linked to the ITA criteria of ${clock.previous} and ${clock.current}`)
  say(`Demo agency ready: ${organization.nameTh} (code "${DEMO_ORG_CODE}")`)
  say(`Demo network ready: ${network.province.nameTh} with ${network.children.length} organizations beneath it`)

  if (process.env.SAISAAT_LOCAL_NO_BUILD !== '1') await buildApp()
  if (stopping) return

  server = spawnTied(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    // the demo's link evidence points at this app on loopback: its link checks must reach it
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      EVIDENCE_LINK_ALLOW_PRIVATE: process.env.EVIDENCE_LINK_ALLOW_PRIVATE ?? 'true',
    },
    output: 'inherit',
  })
  server.once('exit', (code) => {
    if (!stopping) {
      say(`The app stopped (exit ${code}).`)
      void stopAll(code ?? 1)
    }
  })
  say('')
  say(`  Saisaat: ${config.publicUrl}`)
  say(`  Health:  ${config.publicUrl}/healthz`)
  say(`  Demo agency code: ${DEMO_ORG_CODE}; every demo person's password: ${DEMO_PASSWORD}`)
  for (const p of DEMO_PEOPLE) say(`    ${p.role.padEnd(12)} ${p.email}`)
  say(`    ${'operator'.padEnd(12)} ${DEMO_OPERATOR.email} (platform console: ${config.publicUrl}/platform)`)
  say(`    ${'network'.padEnd(12)} ${NETWORK_EXECUTIVE.email} (the demo province: ${config.publicUrl}/network)`)
  say('  Press Ctrl-C to stop everything.')
  say('')
}

main().catch((error: unknown) => {
  // a step cut short by stopping (the database closed under the seed) is not a failure to report
  if (!stopping) process.stderr.write(`npm run local failed: ${(error as Error).message ?? error}\n`)
  void stopAll(1)
})
