/**
 * A package job whose store fails mid-archive ends, against services this file starts for itself
 * (stopping them must not disturb other files): the S3 gateway stopped at file n of 45 fails the
 * job with the reason; a store that stops answering (its connections held open, nothing said)
 * fails it once it made no progress for the configured time, its lease no longer renewed
 * meanwhile; a cancel is honoured while the store hangs; afterwards a new package is accepted,
 * and once the store is back no partial upload is left.
 *
 * The runner reaches the gateway through a loopback relay of this file: it slows the bytes read
 * (so the archive is still running when the test acts on it) and can stop forwarding (a store
 * that hangs). The gateway behind it is the real one.
 */
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPackageJob, sweepPackageUploads } from '#evidence/package/runner.server'
import { createStorage, ensureBucket, type Storage } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { createFileEvidence } from '#models/evidence/records.server'
import {
  cancelPackageJob,
  getPackageJob,
  listExpiredPackageJobs,
  requestPackageJob,
  type PackageJob,
  type PackageStatus,
} from '#models/reporting/package-job.server'
import { getItemReview } from '#models/work/review.server'
import { startTestServices } from '#test/setup/services.global'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorsOf, linker, publishAndAssign, storedPdf, submitAndApprove } from '#test/support/kit'

type Run = Awaited<ReturnType<typeof startTestServices>>
let run: Run
let direct: Storage
let viaRelay: Storage
let relay: Relay
let org: TestOrg
const FILES = 45
const FILE_BYTES = 96 * 1024
const quiet = { log: () => {} }

/** A TCP relay to the gateway on loopback: reads slowed to `bytesPerSecond`; `hang()` stops forwarding. */
interface Relay {
  port: number
  hang(): void
  resume(): void
  close(): Promise<void>
}

