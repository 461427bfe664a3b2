// Benchmark of evidence uploads through the app's upload route, against uploading the same bytes
// directly with @aws-sdk/lib-storage to the same S3 server in the same run.
// Run: npm run bench:upload  — prints figures, and as its LAST line one JSON object.
// Not a pass/fail test: the targets (RSS growth < 100 MiB, throughput ≥ 70 %, no failure or
// corruption among 50 concurrent uploads) are reported, never asserted.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { Upload } from '@aws-sdk/lib-storage'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { ROOT, startServices, scratchDir } from '#scripts/services'
import { buildApp, startBuiltApp } from '#test/support/app-server'
import { createTestOrg, TEST_PASSWORD } from '#test/support/fixtures'

const MiB = 1024 * 1024
const BIG = Number(process.env.BENCH_BIG_MIB ?? 1024) * MiB
const SMALL = 5 * MiB
const CONCURRENT = 50
const say = (line: string) => process.stdout.write(`${line}\n`)

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0)
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 }
}

/** CPU seconds (user + system) the process has used. */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // clock ticks: 100 per second on Linux
}

/** Writes `size` bytes that sniff as PDF (header, then pseudo-random data) and returns their SHA-256. */
async function writeBigFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256')
  const out = createWriteStream(file)
  const block = randomBytes(MiB)
  for (let at = 0; at < size; at += MiB) {
    const chunk = Buffer.from(block.subarray(0, Math.min(MiB, size - at)))
    if (at === 0) Buffer.from('%PDF-1.7\n').copy(chunk)
    chunk.writeUInt32LE(at / MiB, chunk.length >= 16 ? 12 : 0) // every MiB differs
    hash.update(chunk)
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return hash.digest('hex')
}

