/**
 * The submission package of the demo agency, end to end against the real services: generated
 * by the job runner, the ZIP tests clean with `unzip -t`, every file matches its SHA-256 in
 * manifest.json, index.pdf gives back the Thai criterion titles, the same state gives the same
 * bytes (also from the command line, in another process), a runner killed mid-upload leaves a
 * failed job with a reason and no upload behind, a cancel stops a running job, one package at a time per organization,
 * a job left between a claim and its write is repaired by the reaper, the command line follows a
 * job another runner took, and the command line refuses an unknown organization, year or round with a reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { newObjectKey, packageKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import { reapExpiredPackageJobs, runPackageJob } from '#evidence/package/runner.server'
import { writePackageToFile } from '#evidence/package/package.server'
import type { Storage } from '#evidence/storage/storage.server'
import type { Actor } from '#models/tenancy/audit.server'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { listCriteria } from '#models/catalog/schema'
import { claim } from '#models/claims.server'
import { createFileEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import type { Organization } from '#models/tenancy/organization.server'
import {
  cancelPackageJob,
  getPackageJob,
  listPackageJobs,
  listQueuedPackageJobs,
  requestPackageJob,
  startPackageJob,
  type PackageJob,
} from '#models/reporting/package-job.server'
import { approveItem, getItemReview, listReviews, returnItem, submitItem } from '#models/work/review.server'
import { getUserByEmail } from '#models/tenancy/user.server'
import { DEMO_PEOPLE, seedDemo } from '#scripts/seed'
import { seedDemoEvidence } from '#scripts/seed-evidence'
import { useTestBucket, useTestDatabase } from '#test/support/services'

const ROOT = path.resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(path.join(tmpdir(), 'package-test-'))
let cleanup: () => Promise<void>
let dbUri: string
const DEMO_NOW = new Date('2026-08-15T03:00:00Z')
let storage: Storage
let org: Organization
let admin: Actor

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

beforeAll(async () => {
  const db = await useTestDatabase()
  cleanup = db.cleanup
  dbUri = db.uri
  storage = await useTestBucket()
  // the demo seeded on 15 Aug 2026: FY2569 in progress (the year packaged here, with its KPI agreement), 2568 finished
  ;({ organization: org } = await seedDemo({ now: DEMO_NOW }))
  await seedDemoEvidence(storage, org, DEMO_PEOPLE[1].email, 'http://localhost:3000', { now: DEMO_NOW })
  const user = (await getUserByEmail(DEMO_PEOPLE[0].email))!
  admin = { organizationId: org.id, userId: user.id, userName: user.nameTh }
}, 600_000)
afterAll(async () => {
  await cleanup?.()
  rmSync(dir, { recursive: true, force: true })
})

/** Queues and runs one package in this process; returns the finished job. */
async function generate(): Promise<PackageJob> {
  const job = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
  expect(await runPackageJob(storage, job, 'test-runner', { log: () => {} })).toBe('done')
  return (await getPackageJob(org.id, job.id))!
}

function cli(args: string[]): ChildProcess {
  const { s3 } = inject('services')
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/package.ts', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      MONGODB_URI: dbUri,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: storage.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function cliResult(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cli(args)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, stdout, stderr }
}

let first: PackageJob
let firstBytes: Buffer