function startRelay(targetPort: number, bytesPerSecond: number): Promise<Relay> {
  const sockets = new Set<net.Socket>()
  let hanging = false
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }
  const server = net.createServer((client) => {
    track(client)
    // a hanging store accepts the connection and never answers
    if (hanging) return
    const upstream = net.connect(targetPort, '127.0.0.1')
    track(upstream)
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
    client.on('data', (chunk) => {
      if (!hanging) upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (hanging) return
      client.write(chunk)
      upstream.pause()
      setTimeout(() => upstream.resume(), (chunk.length / bytesPerSecond) * 1000)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo
      resolve({
        port: address.port,
        hang: () => (hanging = true),
        resume: () => {
          hanging = false
          for (const s of sockets) s.destroy()
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

beforeAll(async () => {
  run = await startTestServices()
  await connectDatabase(run.provided.mongoUri, { dbName: 'package_faults' })
  direct = createStorage({ ...run.provided.s3, bucket: 'package-faults', forcePathStyle: true })
  await ensureBucket(direct)
  relay = await startRelay(run.services.s3Server.port, 1024 * 1024)
  viaRelay = createStorage({
    ...run.provided.s3,
    endpoint: `http://127.0.0.1:${relay.port}`,
    bucket: 'package-faults',
    forcePathStyle: true,
  })

  // one approved criterion with 45 files across its elements
  org = await createTestOrg('package-faults')
  const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })
  const { coordinator } = actorsOf(org)
  const link = linker(coordinator, catalog.id, 'O1')
  const elements = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements
  for (let i = 0; i < FILES; i++) {
    const fileName = `หลักฐาน-${String(i + 1).padStart(2, '0')}.pdf`
    const evidence = await createFileEvidence(
      coordinator,
      await storedPdf(direct, org.organization.id, fileName, randomBytes(FILE_BYTES)),
    )
    await link(evidence.id, elements[i % elements.length].id)
  }
  await submitAndApprove(org, catalog.id, 'O1')
}, 300_000)

afterAll(async () => {
  await relay?.close()
  await disconnectDatabase()
  await run?.stop()
})

/** Polls the job in the database until `ready` holds (bounded: a job that never gets there fails the test). */
async function waitForJob(id: string, ready: (job: PackageJob) => boolean, what: string): Promise<PackageJob> {
  const deadline = Date.now() + 90_000
  for (;;) {
    const job = (await getPackageJob(org.organization.id, id))!
    if (ready(job)) return job
    if (Date.now() > deadline)
      throw new Error(`the job never ${what} (status ${job.status}, ${job.filesDone}/${job.filesTotal} files)`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const archiving = (job: PackageJob) => job.status === 'running' && job.filesTotal > 0 && job.filesDone >= 5
const uploadsLeft = async () =>
  (await direct.client.send(new ListMultipartUploadsCommand({ Bucket: direct.bucket, Prefix: 'packages/' }))).Uploads ??
  []

describe('a package job whose store fails mid-archive', () => {
  it('fails with the reason when the S3 gateway stops, and a new package is accepted afterwards', async () => {
    const job = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
    const running: Promise<PackageStatus | null> = runPackageJob(viaRelay, job, 'test-runner', {
      ...quiet,
      heartbeatMs: 100,
      stallMs: 60_000,
    })
    const at = await waitForJob(job.id, archiving, 'started archiving')
    expect(at.filesDone).toBeLessThan(at.filesTotal)
    await run.services.s3Server.stop()
    try {
      // ends on the store's failure, long before the 60 s stall deadline
      expect(await running).toBe('failed')
      const failed = (await getPackageJob(org.organization.id, job.id))!
      expect(failed.status).toBe('failed')
      expect(failed.failureReason).toMatch(
        new RegExp(
          /generation failed: the file store failed while /.source +
            /(reading "OIT\/.+" from the store|writing the archive to the store)/.source,
        ),
      )
      expect(failed.failureReason).toMatch(/ที่เก็บไฟล์ขัดข้อง/)
      expect(failed.sha256).toBe('')
      // the organization is not blocked: a new request is accepted (and cancelled while queued)
      const next = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
      expect((await cancelPackageJob(org.actor, next.id)).status).toBe('cancelled')
    } finally {
      await run.services.s3Server.start()
    }
    await sweepPackageUploads(direct, quiet)
    expect(await uploadsLeft()).toEqual([])
  }, 150_000)

  it(
    'fails a job that made no progress for the configured time while the store hangs, its lease no longer ' + 'renewed',
    async () => {
      const job = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
      // the lease runs out 1 s after the last progress; the runner gives up after 8 s without any
      const running = runPackageJob(viaRelay, job, 'test-runner', {
        ...quiet,
        heartbeatMs: 100,
        stallMs: 8_000,
        leaseMs: 1_000,
      })
      const at = await waitForJob(job.id, archiving, 'started archiving')
      relay.hang()
      try {
        // the process lives and beats, but without progress the lease is not renewed: it expires
        await waitForJob(
          job.id,
          (j) =>
            j.status !== 'running' || (j.leaseExpiresAt !== null && new Date(j.leaseExpiresAt).getTime() < Date.now()),
          'let its lease run out',
        )
        expect((await listExpiredPackageJobs()).map((j) => j.id)).toContain(job.id)
        expect(await running).toBe('failed')
        const failed = (await getPackageJob(org.organization.id, job.id))!
        expect(failed.status).toBe('failed')
        expect(failed.failureReason).toMatch(
          /generation stopped: no progress for 8 s \(at file \d+ of \d+\); the file store may not be answering/,
        )
        expect(failed.failureReason).toMatch(/ไม่มีความคืบหน้านาน 8 วินาที/)
        expect(failed.filesDone).toBeGreaterThanOrEqual(at.filesDone)
        expect(failed.filesDone).toBeLessThan(failed.filesTotal)
      } finally {
        relay.resume()
      }
      const next = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
      expect((await cancelPackageJob(org.actor, next.id)).status).toBe('cancelled')
      await sweepPackageUploads(direct, quiet)
      expect(await uploadsLeft()).toEqual([])
    },
    150_000,
  )

  it('honours a cancel while the store hangs, then generates the package once the store answers', async () => {
    const job = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
    // no stall deadline within the test: only the cancel can end this job
    const running = runPackageJob(viaRelay, job, 'test-runner', { ...quiet, heartbeatMs: 100, stallMs: 600_000 })
    await waitForJob(job.id, archiving, 'started archiving')
    relay.hang()
    try {
      expect((await cancelPackageJob(org.actor, job.id)).cancelRequested).toBe(true)
      expect(await running).toBe('cancelled')
      const cancelled = (await getPackageJob(org.organization.id, job.id))!
      expect(cancelled.status).toBe('cancelled')
      expect(cancelled.failureReason).toMatch(/cancelled by a user/)
    } finally {
      relay.resume()
    }
    await sweepPackageUploads(direct, quiet)
    expect(await uploadsLeft()).toEqual([])
    const again = await requestPackageJob(org.actor, { fiscalYear: 2569, round: 12 })
    expect(await runPackageJob(direct, again, 'test-runner', { ...quiet, stallMs: 60_000 })).toBe('done')
    const done = (await getPackageJob(org.organization.id, again.id))!
    expect(done.state?.files).toBe(FILES + 4)
  }, 150_000)
})
