/**
 * Integration tests: one FerretDB and one S3 gateway for the run, on random loopback ports in a
 * temporary folder. Each test file then uses its own database and bucket (test/support/services.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startServices } from '#scripts/services'

export interface ProvidedServices {
  mongoUri: string
  s3: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string }
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: ProvidedServices
    baseUrl: string
    /** The e2e run's build folder (holds build/index.js). */
    buildDir: string
  }
}

export async function startTestServices() {
  const dir = mkdtempSync(path.join(tmpdir(), 'saisaat-test-'))
  const services = await startServices(dir, { ephemeral: true })
  return {
    services,
    provided: { mongoUri: services.mongoUri, s3: services.s3 } satisfies ProvidedServices,
    async stop() {
      await services.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export default async function setup(project: TestProject) {
  const run = await startTestServices()
  project.provide('services', run.provided)
  return () => run.stop()
}
