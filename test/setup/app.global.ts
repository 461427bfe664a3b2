/**
 * End-to-end tests: the embedded services, a production build of the app, and the app's own
 * server on a random loopback port, exactly as `npm start` runs it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { ROOT } from '#scripts/services'
import { buildApp, startBuiltApp } from '#test/support/app-server'
import { startTestServices } from './services.global'

export default async function setup(project: TestProject) {
  const run = await startTestServices()
  try {
    return await startApp(project, run)
  } catch (error) {
    await run.stop()
    throw error
  }
}

async function startApp(project: TestProject, run: Awaited<ReturnType<typeof startTestServices>>) {
  // the bucket exists before the app starts, as an administrator creates it before the first start
  const { createStorage, ensureBucket } = await import('#evidence/storage/storage.server')
  await ensureBucket(createStorage({ ...run.provided.s3, bucket: 'e2e-evidence', forcePathStyle: true }))

  // a build folder of this run's own: other runs and `npm run local` keep theirs
  // inside the repo, so that the server bundle resolves node_modules
  mkdirSync(path.join(ROOT, '.cache'), { recursive: true })
  const buildDir = mkdtempSync(path.join(ROOT, '.cache', 'e2e-build-'))
  buildApp(buildDir)

  const { server, baseUrl } = await startBuiltApp(
    buildDir,
    {
      MONGODB_URI: `${run.provided.mongoUri}e2e`,
      S3_ENDPOINT: run.provided.s3.endpoint,
      S3_REGION: run.provided.s3.region,
      S3_BUCKET: 'e2e-evidence',
      S3_ACCESS_KEY_ID: run.provided.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: run.provided.s3.secretAccessKey,
      SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
    },
    ['ignore', 'pipe', 'pipe'],
  )
  let output = ''
  server.stdout!.on('data', (c) => (output += c))
  server.stderr!.on('data', (c) => (output += c))

  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the app exited (code ${server.exitCode}):\n${output}`)
    if (Date.now() > deadline) {
      server.kill('SIGKILL')
      throw new Error(`the app did not become healthy within 60 s:\n${output}`)
    }
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 250))
  }

  project.provide('services', run.provided)
  project.provide('baseUrl', baseUrl)
  project.provide('buildDir', buildDir)
  return async () => {
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve()
      server.once('exit', () => resolve())
      server.kill('SIGTERM')
    })
    await run.stop()
    rmSync(buildDir, { recursive: true, force: true })
  }
}