/** Uploads a file with curl (multipart/form-data, as a browser sends it) and returns the JSON answer. */
async function curlUpload(
  url: string,
  cookie: string,
  origin: string,
  file: string,
  fileName: string,
): Promise<unknown> {
  const child = spawn(
    'curl',
    [
      '-sS',
      '-X',
      'POST',
      url,
      '-H',
      `Cookie: ${cookie}`,
      '-H',
      `Origin: ${origin}`,
      '-F',
      `file=@${file};filename=${fileName};type=application/pdf`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  const [code] = (await once(child, 'exit')) as [number]
  if (code !== 0) throw new Error(`curl exited with ${code}`)
  return JSON.parse(out)
}

/** A multipart request body streaming `source` between the part headers and the closing boundary. */
function multipart(fileName: string, source: AsyncIterable<Uint8Array>, size: number) {
  const boundary = `----bench${randomBytes(8).toString('hex')}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ` +
      `application/pdf\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const body = Readable.from(
    (async function* () {
      yield head
      yield* source
      yield tail
    })(),
  )
  return {
    body: Readable.toWeb(body) as ReadableStream,
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + size + tail.length,
  }
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'saisaat-bench-'))
  const buildDir = scratchDir('bench-build-', path.join(ROOT, '.cache'))
  const services = await startServices(path.join(work, 'services'))
  let server: ReturnType<typeof spawn> | undefined
  try {
    // ---- data: the test organization, whose coordinator uploads
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const { coordinator } = (await createTestOrg('bench')).people
    await disconnectDatabase()
    const s3 = { ...services.s3, forcePathStyle: true }
    await ensureBucket(createStorage({ ...s3, bucket: 'bench-app' }))
    const direct = createStorage({ ...s3, bucket: 'bench-direct' })
    await ensureBucket(direct)

    // ---- the app, as `npm start` runs it
    say('building the app…')
    buildApp(buildDir)
    const app = await startBuiltApp(
      buildDir,
      {
        MONGODB_URI: `${services.mongoUri}bench`,
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: s3.region,
        S3_BUCKET: 'bench-app',
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
        EVIDENCE_MAX_FILE_MB: String(Math.ceil(BIG / MiB) + 16),
      },
      ['ignore', 'ignore', 'inherit'],
    )
    server = app.server
    const base = app.baseUrl
    for (
      let i = 0;
      !(await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 240 || server.exitCode !== null) throw new Error('the app did not start')
      await new Promise((r) => setTimeout(r, 250))
    }
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: new URLSearchParams({ email: coordinator.email, password: TEST_PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
    if (!cookie.startsWith('saisaat_session=')) throw new Error(`sign-in failed (HTTP ${login.status})`)

    const uploadViaApp = async (fileName: string, source: AsyncIterable<Uint8Array>, size: number) => {
      const m = multipart(fileName, source, size)
      const response = await fetch(`${base}/evidence/upload`, {
        method: 'POST',
        body: m.body,
        duplex: 'half',
        headers: { Cookie: cookie, Origin: base, 'Content-Type': m.contentType, 'Content-Length': String(m.length) },
      } as RequestInit)
      return (await response.json()) as {
        ok: boolean
        evidence?: { id: string; sha256: string; size: number }
        reason?: string
      }
    }
    // warm up (first request compiles routes, opens connections)
    const warm = randomBytes(64 * 1024)
    Buffer.from('%PDF-1.7\n').copy(warm)
    await uploadViaApp(
      'warm.pdf',
      (async function* () {
        yield warm
      })(),
      warm.length,
    )

    // ---- one big file
    const bigFile = path.join(work, 'big.pdf')
    say(`writing a ${BIG / MiB} MiB file…`)
    const bigSha = await writeBigFile(bigFile, BIG)

    let started = performance.now()
    await new Upload({
      client: direct.client,
      params: { Bucket: direct.bucket, Key: 'direct/big.pdf', Body: createReadStream(bigFile, { highWaterMark: MiB }) },
      partSize: 8 * MiB,
      queueSize: 4,
      leavePartsOnError: false,
    }).done()
    const directSeconds = (performance.now() - started) / 1000

    const pid = server.pid!
    const before = rssOf(pid)
    let peak = before.rss
    const poll = setInterval(() => (peak = Math.max(peak, rssOf(pid).rss)), 50)
    const cpuBefore = cpuOf(pid)
    started = performance.now()
    // curl sends the file as a browser would (multipart, Content-Length) at full speed; Node's fetch
    // with a streamed body was measured to be the slowest part of the chain
    const big = (
      process.env.BENCH_CLIENT === 'fetch'
        ? await uploadViaApp('ไฟล์ใหญ่ 1 GiB.pdf', createReadStream(bigFile, { highWaterMark: MiB }), BIG)
        : await curlUpload(`${base}/evidence/upload`, cookie, base, bigFile, 'ไฟล์ใหญ่ 1 GiB.pdf')
    ) as { ok: boolean; evidence?: { sha256: string; size: number }; reason?: string }
    const appSeconds = (performance.now() - started) / 1000
    const appCpuSeconds = cpuOf(pid) - cpuBefore
    clearInterval(poll)
    const after = rssOf(pid)
    rmSync(bigFile, { force: true })
    if (!big.ok) throw new Error(`the big upload failed: ${big.reason}`)
    const bigIntact = big.evidence!.sha256 === bigSha && big.evidence!.size === BIG

    // ---- 50 concurrent small files
    const files = Array.from({ length: CONCURRENT }, (_, i) => {
      const b = randomBytes(SMALL)
      Buffer.from('%PDF-1.7\n').copy(b)
      return { name: `เอกสาร-${i + 1}.pdf`, bytes: b, sha: createHash('sha256').update(b).digest('hex') }
    })
    started = performance.now()
    const answers = await Promise.all(
      files.map((f) =>
        uploadViaApp(
          f.name,
          (async function* () {
            yield f.bytes
          })(),
          f.bytes.length,
        ).catch((e: Error) => ({ ok: false, reason: e.message }) as const),
      ),
    )
    const concurrentSeconds = (performance.now() - started) / 1000
    const concurrentFailures = answers.filter((a) => !a.ok).length
    let corrupted = 0
    for (const [i, a] of answers.entries()) {
      if (!a.ok || !('evidence' in a) || !a.evidence) continue
      // read back through the app's download route, as a person would
      const back = Buffer.from(
        await (
          await fetch(`${base}/evidence/${a.evidence.id}/file?download=1`, { headers: { Cookie: cookie } })
        ).arrayBuffer(),
      )
      if (a.evidence.sha256 !== files[i].sha || createHash('sha256').update(back).digest('hex') !== files[i].sha)
        corrupted++
    }

    const result = {
      bigFileMiB: BIG / MiB,
      appSeconds: +appSeconds.toFixed(2),
      directSeconds: +directSeconds.toFixed(2),
      appMiBps: +(BIG / MiB / appSeconds).toFixed(1),
      directMiBps: +(BIG / MiB / directSeconds).toFixed(1),
      throughputRatio: +(directSeconds / appSeconds).toFixed(3),
      appCpuSeconds: +appCpuSeconds.toFixed(2),
      rssBeforeMiB: +(before.rss / MiB).toFixed(1),
      rssPeakMiB: +(peak / MiB).toFixed(1),
      rssGrowthMiB: +((peak - before.rss) / MiB).toFixed(1),
      vmHwmMiB: +(after.hwm / MiB).toFixed(1),
      bigIntact,
      concurrentUploads: CONCURRENT,
      concurrentMiB: (CONCURRENT * SMALL) / MiB,
      concurrentSeconds: +concurrentSeconds.toFixed(2),
      concurrentFailures,
      corrupted: corrupted + (bigIntact ? 0 : 1),
    }
    say(
      `${result.bigFileMiB} MiB through the app: ${result.appSeconds} s (${result.appMiBps} MiB/s); direct ` +
        `lib-storage: ${result.directSeconds} s (${result.directMiBps} MiB/s); ratio ${result.throughputRatio} ` +
        `(target ≥ 0.70)`,
    )
    say(
      `app RSS: ${result.rssBeforeMiB} MiB before, ${result.rssPeakMiB} MiB at peak: growth ` +
        `${result.rssGrowthMiB} MiB (target < 100); VmHWM ${result.vmHwmMiB} MiB; hash ` +
        `${bigIntact ? 'matches' : 'DIFFERS'}`,
    )
    say(
      `${CONCURRENT} concurrent ${SMALL / MiB} MiB uploads: ${result.concurrentSeconds} s, ` +
        `${concurrentFailures} failed, ${result.corrupted} corrupted`,
    )
    say(JSON.stringify(result))
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM')
      await once(server, 'exit')
    }
    await services.stop()
    rmSync(work, { recursive: true, force: true })
    rmSync(buildDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`)
    process.exit(1)
  },
)