describe('the submission package of the demo agency', () => {
  it(
    'has approved items to package in the year in progress, others ' + 'left submitted, returned or in progress',
    async () => {
      const y2569 = (await listCatalogs(org.id)).find((c) => c.kind === 'ita' && c.fiscalYear === 2569)!
      const of2569 = async (status: 'approved' | 'submitted' | 'returned') =>
        (await listReviews(org.id, [status])).filter((r) => r.catalogId === y2569.id)
      const approved = await of2569('approved')
      expect(approved.length).toBeGreaterThan(5)
      expect((await of2569('submitted')).length).toBeGreaterThan(0)
      expect((await of2569('returned')).length).toBeGreaterThan(0)
      expect(approved.length).toBeLessThan(y2569.itemCount / 2)
      // running the seed again changes nothing
      await seedDemoEvidence(storage, org, DEMO_PEOPLE[1].email, 'http://localhost:3000', { now: DEMO_NOW })
      expect((await of2569('approved')).length).toBe(approved.length)
    },
  )

  it('refuses a second package while one is queued, and cancels a queued one', async () => {
    const job = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
    await expect(requestPackageJob(admin, { fiscalYear: 2569, round: 9 })).rejects.toThrow(/already being generated/)
    const cancelled = await cancelPackageJob(admin, job.id)
    expect(cancelled.status).toBe('cancelled')
    // a runner cannot start it any more
    expect(await runPackageJob(storage, job, 'test-runner', { log: () => {} })).toBeNull()
    await expect(requestPackageJob(admin, { fiscalYear: 2570, round: 12 })).rejects.toThrow(
      /fiscal year: the organization has no published catalog for 2570/,
    )
    await expect(requestPackageJob(admin, { fiscalYear: 2569, round: 7 })).rejects.toThrow(
      /round: must be 6, 9 or 12 months/,
    )
  })

  it(
    'repairs a job whose start or end was claimed but never ' + 'recorded, and accepts a new request afterwards',
    async () => {
      const quiet = { log: () => {} }
      const later = new Date(Date.now() + 3600_000)
      // a runner won `:start` and stopped (or its write was lost) before recording it
      const stuck = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
      expect(await claim(`package-job:${stuck.id}:start`)).toBe(true)
      expect((await getPackageJob(org.id, stuck.id))!.status).toBe('queued')
      await expect(requestPackageJob(admin, { fiscalYear: 2569, round: 9 })).rejects.toThrow(/already being generated/)
      // within the grace period nothing is repaired: the claimant may still be writing
      expect(await reapExpiredPackageJobs(storage, quiet)).toEqual([])
      expect((await reapExpiredPackageJobs(storage, { ...quiet, now: later })).map((j) => j.id)).toEqual([stuck.id])
      const failed = (await getPackageJob(org.id, stuck.id))!
      expect(failed.status).toBe('failed')
      expect(failed.failureReason).toMatch(/the runner stopped before starting/)
      expect(failed.sha256).toBe('')
      expect(await runPackageJob(storage, stuck, 'test-runner', quiet)).toBeNull()

      // a runner started a job, then won `:end` and stopped before recording it: the lease reaper
      // cannot take `:end` any more, the repair ends it as failed (never done)
      const ended = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
      expect(await startPackageJob(ended, 'dead-runner', 30_000, packageKey(ended))).toBe(true)
      expect(await claim(`package-job:${ended.id}:end`)).toBe(true)
      expect((await getPackageJob(org.id, ended.id))!.status).toBe('running')
      expect(await reapExpiredPackageJobs(storage, quiet)).toEqual([])
      expect((await reapExpiredPackageJobs(storage, { ...quiet, now: later })).map((j) => j.id)).toEqual([ended.id])
      const endedNow = (await getPackageJob(org.id, ended.id))!
      expect(endedNow.status).toBe('failed')
      expect(endedNow.failureReason).toMatch(/stopped before recording its end/)
      expect(endedNow.sha256).toBe('')

      // the organization can request again (and cancels, so the next cases start clean)
      const next = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
      expect(next.status).toBe('queued')
      expect((await cancelPackageJob(admin, next.id)).status).toBe('cancelled')
    },
  )

  it('generates a ZIP that tests clean, whose files all match manifest.json, with the Thai index', async () => {
    first = await generate()
    expect(first.status).toBe('done')
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(first.filesDone).toBe(first.filesTotal)
    expect(first.state?.approvedItems).toBeGreaterThan(5)
    const zip = path.join(dir, 'first.zip')
    await writePackageToFile(storage, first.resultKey, zip)
    firstBytes = readFileSync(zip)
    expect(sha(firstBytes)).toBe(first.sha256)
    expect(firstBytes.length).toBe(first.size)

    const test = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' })
    expect(test.status, test.stdout + test.stderr).toBe(0)
    const out = path.join(dir, 'first')
    expect(spawnSync('unzip', ['-q', zip, '-d', out]).status).toBe(0)

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      fiscalYear: number
      generatedAt: string
      catalogs: { key: string; version: number }[]
      scores: { approvedOnly: { total: number; tools: { code: string; score: number }[] } }[]
      files: {
        path: string
        size: number
        sha256: string
        kind: string
        evidenceId: string | null
        approvedByName: string | null
        approvedAt: string | null
        linkedTo: unknown[]
      }[]
    }
    expect(manifest.fiscalYear).toBe(2569)
    expect(manifest.catalogs.map((c) => c.key)).toContain('ita-nacc-2569')
    expect(manifest.scores[0].approvedOnly.tools.find((t) => t.code === 'OIT')!.score).toBeGreaterThan(0)
    const listed = new Set<string>()
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(out, f.path))
      expect(sha(bytes), f.path).toBe(f.sha256)
      expect(bytes.length, f.path).toBe(f.size)
      if (f.kind !== 'generated') {
        expect(f.evidenceId).toMatch(/^[0-9a-f]{24}$/)
        expect(f.approvedByName).toBe('วิไล ตรวจประเมิน')
        expect(f.linkedTo.length).toBeGreaterThan(0)
      }
      listed.add(f.path)
    }
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) =>
        statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.relative(out, path.join(d, n))],
      )
    expect(
      walk(out)
        .filter((p) => p !== 'manifest.json')
        .sort(),
    ).toEqual([...listed].sort())
    expect([...listed].some((p) => p.startsWith('OIT/09-การเปิดเผยข้อมูล/O01-โครงสร้าง หน้าที่และอำนาจ/'))).toBe(true)
    expect(manifest.files.filter((f) => f.kind === 'file').length).toBeGreaterThan(10)

    // index.pdf: the Thai criterion titles come back exactly (a wrapped title only gains line breaks)
    const summary = (await listCatalogs(org.id)).find((c) => c.sourceKey === 'ita-nacc-2569')!
    const catalog = await getCatalog(org.id, summary.id)
    if (catalog?.content.kind !== 'ita') throw new Error('ITA catalog expected')
    const text = spawnSync('pdftotext', [path.join(out, 'index.pdf'), '-'], { encoding: 'utf8' }).stdout
    const lines = text.split('\n')
    // a title wrapped in its table cell comes back with a line break where it wrapped (in place
    // of the space, or between two Thai words): compare those with white space removed
    const squash = (s: string) => s.replace(/\s+/g, '')
    const squashed = squash(text)
    const titles = listCriteria(catalog.content).map((x) => x.criterion.title.th)
    expect(titles.filter((t) => !squashed.includes(squash(t)))).toEqual([])
    // every title that fits its cell comes back exactly, spaces, vowels and tone marks included
    expect(titles.filter((t) => lines.some((l) => l.includes(t))).length).toBeGreaterThan(titles.length / 2)
    for (const expected of ['บันทึกข้อความ', 'กรมตัวอย่างเพื่อความโปร่งใส', 'ประจำปีงบประมาณ พ.ศ. ๒๕๖๙', 'รอบการรายงาน ๑๒ เดือน'])
      expect(text).toContain(expected)
    // the demo's KPI agreement of FY2569 is reported in the form of the AMLO per-KPI report
    expect(squashed).toContain(squash('รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)'))
    expect(spawnSync('pdffonts', [path.join(out, 'index.pdf')], { encoding: 'utf8' }).stdout).toMatch(/Norasi/)

    const csv = readFileSync(path.join(out, 'itas-links.csv'))
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv.toString('utf8')).toContain('O1,โครงสร้าง หน้าที่และอำนาจ,')
    const html = readFileSync(path.join(out, 'index.html'), 'utf8')
    const href = /href="(OIT\/[^"]+)"/.exec(html)![1]
    expect(listed.has(decodeURIComponent(href))).toBe(true)
  })

  it('gives byte-identical ZIPs for the same state, also from the command line', async () => {
    const second = await generate()
    expect(second.sha256).toBe(first.sha256)
    const zip = path.join(dir, 'second.zip')
    await writePackageToFile(storage, second.resultKey, zip)
    expect(Buffer.compare(readFileSync(zip), firstBytes)).toBe(0)

    const out = path.join(dir, 'cli.zip')
    const run = await cliResult(['--org', 'demo', '--fy', '2569', '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(first.sha256)
    expect(Buffer.compare(readFileSync(out), firstBytes)).toBe(0)
  })

  it('follows on the command line a job that the app server runner took first, and writes its ZIP', async () => {
    // a runner in this process stands for the app server's; --queue leaves the job to it, so it is the one that
    // takes it, whatever the load (without --queue, the command line's own runner may win the race)
    let stopped = false
    const owner = 'app-server-runner'
    const runner = (async () => {
      while (!stopped) {
        const [queued] = await listQueuedPackageJobs(1)
        if (queued) await runPackageJob(storage, queued, owner, { log: () => {} })
        else await new Promise((r) => setTimeout(r, 5))
      }
    })()
    try {
      const out = path.join(dir, 'followed.zip')
      const run = await cliResult(['--org', 'demo', '--fy', '2569', '--out', out, '--queue'])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain(first.sha256)
      expect(Buffer.compare(readFileSync(out), firstBytes)).toBe(0)
      const job = (await listPackageJobs(org.id))[0]
      expect(job.status).toBe('done')
      expect(job.leaseOwner).toBe(owner)
      expect(run.stdout).toMatch(/following it/)
    } finally {
      stopped = true
      await runner
    }
  }, 240_000)

  it('refuses an unknown organization, year or round on the command line, with the reason', async () => {
    const out = path.join(dir, 'never.zip')
    const noOrg = await cliResult(['--org', 'no-such-agency', '--fy', '2569', '--out', out])
    expect(noOrg.code).toBe(1)
    expect(noOrg.stderr.trim()).toBe('npm run package: organization "no-such-agency" does not exist')
    const noYear = await cliResult(['--org', 'demo', '--fy', '2571', '--out', out])
    expect(noYear.code).toBe(1)
    expect(noYear.stderr).toMatch(/fiscal year: the organization has no published catalog for 2571/)
    const noRound = await cliResult(['--org', 'demo', '--fy', '2569', '--round', '7', '--out', out])
    expect(noRound.code).toBe(1)
    expect(noRound.stderr).toMatch(/round: must be 6, 9 or 12 months/)
    expect(() => statSync(out)).toThrow()
  })

  it(
    'marks a package whose runner was killed mid-upload failed with a ' + 'reason, never done, and aborts its upload',
    async () => {
      // a large approved file keeps the upload going long enough to kill the runner during it
      const coordinator = (await getUserByEmail(DEMO_PEOPLE[1].email))!
      const actor = { organizationId: org.id, userId: coordinator.id, userName: coordinator.nameTh }
      // the package holds the answer as approved: link it to a submitted item (returned first: a
      // submitted answer takes no new evidence), then resubmit and approve that
      const submitted = (await listReviews(org.id, ['submitted']))[0]
      const review = (await getItemReview(org.id, submitted.catalogId, submitted.itemCode))!
      const big = randomBytes(96 * 1024 * 1024)
      const stored = await putHashedStream(storage, newObjectKey(org.id), Readable.from([big]), {
        contentType: 'application/pdf',
        maxBytes: 200 * 1024 * 1024,
        fileName: 'big.pdf',
      })
      const evidence = await createFileEvidence(actor, {
        ...stored,
        mimeType: 'application/pdf',
        fileName: 'สแกนเอกสารขนาดใหญ่.pdf',
      })
      const assessor = (await getUserByEmail(DEMO_PEOPLE[2].email))!
      await returnItem(
        { organizationId: org.id, userId: assessor.id, userName: assessor.nameTh },
        submitted.catalogId,
        submitted.itemCode,
        { comment: 'ขอสแกนฉบับเต็ม' },
      )
      await linkEvidence(
        actor,
        evidence.id,
        { catalogId: submitted.catalogId, itemCode: submitted.itemCode, elementId: review.elements[0].id },
        { resolveTarget: resolveOrganizationTarget },
      )
      await submitItem(actor, submitted.catalogId, submitted.itemCode)
      await approveItem(
        { organizationId: org.id, userId: assessor.id, userName: assessor.nameTh },
        submitted.catalogId,
        submitted.itemCode,
        {
          ticks: review.elements.map((e) => ({ elementId: e.id, ticked: true })),
        },
      )

      const child = cli(['--org', 'demo', '--fy', '2569', '--out', path.join(dir, 'killed.zip')])
      const exited = new Promise((resolve) => child.once('exit', resolve))
      let output = ''
      child.stdout!.on('data', (d) => (output += d))
      child.stderr!.on('data', (d) => (output += d))
      let job: PackageJob | undefined
      const deadline = Date.now() + 120_000
      for (;;) {
        if (Date.now() > deadline)
          throw new Error(`the runner never started uploading (job ${job?.status}; command line: ${output})`)
        job = (await listPackageJobs(org.id))[0]
        if (job?.status === 'running' && job.resultKey) {
          const uploads = await storage.client.send(
            new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: job.resultKey }),
          )
          if ((uploads.Uploads ?? []).length > 0) break
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      child.kill('SIGKILL')
      await exited

      const killed = (await getPackageJob(org.id, job.id))!
      expect(killed.status).toBe('running')
      // the lease has not expired yet: nothing is reaped
      expect(await reapExpiredPackageJobs(storage, { log: () => {} })).toEqual([])
      const reaped = await reapExpiredPackageJobs(storage, { now: new Date(Date.now() + 3600_000), log: () => {} })
      expect(reaped.map((j) => j.id)).toEqual([job.id])
      const failed = (await getPackageJob(org.id, job.id))!
      expect(failed.status).toBe('failed')
      expect(failed.failureReason).toMatch(/stopped renewing its lease/)
      expect(failed.sha256).toBe('')
      const uploads = await storage.client.send(
        new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: job.resultKey }),
      )
      expect(uploads.Uploads ?? []).toEqual([])
      await expect(
        storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: job.resultKey })),
      ).rejects.toThrow()
      expect((await listPackageJobs(org.id)).filter((j) => j.status === 'done').map((j) => j.id)).not.toContain(job.id)
      // the organization can generate again, and cancel while it runs: the runner stops at its
      // next heartbeat and leaves neither an object nor a multipart upload
      const again = await requestPackageJob(admin, { fiscalYear: 2569, round: 12 })
      const running = runPackageJob(storage, again, 'test-runner', { log: () => {} })
      for (let i = 0; (await getPackageJob(org.id, again.id))?.status !== 'running'; i++) {
        if (i > 600) throw new Error('the package never started')
        await new Promise((r) => setTimeout(r, 50))
      }
      expect((await cancelPackageJob(admin, again.id)).cancelRequested).toBe(true)
      expect(await running).toBe('cancelled')
      const cancelled = (await getPackageJob(org.id, again.id))!
      expect(cancelled.status).toBe('cancelled')
      expect(cancelled.failureReason).toMatch(/cancelled by a user/)
      expect(
        (
          await storage.client.send(
            new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: cancelled.resultKey }),
          )
        ).Uploads ?? [],
      ).toEqual([])
      await expect(
        storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: cancelled.resultKey })),
      ).rejects.toThrow()
    },
    180_000,
  )
})
