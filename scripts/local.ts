/**
 * `npm run local`: the app on the embedded services with demo data. When MONGODB_URI and
 * S3_ENDPOINT are unset it builds (once) and starts FerretDB and the S3 gateway, writes their
 * settings to .local/env, creates the bucket, seeds the demo agency, builds and serves the app.
 * Ctrl-C stops everything it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getConfig } from '#app/config.server'
import { createStorage, ensureBucket } from '#evidence/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { DEMO_ORG_CODE, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from '#scripts/seed'
import { seedDemoEvidence } from '#scripts/seed-evidence'
import { LOCAL_DIR, ROOT, startServices, type LocalServices } from '#scripts/services'

const LOCAL_ENV_FILE = path.join(LOCAL_DIR, 'env')
const DEFAULT_BUCKET = 'saisaat-evidence'

let services: LocalServices | undefined
let server: ChildProcess | undefined
let stopping = false

function say(line: string) {
  process.stdout.write(`${line}\n`)
}

async function stopAll(code: number) {
  if (stopping) return
  stopping = true
  if (server && server.exitCode === null) {
    await new Promise<void>((resolve) => {
      server!.once('exit', () => resolve())
      server!.kill('SIGTERM')
      setTimeout(() => server!.kill('SIGKILL'), 5000).unref()
    })
  }
  await disconnectDatabase().catch(() => {})
  if (services) {
    await services.stop()
    rmSync(LOCAL_ENV_FILE, { force: true })
    say('Embedded services stopped.')
  }
  process.exit(code)
}

async function main() {
  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))

  const embedded = !process.env.MONGODB_URI && !process.env.S3_ENDPOINT
  const env: Record<string, string> = {}
  if (embedded) {
    say('Starting the embedded services (FerretDB, Versity S3 Gateway)…')
    const dataDir = path.join(LOCAL_DIR, 'data')
    mkdirSync(dataDir, { recursive: true })
    services = await startServices(dataDir)
    Object.assign(env, {
      MONGODB_URI: `${services.mongoUri}saisaat`,
      S3_ENDPOINT: services.s3.endpoint,
      S3_REGION: services.s3.region,
      S3_BUCKET: process.env.S3_BUCKET || DEFAULT_BUCKET,
      S3_ACCESS_KEY_ID: services.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    })
    writeFileSync(LOCAL_ENV_FILE, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
    say(`  database ${services.mongoUri}   S3 ${services.s3.endpoint}   settings in .local/env`)
  } else if (!process.env.MONGODB_URI || !process.env.S3_ENDPOINT) {
    throw new Error('set both MONGODB_URI and S3_ENDPOINT to use your own services, or neither to use the embedded ones')
  }
  Object.assign(process.env, env)
  const config = getConfig()

  await connectDatabase(config.mongodbUri)
  const storage = createStorage(config.s3)
  await ensureBucket(storage)
  const { organization } = await seedDemo()
  const evidence = await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, config.publicUrl)
  if (evidence > 0) say(`Demo evidence: ${evidence} items linked to the ITA 2569 criteria`)
  say(`Demo agency ready: ${organization.nameTh} (code "${DEMO_ORG_CODE}")`)

  say('Building the app…')
  const build = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'remix'), ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error('the app build failed')

  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' },
    stdio: 'inherit',
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
  say('  Press Ctrl-C to stop everything.')
  say('')
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run local failed: ${(error as Error).message ?? error}\n`)
  void stopAll(1)
})
